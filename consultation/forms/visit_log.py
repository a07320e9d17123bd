"""The visit page as one form: the visit's own fields, a concern checklist for each child of
the site (the items of the child's age band on the visit date), progress on the case's open
goals, and new goals. It builds its parts, validates them together, gives the service its
arguments, and puts the service's errors back beside the fields and sections they concern."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone

from consultation.ages import AgeBand
from consultation.forms.rendering import read_choices, render_option
from consultation.forms.visits import (
    ConcernForm,
    GoalProgressForm,
    NewGoalFormSet,
    VisitForm,
)
from consultation.models import Child, ConcernItem, ConsultationCase, PyramidGoal, Visit
from consultation.services import ConcernInput, GoalInput, GoalProgressInput
from core.dates import local_today
from core.forms import add_service_errors, carry_current_version

SECTIONS = ("concerns", "goal_progress", "new_goals")


@dataclass
class ChecklistSection:
    """One child of the site: their "involved" box and their concern checklist."""

    child: Child
    band: AgeBand | None
    forms: list[ConcernForm]
    checkbox: dict[str, Any] | None = None


def _initial(case: ConsultationCase, visit: Visit | None) -> dict[str, Any]:
    if visit is None:
        return {
            "visit_date": local_today(),
            "start_time": timezone.localtime().replace(second=0, microsecond=0).time(),
            "mode": Visit.Mode.ON_SITE,
            "classrooms": [case.classroom] if case.classroom_id else [],
            "children": [case.child] if case.child_id else [],
        }
    initial = {
        name: getattr(visit, name)
        for name in (
            "visit_date",
            "start_time",
            "duration_minutes",
            "mode",
            "notes",
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


def _ticked_items(data: QueryDict | None) -> set[tuple[int, int]]:
    """(child, item) of every checklist box ticked in the posted form."""
    ticked = set()
    for key in data or ():
        parts = key.split("-")
        if len(parts) == 4 and parts[0] == "concern" and parts[3] == "observed":
            child, item = parts[1], parts[2]
            if child.isascii() and child.isdigit() and item.isascii() and item.isdigit():
                ticked.add((int(child), int(item)))
    return ticked


def _choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


def _read_choices_once(form: forms.BaseForm, name: str) -> list:
    """The field's choices, read now in one query and kept (see read_choices)."""
    field = _choice_field(form, name)
    field.choices = read_choices(field)
    return field.choices


