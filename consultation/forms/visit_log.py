"""The visit page as one form: the visit's own fields, the children it involves with a concern
checklist for each child ticked, progress on the case's open goals, and new goals.

It builds its parts, validates them together with the service's rules (every error in one
round, summarised at the top), gives the service its arguments, and puts the service's errors
back beside the fields and sections they concern. Restoring (a draft, or the "update the
checklists" step) shows the values typed without judging them."""

from dataclasses import dataclass
from datetime import date
from typing import Any, cast
from uuid import uuid4

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from consultation.forms.checklists import (
    Checklists,
    ChildChoice,
    found_children,
    offered_children,
    recorded_concerns,
    site_children,
    ticked_items,
)
from consultation.forms.error_summary import summary_of
from consultation.forms.rendering import read_choices, render_option
from consultation.forms.visits import ConcernForm, GoalProgressForm, NewGoalFormSet, VisitForm
from consultation.models import Activity, ConsultationCase, PyramidGoal, Visit
from consultation.selectors.consents import Purpose, consent_periods, covered
from consultation.services import (
    ConcernInput,
    GoalInput,
    GoalProgressInput,
    VisitContent,
    visit_errors,
)
from consultation.services.visit_checks import same_day_question, same_day_visits
from core.dates import local_today
from core.forms import add_service_errors, carry_current_version
from core.numbers import parse_int

# One-tap answers offered beside the duration and the next visit's date (with JavaScript).
QUICK_DURATIONS = (30, 45, 60, 90)
QUICK_WEEKS = (1, 2, 4)
# What the form shows of a child (the rest of the row is not read).
CHILD_COLUMNS = ("uuid", "first_name", "last_initial", "date_of_birth", "classroom__name")
SECTIONS = ("concerns", "goal_progress", "new_goals", "same_day")
ACTIVITY_KINDS = {
    Activity.Kind.VISIT: _("What you did"),
    Activity.Kind.COACHING: _("Coaching strategies"),
    Activity.Kind.FOLLOW_UP: _("Follow-up between visits"),
}


def _initial(case: ConsultationCase, visit: Visit | None) -> dict[str, Any]:
    if visit is None:
        return {
            "visit_date": local_today(),
            "start_time": timezone.localtime().replace(second=0, microsecond=0).time(),
            "mode": Visit.Mode.ON_SITE,
            "classrooms": [case.classroom] if case.classroom_id else [],
            "children": [case.child] if case.child_id else [],
            "token": uuid4(),
        }
    initial = {
        name: getattr(visit, name)
        for name in (
            "visit_date",
            "start_time",
            "duration_minutes",
            "mode",
            "notes",
            "shared_notes",
            "next_steps",
            "next_visit_date",
            "version",
        )
    }
    for name in ("activities", "classrooms", "children"):
        initial[name] = list(getattr(visit, name).all())
    return initial


def _posted_date(data: QueryDict | None, name: str, fallback: date) -> date:
    if data is None:
        return fallback
    try:
        return forms.DateField().clean(data.get(name)) or fallback
    except ValidationError:
        return fallback


def _ids(values: list[Any]) -> set[int]:
    return {number for v in values if (number := parse_int(v, minimum=0)) is not None}


def _read(form: forms.BaseForm) -> bool:
    """Whether the form was validated without errors: only those reach the service's checks
    (one with errors already says what is wrong with it)."""
    return hasattr(form, "cleaned_data") and not form.errors


@dataclass
class ActivityGroup:
    label: str | Promise
    boxes: list[dict[str, Any]]


