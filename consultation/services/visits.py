"""Writes of visits: a visit with its concerns, goal progress and new goals, in one transaction."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from consultation.ages import AgeBand
from consultation.models import (
    MAX_VISIT_MINUTES,
    Activity,
    Child,
    Classroom,
    ConcernItem,
    ConsultationCase,
    GoalProgress,
    ObservedConcern,
    PyramidGoal,
    Site,
    Visit,
)
from consultation.services.cases import require_consultant
from consultation.services.goals import GoalInput, goal_create, goal_errors, goal_set_status
from core.dates import local_today
from core.versions import claim_version

Errors = dict[str, list[str] | str]


@dataclass(frozen=True)
class ConcernInput:
    child: Child
    concern_item: ConcernItem
    frequency: str
    notes: str = ""


@dataclass(frozen=True)
class GoalProgressInput:
    goal: PyramidGoal
    rating: int
    note: str = ""
    # Met or discontinued, when the visit closes the goal; empty keeps it open.
    new_status: str = ""


@dataclass
class VisitResult:
    visit: Visit
    # Concerns whose checklist item prompts the crisis lines: the confirmation page shows them.
    crisis_concerns: list[ObservedConcern]


@dataclass
class _Visit:
    """Everything a visit holds, as given to visit_log."""

    case: ConsultationCase | None
    site: Site
    visit_date: date
    start_time: time
    duration_minutes: int
    mode: str
    activities: list[Activity] = field(default_factory=list)
    classrooms: list[Classroom] = field(default_factory=list)
    children: list[Child] = field(default_factory=list)
    notes: str = ""
    next_steps: str = ""
    next_visit_date: date | None = None
    concerns: list[ConcernInput] = field(default_factory=list)
    goal_progress: list[GoalProgressInput] = field(default_factory=list)
    new_goals: list[GoalInput] = field(default_factory=list)


def _when_errors(v: _Visit) -> Errors:
    errors: Errors = {}
    minutes = v.duration_minutes
    if not isinstance(minutes, int) or not 1 <= minutes <= MAX_VISIT_MINUTES:
        errors["duration_minutes"] = f"Duration must be between 1 and {MAX_VISIT_MINUTES} minutes."
    if v.mode not in Visit.Mode.values:
        errors["mode"] = "Choose on site, virtual or phone."
    case = v.case
    if v.visit_date > local_today():
        errors["visit_date"] = "A visit cannot be dated in the future."
    elif case is not None and v.visit_date < case.opened_on:
        errors["visit_date"] = (
            f"The case was opened on {case.opened_on:%Y-%m-%d}: a visit cannot be dated before it."
        )
    elif case is not None and case.closed_on and v.visit_date > case.closed_on:
        errors["visit_date"] = f"The case closed on {case.closed_on:%Y-%m-%d}."
    if v.next_visit_date and v.next_visit_date < v.visit_date:
        errors["next_visit_date"] = "The next visit cannot be before this one."
    return errors


def _who_errors(v: _Visit) -> Errors:
    errors: Errors = {}
    if any(c.site_id != v.site.pk for c in v.classrooms):
        errors["classrooms"] = "Choose classrooms of this visit's site only."
    if any(c.classroom.site_id != v.site.pk for c in v.children):
        errors["children"] = "Choose children of this visit's site only."
    elif any(c.is_archived for c in v.children):
        errors["children"] = "An archived child cannot be added to a visit."
    elif any(c.date_of_birth > v.visit_date for c in v.children):
        errors["children"] = "A child born after the visit date cannot be involved in it."
    return errors


def _band_mismatch(concern: ConcernInput, on: date) -> str:
    """Why the concern's checklist item does not fit the child's age band on `on`, or ""."""
    child, item = concern.child, concern.concern_item
    band = child.age_band_on(on) if on >= child.date_of_birth else None
    if item.age_band == band:
        return ""
    child_band = AgeBand(band).label.split(" (")[0].lower() if band else "not yet born"
    return (
        f"“{item.text}” is on the {item.get_age_band_display()} checklist, but "
        f"{child.initials} is {child_band} on {on:%Y-%m-%d}."
    )


def _concern_errors(v: _Visit) -> list[str]:
    child_ids = {c.pk for c in v.children}
    errors = []
    for concern in v.concerns:
        if concern.child.pk not in child_ids:
            errors.append(f"{concern.child.initials} is not among the children involved.")
            continue
        mismatch = _band_mismatch(concern, v.visit_date)
        if mismatch:
            errors.append(mismatch)
        if concern.frequency not in ObservedConcern.Frequency.values:
            errors.append(f"Say how often {concern.child.initials} showed it.")
    keys = [(c.child.pk, c.concern_item.pk) for c in v.concerns]
    if len(set(keys)) != len(keys):
        errors.append("The same concern is recorded twice for one child.")
    return errors


VISIT_CLOSES_GOAL = (PyramidGoal.Status.MET, PyramidGoal.Status.DISCONTINUED)


def _progress_errors(v: _Visit) -> list[str]:
    errors = []
    for progress in v.goal_progress:
        if v.case is None or progress.goal.case_id != v.case.pk:
            errors.append("Progress can only be recorded on goals of this visit's case.")
        if not isinstance(progress.rating, int) or not 1 <= progress.rating <= 5:
            errors.append("Progress ratings run from 1 to 5.")
        if progress.new_status and progress.new_status not in VISIT_CLOSES_GOAL:
            errors.append("A visit can mark a goal met or discontinued, nothing else.")
    if len({p.goal.pk for p in v.goal_progress}) != len(v.goal_progress):
        errors.append("A goal's progress is recorded once per visit.")
    return errors


def _new_goal_errors(v: _Visit) -> list[str]:
    if v.new_goals and (v.case is None or not v.case.is_open):
        return ["New goals are set on an open case."]
    return [message for goal in v.new_goals for message in goal_errors(goal, v.visit_date).values()]


def _visit_errors(v: _Visit) -> Errors:
    """Every error of the visit at once, by the field or section it belongs to."""
    errors = {**_when_errors(v), **_who_errors(v)}
    for key, found in (
        ("concerns", _concern_errors(v)),
        ("goal_progress", _progress_errors(v)),
        ("new_goals", _new_goal_errors(v)),
    ):
        if found:
            errors[key] = found
    return errors


def _visit_site(*, consultant: User, case: ConsultationCase | None, site: Site | None) -> Site:
    """The site visited: the case's, when the visit is on a case (which must be the
    consultant's own)."""
    if case is not None:
        if case.consultant_id != consultant.pk:
            raise ValidationError("Only the case's consultant logs visits on it.")
        return case.site
    if site is None:
        raise ValidationError({"site": "Choose the site visited."})
    return site