@dataclass
class VisitLogForm:
    case: ConsultationCase
    visit: Visit | None
    data: QueryDict | None
    sections: list[ChecklistSection] = field(init=False)
    section_errors: dict[str, list[str]] = field(init=False)

    def __post_init__(self) -> None:
        site = self.case.site
        self.children = list(
            Child.objects.filter(classroom__site=site, is_archived=False)
            .select_related("classroom")
            .order_by("classroom__name", "first_name", "pk")
        )
        initial = _initial(self.case, self.visit)
        self.visit_form = VisitForm(
            self.data,
            prefix="visit",
            initial=initial,
            classrooms=site.classrooms.filter(is_active=True),
            children=Child.objects.filter(pk__in=[c.pk for c in self.children]),
        )
        for name in ("activities", "classrooms", "children"):
            _read_choices_once(self.visit_form, name)
        self.checklist_date = _posted_date(self.data, "visit-visit_date", initial["visit_date"])
        self.sections = self._checklists()
        self.progress_forms = self._progress_forms()
        self.new_goals = NewGoalFormSet(self.data, prefix="newgoal")
        # Every new-goal block lists the same tiers and practice areas: read them once.
        for name in ("tier", "practice_area"):
            choices = _read_choices_once(self.new_goals.empty_form, name)
            for form in self.new_goals.forms:
                _choice_field(form, name).choices = choices
        self.section_errors = {key: [] for key in SECTIONS}

    # Parts -------------------------------------------------------------------------------------

    def _checklists(self) -> list[ChecklistSection]:
        """Per child: the checklist of the child's age band on the checklist date. Items already
        recorded on the visit, or ticked in the posted form, stay on the page even when they
        belong to another band (the visit date changed): the service then says why."""
        items = list(ConcernItem.objects.all())
        by_band: dict[str, list[ConcernItem]] = {}
        for item in items:
            if item.is_active:
                by_band.setdefault(item.age_band, []).append(item)
        by_pk = {item.pk: item for item in items}
        recorded = {}
        if self.visit is not None:
            recorded = {(c.child_id, c.concern_item_id): c for c in self.visit.concerns.all()}
        kept = set(recorded) | _ticked_items(self.data)
        boxes = {
            str(box.data["value"]): {
                "tag": render_option(box.data),
                "id_for_label": box.id_for_label,
            }
            for box in self.visit_form["children"]
        }
        sections = []
        for child in self.children:
            on = self.checklist_date
            band = child.age_band_on(on) if on >= child.date_of_birth else None
            shown = list(by_band.get(band or "", []))
            extra = sorted(pk for (child_pk, pk) in kept if child_pk == child.pk)
            shown += [by_pk[pk] for pk in extra if pk in by_pk and by_pk[pk] not in shown]
            concern_forms = [self._concern_form(child, item, recorded) for item in shown]
            sections.append(ChecklistSection(child, band, concern_forms, boxes.get(str(child.pk))))
        return sections

    def _concern_form(self, child: Child, item: ConcernItem, recorded: dict) -> ConcernForm:
        concern = recorded.get((child.pk, item.pk))
        initial = (
            {"observed": True, "frequency": concern.frequency, "notes": concern.notes}
            if concern
            else {}
        )
        return ConcernForm(
            self.data,
            prefix=f"concern-{child.pk}-{item.pk}",
            initial=initial,
            item=item,
            child=child,
        )

    def _progress_forms(self) -> list[GoalProgressForm]:
        goals = self.case.goals.filter(status__in=PyramidGoal.OPEN_STATUSES)
        recorded = {}
        if self.visit is not None:
            goals = goals | self.case.goals.filter(progress__visit=self.visit)
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
            for goal in goals.select_related("tier", "practice_area").distinct()
        ]

    # Validation and the service ----------------------------------------------------------------

    def is_valid(self) -> bool:
        if self.data is None:
            return False
        parts: list[Any] = [self.visit_form, *self.progress_forms, self.new_goals]
        parts += [form for section in self.sections for form in section.forms]
        # Every part is validated, so that every error shows at once: no short cut.
        valid = [part.is_valid() for part in parts]
        return all(valid)

    def service_arguments(self) -> dict[str, Any]:
        """The keyword arguments of services.visit_log, from the valid form."""
        cleaned = dict(self.visit_form.cleaned_data)
        expected_version = cleaned.pop("version")
        concerns = [
            ConcernInput(
                child=form.child,
                concern_item=form.item,
                frequency=form.cleaned_data["frequency"],
                notes=form.cleaned_data["notes"],
            )
            for section in self.sections
            for form in section.forms
            if form.cleaned_data.get("observed")
        ]
        goal_progress = [
            GoalProgressInput(
                goal=form.goal,
                rating=form.cleaned_data["rating"],
                note=form.cleaned_data["note"],
                new_status=form.cleaned_data["status"],
            )
            for form in self.progress_forms
            if form.cleaned_data.get("rating")
        ]
        new_goals = [
            GoalInput(**form.cleaned_data)
            for form in self.new_goals.forms
            if form.has_changed() and form.cleaned_data
        ]
        return {
            **cleaned,
            "concerns": concerns,
            "goal_progress": goal_progress,
            "new_goals": new_goals,
            "expected_version": expected_version if self.visit is not None else None,
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
            "sections": self.sections,
            "checklist_date": self.checklist_date,
            "progress_forms": self.progress_forms,
            "frequency_choices": ConcernForm.base_fields["frequency"].choices,  # type: ignore[attr-defined]
            "new_goals": self.new_goals,
            "section_errors": self.section_errors,
            "has_errors": self.data is not None,
        }
