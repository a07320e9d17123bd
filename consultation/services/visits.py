"""Writes of visits: a visit with its concerns, goal progress and new goals, in one transaction;
voiding one logged in error."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, time
from typing import Any, cast
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from consultation.models import (
    VISIT_HISTORY,
    Activity,
    Child,
    Classroom,
    ConsultationCase,
    GoalProgress,
    ObservedConcern,
    PyramidGoal,
    Site,
    Visit,
    VisitDraft,
)
from consultation.rules import visit_holder, visit_holder_id
from consultation.services.goals import GoalInput, goal_create, goal_set_status
from consultation.services.notify import notify_crisis
from consultation.services.roles import require_consultant
from consultation.services.visit_checks import (
    TOP_RATING,
    ConcernInput,
    GoalProgressInput,
    GoalStatusAfter,
    VisitContent,
    same_day_question,
    same_day_visits,
    visit_errors,
)
from consultation.services.voiding import may_void, stamp_void, void_reason_checked
from core.versions import claim_version


@dataclass
class VisitResult:
    visit: Visit
    # Concerns whose checklist item prompts the crisis lines: the confirmation page shows them.
    crisis_concerns: list[ObservedConcern]
    # The form had been saved already (a double tap, a resent request): nothing new was written.
    already_saved: bool = False


def _visit_site(*, consultant: User, case: ConsultationCase | None, site: Site | None) -> Site:
    """The site visited: the case's, when the visit is on a case (which must be the
    consultant's own)."""
    if case is not None:
        if case.consultant_id != consultant.pk:
            raise ValidationError(_("Only the case's consultant logs visits on it."))
        return case.site
    if site is None:
        raise ValidationError({"site": _("Choose the site visited.")})
    return site


SAVED_FIELDS = (
    "case",
    "site",
    "visit_date",
    "start_time",
    "duration_minutes",
    "mode",
    "notes",
    "shared_notes",
    "next_steps",
    "next_visit_date",
)


def _save_visit(visit: Visit, v: VisitContent) -> Visit:
    """Write the visit and its lists, with one history row holding them all (simple_history
    would otherwise add a row for the visit and one more for each list)."""
    created = visit.pk is None
    for name in SAVED_FIELDS:
        setattr(visit, name, getattr(v, name))
    visit.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        visit.save()
        for name in ("activities", "classrooms", "children"):
            _set_list(visit, name, getattr(v, name), created=created)
    finally:
        del visit.skip_history_when_saving  # type: ignore[attr-defined]
    VISIT_HISTORY.create_historical_record(visit, "+" if created else "~")
    return visit


def _set_list(visit: Visit, name: str, items: Sequence[Any], *, created: bool) -> None:
    """A new visit's list is inserted in one statement; an edited one is set (Django works out
    what to add and remove)."""
    related = getattr(visit, name)
    if not created:
        related.set(items)
        return
    through = related.through
    column = f"{related.target_field_name}_id"
    through.objects.bulk_create([through(visit_id=visit.pk, **{column: i.pk}) for i in items])


def _save_concerns(
    visit: Visit, concerns: Sequence[ConcernInput], *, new: bool
) -> list[ObservedConcern]:
    """Replace the visit's concerns with `concerns` (editing keeps what the form still shows;
    a new visit has none to look up)."""
    if new:
        return [
            ObservedConcern.objects.create(
                visit=visit,
                child=c.child,
                concern_item=c.concern_item,
                frequency=c.frequency,
                notes=c.notes,
            )
            for c in concerns
        ]
    kept = {(c.child.pk, c.concern_item.pk) for c in concerns}
    for existing in visit.concerns.all():
        if (existing.child_id, existing.concern_item_id) not in kept:
            existing.delete()
    saved = []
    for concern in concerns:
        observed, _created = ObservedConcern.objects.update_or_create(
            visit=visit,
            child=concern.child,
            concern_item=concern.concern_item,
            defaults={"frequency": concern.frequency, "notes": concern.notes},
        )
        saved.append(observed)
    return saved


def goal_status_after(progress: GoalProgressInput) -> str:
    """The goal's status once the visit's progress is saved: what the visit said, else the
    rating's (the top of the scale is "goal met"); a goal worked on is at least in progress."""
    said = progress.new_status
    if said in (GoalStatusAfter.MET, GoalStatusAfter.DISCONTINUED):
        return said
    if said == GoalStatusAfter.FROM_RATING and progress.rating == TOP_RATING:
        return PyramidGoal.Status.MET
    if progress.goal.status == PyramidGoal.Status.NOT_STARTED:
        return PyramidGoal.Status.IN_PROGRESS
    return progress.goal.status


def _save_progress(visit: Visit, progress_notes: Sequence[GoalProgressInput], *, new: bool) -> None:
    """Replace the visit's goal progress, and move each goal's status on (goal_status_after)."""
    kept = {p.goal.pk for p in progress_notes}
    for existing in [] if new else visit.goal_progress.all():
        if existing.goal_id not in kept:
            existing.delete()
    for progress in progress_notes:
        values = {"rating": progress.rating, "note": progress.note}
        if new:
            GoalProgress.objects.create(
                goal=progress.goal, visit=visit, recorded_on=visit.visit_date, **values
            )
        else:
            GoalProgress.objects.update_or_create(
                goal=progress.goal,
                visit=visit,
                defaults={**values, "recorded_on": visit.visit_date},
            )
        status = goal_status_after(progress)
        if status != progress.goal.status:
            goal_set_status(goal=progress.goal, status=status)