def _save_visit(visit: Visit, v: _Visit) -> Visit:
    for name in (
        "case",
        "site",
        "visit_date",
        "start_time",
        "duration_minutes",
        "mode",
        "notes",
        "next_steps",
        "next_visit_date",
    ):
        setattr(visit, name, getattr(v, name))
    visit.save()
    visit.activities.set(v.activities)
    visit.classrooms.set(v.classrooms)
    visit.children.set(v.children)
    return visit


def _save_concerns(visit: Visit, concerns: Sequence[ConcernInput]) -> list[ObservedConcern]:
    """Replace the visit's concerns with `concerns` (editing keeps what the form still shows)."""
    kept = {(c.child.pk, c.concern_item.pk) for c in concerns}
    for existing in visit.concerns.all():
        if (existing.child_id, existing.concern_item_id) not in kept:
            existing.delete()
    saved = []
    for concern in concerns:
        observed, _ = ObservedConcern.objects.update_or_create(
            visit=visit,
            child=concern.child,
            concern_item=concern.concern_item,
            defaults={"frequency": concern.frequency, "notes": concern.notes},
        )
        saved.append(observed)
    return saved


def _save_progress(visit: Visit, progress_notes: Sequence[GoalProgressInput]) -> None:
    """Replace the visit's goal progress; a goal worked on is in progress, unless the visit
    marks it met or discontinued."""
    kept = {p.goal.pk for p in progress_notes}
    for existing in visit.goal_progress.all():
        if existing.goal_id not in kept:
            existing.delete()
    for progress in progress_notes:
        GoalProgress.objects.update_or_create(
            goal=progress.goal,
            visit=visit,
            defaults={
                "rating": progress.rating,
                "note": progress.note,
                "recorded_on": visit.visit_date,
            },
        )
        if progress.new_status:
            goal_set_status(goal=progress.goal, status=progress.new_status)
        elif progress.goal.status == PyramidGoal.Status.NOT_STARTED:
            goal_set_status(goal=progress.goal, status=PyramidGoal.Status.IN_PROGRESS)


