"""The visit form writes its fields in Python (consultation.forms.render_field) for speed: the
markup must stay what crispy's bootstrap5 pack and Django's widgets write, errors included."""

from datetime import date

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import truncatechars
from django.test.html import parse_html

from consultation.forms.rendering import read_choices, render_field, render_widget
from consultation.forms.visits import ConcernForm, GoalProgressForm, NewGoalForm, VisitForm
from consultation.models import Child, Classroom
from consultation.selectors import TimelineEvent
from core.dates import short_date
from tests.factories import GoalFactory, concern_item

pytestmark = pytest.mark.django_db


def visit_forms(data=None):
    goal = GoalFactory()
    item = concern_item("preschool")
    child = goal.case.child
    rooms = Classroom.objects.filter(site=goal.case.site)
    return [
        VisitForm(
            data,
            prefix="visit",
            classrooms=rooms,
            children=Child.objects.filter(pk=child.pk),
            initial={"mode": "on_site", "visit_date": date(2026, 1, 5)},
        ),
        ConcernForm(data, prefix=f"concern-{child.pk}-{item.pk}", item=item, child=child),
        GoalProgressForm(data, prefix=f"goal-{goal.pk}", goal=goal),
        NewGoalForm(data, prefix="newgoal-0"),
    ]


BAD_POST = {
    "visit-visit_date": "not a date",
    "visit-duration_minutes": "<b>900</b>",
    "visit-activities": ["99999"],
    "visit-notes": "Tom & <Jerry>",
    "goal-1-note": "a note without a rating",
    "newgoal-0-description": "half filled",
    "newgoal-0-tier": "x",
}


@pytest.mark.parametrize("data", [None, BAD_POST], ids=["blank", "with errors"])
def test_plain_fields_are_the_markup_crispy_writes(data):
    for form in visit_forms(data):
        if data:
            form.is_valid()
        for name in form.fields:
            # The page writes these by hand (or they are hidden).
            if name in ("version", "children", "activities", "token", "same_day_confirmed", "find"):
                continue
            field = form[name]
            if name in ("observed", "frequency", "notes"):  # a checklist row: inputs alone
                assert parse_html(render_widget(field)) == parse_html(str(field)), name
                continue
            assert parse_html(render_field(field)) == parse_html(as_crispy_field(field)), name


def test_read_choices_are_the_fields_own_choices():
    form = NewGoalForm()
    for name in ("tier", "practice_area"):
        field = form.fields[name]
        assert [(str(v), label) for v, label in read_choices(field)] == [
            (str(v), label) for v, label in field.choices
        ]


def test_dates_and_details_read_as_the_template_filters_wrote_them():
    for day in (date(2026, 1, 5), date(2025, 9, 30), date(2024, 12, 31)):
        assert short_date(day) == date_filter(day, "M j, Y")
    for detail in ("", "short", "x" * 240, "y" * 241, "e\u0301" * 300):
        event = TimelineEvent(date(2026, 1, 5), "visit", "Visit", detail)
        assert event.short_detail == truncatechars(detail, 240)