def _start_case(case: ConsultationCase | None) -> None:
    """The first visit is when consultation actually starts: intake becomes active."""
    if case is not None and case.status == ConsultationCase.Status.INTAKE:
        claim_version(case, None)
        case.status = ConsultationCase.Status.ACTIVE
        case.save(update_fields=["status", "version", "updated_at"])


def _check(v: VisitContent, *, editing: Visit | None, same_day_confirmed: bool) -> None:
    if editing is not None:
        recorded = editing.concerns.values_list("child_id", "concern_item_id")
        v = replace(v, recorded_concerns=frozenset(recorded))
    errors = visit_errors(v)
    others = same_day_visits(v, editing=editing)
    if others and not same_day_confirmed:
        errors.setdefault("same_day", []).append(same_day_question(others))
    if errors:
        raise ValidationError(errors)


def _new_visit(consultant: User, token: UUID | None, v: VisitContent) -> Visit | None:
    """A new visit saved under the form's token, or None when that form was saved already
    (two posts of one form racing: the database's unique token lets one through)."""
    try:
        with transaction.atomic():
            return _save_visit(Visit(consultant=consultant, submission_token=token), v)
    except IntegrityError:
        if token is not None and Visit.objects.filter(submission_token=token).exists():
            return None
        raise


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
    shared_notes: str = "",
    next_steps: str = "",
    next_visit_date: date | None = None,
    concerns: Iterable[ConcernInput] = (),
    goal_progress: Iterable[GoalProgressInput] = (),
    new_goals: Iterable[GoalInput] = (),
    visit: Visit | None = None,
    expected_version: int | None = None,
    submission_token: UUID | None = None,
    same_day_confirmed: bool = False,
) -> VisitResult:
    """Log a visit (or, with `visit`, replace an existing one's contents) in one transaction:
    the visit, its concerns, goal progress and new goals are all written, or none is. A second
    visit to the case on one day waits for `same_day_confirmed`; a form posted again under a
    saved `submission_token` returns that visit; the consultant's draft of the form goes."""
    require_consultant(consultant)
    if visit is None and (earlier := _saved_under(submission_token)) is not None:
        return earlier
    site = _visit_site(consultant=consultant, case=case, site=site)
    if visit is not None:
        _claim_edit(visit, consultant, expected_version)
    content = VisitContent(
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
        shared_notes=shared_notes,
        next_steps=next_steps,
        next_visit_date=next_visit_date,
        concerns=list(concerns),
        goal_progress=list(goal_progress),
        new_goals=list(new_goals),
    )
    _check(content, editing=visit, same_day_confirmed=same_day_confirmed)
    token = submission_token
    saved = _save_visit(visit, content) if visit else _new_visit(consultant, token, content)
    if saved is None:
        return cast(VisitResult, _saved_under(submission_token))
    result = VisitResult(visit=saved, crisis_concerns=_save_parts(saved, content, new=not visit))
    VisitDraft.objects.filter(consultant=consultant, case=case, visit=visit).delete()
    return result


def _claim_edit(visit: Visit, consultant: User, expected_version: int | None) -> None:
    if visit_holder_id(visit) != consultant.pk:
        raise ValidationError(_("Only the consultant who holds the visit's case edits it."))
    # Claimed first: a stale edit is refused before its other errors are worked out.
    claim_version(visit, expected_version)


def _saved_under(token: UUID | None) -> VisitResult | None:
    saved = Visit.objects.filter(submission_token=token).first() if token else None
    return None if saved is None else VisitResult(saved, crisis_concerns=[], already_saved=True)


def _save_parts(saved: Visit, content: VisitContent, *, new: bool) -> list[ObservedConcern]:
    """The visit's concerns, goal progress and new goals; the concerns that prompt the crisis
    lines are returned for the confirmation page, and sent to the supervisor."""
    concerns = _save_concerns(saved, content.concerns, new=new)
    _save_progress(saved, content.goal_progress, new=new)
    for goal in content.new_goals:
        goal_create(
            case=content.case,  # type: ignore[arg-type]
            goal=goal,
            set_on=content.visit_date,
            visit=saved,
        )
    _start_case(content.case)
    crisis = [c for c in concerns if c.concern_item.prompts_crisis_lines]
    # The supervisor hears of each at once (once per concern: an edit that keeps it is quiet).
    notify_crisis(visit=saved, consultant=visit_holder(saved), concerns=crisis)
    return crisis


@transaction.atomic
def visit_void(
    *, visit: Visit, by: User, reason: str, expected_version: int | None = None
) -> Visit:
    """Void a visit logged in error: it stays in the history and the audit and drops out of
    every figure and export. Nothing is deleted."""
    if not may_void(holder=visit_holder(visit), by=by):
        raise ValidationError(
            _("Only the consultant who holds the visit's case, or their supervisor, voids it.")
        )
    if visit.is_archived:
        raise ValidationError(_("This visit is already voided."))
    reason = void_reason_checked(
        reason, missing=_("Say why the visit is voided, e.g. “logged twice”.")
    )
    claim_version(visit, expected_version)
    stamp_void(visit, by=by, reason=reason, flag="is_archived", also=("version",))
    return visit