class VisitLogForm:
    def __init__(
        self,
        *,
        case: ConsultationCase,
        visit: Visit | None,
        data: QueryDict | None,
        restoring: bool = False,
    ) -> None:
        self.case, self.visit, self.data = case, visit, data
        initial = _initial(case, visit)
        self.visit_form = VisitForm(
            data,
            prefix="visit",
            initial=initial,
            classrooms=case.site.classrooms.filter(is_active=True),
            children=site_children(case),
        )
        rooms = cast(forms.ModelMultipleChoiceField, self.visit_form.fields["classrooms"])
        # Read once, in one plain query (a queryset's choices are read through a cursor).
        rooms.choices = [
            (room.pk, rooms.label_from_instance(room)) for room in rooms.queryset or ()
        ]
        self.activity_groups = self._activity_groups()
        self.checklist_date = _posted_date(data, "visit-visit_date", initial["visit_date"])
        self.checklists = Checklists()
        self.children = self._children(initial)
        self.progress_forms = self._progress_forms()
        self.new_goals = NewGoalFormSet(data, prefix="newgoal")
        # Every new-goal block lists the same tiers and practice areas: read them once.
        for name in ("tier", "practice_area"):
            choices = read_choices(self._choice_field(self.new_goals.empty_form, name))
            for goal_form in self.new_goals.forms:
                self._choice_field(goal_form, name).choices = choices
        self.section_errors: dict[str, list[str]] = {key: [] for key in SECTIONS}
        if restoring:
            for part in self._parts():
                part._errors = ErrorDict()  # shown as typed, not judged

    # Parts -------------------------------------------------------------------------------------

    @staticmethod
    def _choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
        return cast(forms.ModelChoiceField, form.fields[name])

    def _activity_groups(self) -> list[ActivityGroup]:
        """The activities by kind, each box written once (its choices read in one query)."""
        field = cast(forms.ModelMultipleChoiceField, self.visit_form.fields["activities"])
        activities = list(Activity.objects.filter(is_active=True).only("name", "name_es", "kind"))
        field.choices = [(a.pk, a.local_name) for a in activities]
        kind_of = {a.pk: a.kind for a in activities}
        groups = {str(kind): ActivityGroup(label, []) for kind, label in ACTIVITY_KINDS.items()}
        for box in self.visit_form["activities"]:
            group = groups[kind_of[int(str(box.data["value"]))]]
            group.boxes.append(
                {"tag": render_option(box.data), "id": box.id_for_label, "label": box.choice_label}
            )
        return [group for group in groups.values() if group.boxes]

    def _ticked_children(self, initial: dict[str, Any]) -> set[int]:
        if self.data is not None:
            return _ids(self.data.getlist("visit-children"))
        return {child.pk for child in initial["children"]}

    def _children(self, initial: dict[str, Any]) -> list[ChildChoice]:
        """The children the form lists (the case's, those ticked, those a search found), with a
        checklist for each child ticked."""
        ticked = self._ticked_children(initial)
        recorded = recorded_concerns(self.visit)
        self.recorded = frozenset(recorded)
        kept = set(recorded) | ticked_items(self.data)
        # A child with a concern ticked is listed, ticked or not: what was typed stays in view.
        with_concerns = {child_pk for child_pk, _item in kept}
        found = []
        if self.data is not None and self.data.get("visit-find", "").strip():
            found = list(found_children(self.case, str(self.data.get("visit-find"))))
        listed = list(
            site_children(self.case)
            .filter(offered_children(self.case) | Q(pk__in=ticked | with_concerns))
            .select_related("classroom")
            .only(*CHILD_COLUMNS)
            .order_by("classroom__name", "first_name", "pk")
        )
        listed_ids = {child.pk for child in listed}
        children = listed + [child for child in found if child.pk not in listed_ids]
        periods = consent_periods(children, Purpose.CONSULTATION)
        choices = [
            ChildChoice(
                child,
                child.pk in ticked,
                consent_periods=periods[child.pk],
                consented=covered(periods[child.pk], self.checklist_date),
            )
            for child in children
        ]
        for choice in choices:
            if choice.ticked or choice.child.pk in with_concerns:
                self.checklists.for_child(
                    choice, on=self.checklist_date, kept=kept, recorded=recorded, data=self.data
                )
        return choices

    def _progress_forms(self) -> list[GoalProgressForm]:
        goals = self.case.goals.filter(status__in=PyramidGoal.OPEN_STATUSES)
        recorded = {}
        if self.visit is not None:
            goals = (goals | self.case.goals.filter(progress__visit=self.visit)).distinct()
            recorded = {p.goal_id: p for p in self.visit.goal_progress.all()}
        return [
            GoalProgressForm(
                self.data,
                prefix=f"goal-{goal.pk}",
                goal=goal,
                initial=(
                    {"rating": recorded[goal.pk].rating, "note": recorded[goal.pk].note}
                    if goal.pk in recorded
                    else {}
                ),
            )
            for goal in goals.select_related("tier", "practice_area")
        ]

    def _concern_forms(self) -> list[ConcernForm]:
        return [form for choice in self.children for form in choice.forms]

    def _parts(self) -> list[Any]:
        new_goal_forms = list(self.new_goals.forms)
        return [self.visit_form, *self.progress_forms, *new_goal_forms, *self._concern_forms()]

    # Validation and the service ----------------------------------------------------------------

    def _content(self) -> VisitContent:
        """The visit as far as it could be read (None where the form could not read a value)."""
        data = getattr(self.visit_form, "cleaned_data", {})
        return VisitContent(
            case=self.case,
            site=self.case.site,
            visit_date=data.get("visit_date"),
            start_time=data.get("start_time"),
            duration_minutes=data.get("duration_minutes"),
            mode=data.get("mode"),
            activities=list(data.get("activities") or []),
            classrooms=list(data.get("classrooms") or []),
            children=list(data.get("children") or []),
            notes=data.get("notes", ""),
            shared_notes=data.get("shared_notes", ""),
            next_steps=data.get("next_steps", ""),
            next_visit_date=data.get("next_visit_date"),
            concerns=self._concerns(),
            goal_progress=self._goal_progress(),
            new_goals=self._new_goals(),
            recorded_concerns=self.recorded,
        )

    def _concerns(self) -> list[ConcernInput]:
        return [
            ConcernInput(
                child=form.child,
                concern_item=form.item,
                frequency=form.cleaned_data["frequency"],
                notes=form.cleaned_data["notes"],
            )
            for form in self._concern_forms()
            if _read(form) and form.cleaned_data.get("observed")
        ]

    def _goal_progress(self) -> list[GoalProgressInput]:
        return [
            GoalProgressInput(
                goal=form.goal,
                rating=form.cleaned_data["rating"],
                note=form.cleaned_data["note"],
                new_status=form.cleaned_data["status"],
            )
            for form in self.progress_forms
            if _read(form) and form.cleaned_data.get("rating")
        ]

    def _new_goals(self) -> list[GoalInput]:
        return [
            GoalInput(**form.cleaned_data)
            for form in self.new_goals.forms
            if form.has_changed() and form.is_valid() and form.cleaned_data
        ]

    def is_valid(self) -> bool:
        """The form's own checks and the service's rules, all at once."""
        if self.data is None:
            return False
        # Every part is validated, so that every error shows at once: no short cut.
        valid = [part.is_valid() for part in [*self._parts(), self.new_goals]]
        content = self._content()
        problems = visit_errors(content)
        others = same_day_visits(content, editing=self.visit)
        if others and not self.visit_form.cleaned_data.get("same_day_confirmed"):
            problems["same_day"] = [same_day_question(others)]
        self._place(problems)
        return all(valid) and not problems

    def _place(self, problems: dict[str, list[str]]) -> None:
        for key, messages in problems.items():
            if key in self.visit_form.fields:
                for message in messages:
                    self.visit_form.add_error(key, message)
            else:
                self.section_errors.setdefault(key, []).extend(messages)

    def service_arguments(self) -> dict[str, Any]:
        """The keyword arguments of services.visit_log, from the valid form."""
        cleaned = dict(self.visit_form.cleaned_data)
        content = self._content()
        return {
            **{
                name: getattr(content, name)
                for name in (
                    "visit_date",
                    "start_time",
                    "duration_minutes",
                    "mode",
                    "activities",
                    "classrooms",
                    "children",
                    "notes",
                    "shared_notes",
                    "next_steps",
                    "next_visit_date",
                    "concerns",
                    "goal_progress",
                    "new_goals",
                )
            },
            "expected_version": cleaned.get("version") if self.visit is not None else None,
            "submission_token": cleaned.get("token"),
            "same_day_confirmed": bool(cleaned.get("same_day_confirmed")),
        }

    def add_service_errors(self, error: ValidationError) -> None:
        """The service's errors beside their fields, or over their section of the page."""
        carry_current_version(self.visit_form, error)
        for key, messages in add_service_errors(self.visit_form, error):
            self.section_errors.setdefault(key, []).extend(messages)

    def context(self) -> dict[str, Any]:
        """What the visit page's template reads."""
        return {
            "form": self.visit_form,
            "activity_groups": self.activity_groups,
            "children": self.children,
            "checklist_date": self.checklist_date,
            "checklist_data": self.checklists.as_data(),
            "progress_forms": self.progress_forms,
            "frequency_choices": ConcernForm.frequency_choices(),
            "quick_durations": QUICK_DURATIONS,
            "quick_weeks": QUICK_WEEKS,
            "new_goals": self.new_goals,
            "section_errors": self.section_errors,
            "error_summary": summary_of(self),
            "asks_same_day": bool(self.section_errors.get("same_day"))
            or bool(self.data and self.data.get("visit-same_day_confirmed")),
        }