def _start_case(case: ConsultationCase | None) -> None:
    """The first visit is when consultation actually starts: intake becomes active."""
    if case is not None and case.status == ConsultationCase.Status.INTAKE:
        claim_version(case, None)
        case.status = ConsultationCase.Status.ACTIVE
        case.save(update_fields=["status", "version", "updated_at"])


@transaction.atomic
def visit_log(
    *,
    consultant: User,
    case: ConsultationCase | None = None,
    site: Site | None = None,
    visit_date: date,
    start_time: time,
    duration_minutes: int,
    mode: str,
    activities: Iterable[Activity] = (),
    classrooms: Iterable[Classroom] = (),
    children: Iterable[Child] = (),
    notes: str = "",
    next_steps: str = "",
    next_visit_date: date | None = None,
    concerns: Iterable[ConcernInput] = (),
    goal_progress: Iterable[GoalProgressInput] = (),
    new_goals: Iterable[GoalInput] = (),
    visit: Visit | None = None,
    expected_version: int | None = None,
) -> VisitResult:
    """Log a visit (or, with `visit`, replace an existing one's contents) in one transaction:
    the visit, its concerns, goal progress and any new goals are all written, or none is."""
    require_consultant(consultant)
    site = _visit_site(consultant=consultant, case=case, site=site)
    if visit is not None:
        if visit.consultant_id != consultant.pk:
            raise ValidationError("Only the consultant who logged a visit edits it.")
        # Claimed first: a stale edit is refused before its other errors are worked out.
        claim_version(visit, expected_version)
    content = _Visit(
        case=case,
        site=site,
        visit_date=visit_date,
        start_time=start_time,
        duration_minutes=duration_minutes,
        mode=mode,
        activities=list(activities),
        classrooms=list(classrooms),
        children=list(children),
        notes=notes,
        next_steps=next_steps,
        next_visit_date=next_visit_date,
        concerns=list(concerns),
        goal_progress=list(goal_progress),
        new_goals=list(new_goals),
    )
    errors = _visit_errors(content)
    if errors:
        raise ValidationError(errors)
    saved = _save_visit(visit or Visit(consultant=consultant), content)
    crisis = [
        c for c in _save_concerns(saved, content.concerns) if c.concern_item.prompts_crisis_lines
    ]
    _save_progress(saved, content.goal_progress)
    for goal in content.new_goals:
        goal_create(case=case, goal=goal, set_on=visit_date)  # type: ignore[arg-type]
    _start_case(case)
    return VisitResult(visit=saved, crisis_concerns=crisis)


@transaction.atomic
def visit_archive(*, visit: Visit, expected_version: int | None = None) -> Visit:
    claim_version(visit, expected_version)
    visit.is_archived = True
    visit.save(update_fields=["is_archived", "version", "updated_at"])
    return visit
