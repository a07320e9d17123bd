"""Requests for consultation: record one, then take it through its steps.

received -> contacted -> assigned -> case opened; or, from any open state, declined or not
served (with a reason) or waitlisted; a waitlisted request can later be contacted or assigned.
Every step is dated and kept (IntakeStep). A refused step raises ValidationError and changes
nothing.

Supervisors record requests and take every step but opening the case; the consultant a request
is assigned to records contact, opens the case, or records that it was declined or not served.
Program leads read."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from consultation.models import Child, Classroom, ConsultationCase, Intake, IntakeStep, Site
from consultation.services.cases import case_open
from core.dates import implausible, local_today

Status = Intake.Status

# step -> the states it may be taken from.
ALLOWED_FROM: dict[str, tuple[str, ...]] = {
    Status.CONTACTED: (Status.RECEIVED, Status.WAITLISTED),
    Status.ASSIGNED: (Status.CONTACTED, Status.WAITLISTED),
    Status.CASE_OPENED: (Status.ASSIGNED,),
    Status.DECLINED: (Status.RECEIVED, Status.CONTACTED, Status.ASSIGNED, Status.WAITLISTED),
    Status.NOT_SERVED: (Status.RECEIVED, Status.CONTACTED, Status.ASSIGNED, Status.WAITLISTED),
    Status.WAITLISTED: (Status.RECEIVED, Status.CONTACTED, Status.ASSIGNED),
}
SUPERVISOR_STEPS = frozenset(ALLOWED_FROM) - {Status.CASE_OPENED}
ASSIGNED_CONSULTANT_STEPS = frozenset(
    {Status.CONTACTED, Status.CASE_OPENED, Status.DECLINED, Status.NOT_SERVED}
)


def intake_role_steps(user: User | Any, intake: Intake) -> frozenset[str]:
    """The steps this user may take on this request, whatever its state."""
    if user.is_supervisor:
        return SUPERVISOR_STEPS
    if user.is_consultant and intake.assigned_to_id == user.pk:
        return ASSIGNED_CONSULTANT_STEPS
    return frozenset()


def intake_next_steps(user: User | Any, intake: Intake) -> list[str]:
    """The steps this user may take now, in the order of Intake.Status."""
    mine = intake_role_steps(user, intake)
    return [step for step in Status.values if step in mine and _state_allows(intake, step)]


def _state_allows(intake: Intake, step: str) -> bool:
    if intake.status not in ALLOWED_FROM.get(step, ()):
        return False
    # Waitlisted before any contact: the first contact comes before assigning.
    return not (step == Status.ASSIGNED and intake.contacted_on is None)


def _refusal(intake: Intake, step: str, by: User) -> str:
    label = str(Status(step).label).lower()
    if step not in intake_role_steps(by, intake):
        return _("You cannot record “%(step)s” on this request.") % {"step": label}
    if step == Status.ASSIGNED and intake.contacted_on is None:
        return _("Record the first contact before assigning the request.")
    return _("This request is %(status)s: it cannot be %(step)s now.") % {
        "status": intake.get_status_display().lower(),
        "step": label,
    }


def _date_errors(intake: Intake, field: str, day: date) -> dict[str, str]:
    problem = implausible("record", day)
    if problem:
        return {field: problem}
    if day > local_today():
        return {field: _("The date cannot be in the future.")}
    if day < intake.received_on:
        return {
            field: _("The request was received on %(day)s, after it.")
            % {"day": f"{intake.received_on:%Y-%m-%d}"}
        }
    last = intake.steps.order_by("-on", "-pk").first()
    if last is not None and day < last.on:
        return {
            field: _("The last step is dated %(day)s: steps go in order.")
            % {"day": f"{last.on:%Y-%m-%d}"}
        }
    return {}


def _check(intake: Intake, step: str, by: User, field: str, day: date) -> None:
    """Refuse the step (state, role, date) before anything is written."""
    intake.refresh_from_db()
    if step not in intake_role_steps(by, intake) or not _state_allows(intake, step):
        raise ValidationError(_refusal(intake, step, by))
    errors = _date_errors(intake, field, day)
    if errors:
        raise ValidationError(errors)


def _record(
    intake: Intake,
    step: str,
    by: User,
    day: date,
    *,
    note: str = "",
    consultant: User | None = None,
) -> Intake:
    intake.status = step
    intake.full_clean()
    intake.save()
    IntakeStep.objects.create(
        intake=intake, step=step, on=day, note=note, consultant=consultant, recorded_by=by
    )
    return intake


def _subject_errors(site: Site, classroom: Classroom | None, child: Child | None) -> dict:
    errors = {}
    if classroom is not None and classroom.site_id != site.pk:
        errors["classroom"] = _("This classroom is at another site.")
    if child is not None and child.classroom.site_id != site.pk:
        errors["child"] = _("This child attends another site.")
    if child is not None and classroom is not None and child.classroom_id != classroom.pk:
        errors["classroom"] = _("The child is in another classroom.")
    return errors


@transaction.atomic
def intake_receive(
    *,
    by: User,
    received_on: date,
    source: str,
    site: Site,
    reason_category: str,
    reason: str = "",
    classroom: Classroom | None = None,
    child: Child | None = None,
    expulsion_risk: bool = False,
) -> Intake:
    """Record a request as received (supervisors)."""
    if not by.is_supervisor:
        raise ValidationError(_("Supervisors record requests for consultation."))
    errors = _subject_errors(site, classroom, child)
    if source not in Intake.Source.values:
        errors["source"] = _("Choose who made the request.")
    if reason_category not in Intake.Reason.values:
        errors["reason_category"] = _("Choose the reason.")
    problem = implausible("record", received_on)
    if problem or received_on > local_today():
        errors["received_on"] = problem or _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    intake = Intake(
        received_on=received_on,
        source=source,
        site=site,
        classroom=child.classroom if child is not None else classroom,
        child=child,
        reason_category=reason_category,
        reason=reason.strip(),
        expulsion_risk=expulsion_risk,
        recorded_by=by,
    )
    intake.full_clean()
    intake.save()
    IntakeStep.objects.create(intake=intake, step=Status.RECEIVED, on=received_on, recorded_by=by)
    return intake


@transaction.atomic
def intake_contact(*, intake: Intake, by: User, contacted_on: date, note: str = "") -> Intake:
    """The requester was contacted; the first contact's date is kept on the request."""
    _check(intake, Status.CONTACTED, by, "contacted_on", contacted_on)
    if intake.contacted_on is None:
        intake.contacted_on = contacted_on
    return _record(intake, Status.CONTACTED, by, contacted_on, note=note)


@transaction.atomic
def intake_assign(*, intake: Intake, by: User, consultant: User, assigned_on: date) -> Intake:
    """Give the request to a consultant of the supervisor's team."""
    _check(intake, Status.ASSIGNED, by, "assigned_on", assigned_on)
    if not consultant.is_consultant or not consultant.is_active:
        raise ValidationError({"consultant": _("Choose a consultant.")})
    if consultant.supervisor_id != by.pk:
        raise ValidationError({"consultant": _("Choose a consultant of your team.")})
    intake.assigned_to = consultant
    intake.assigned_on = assigned_on
    return _record(intake, Status.ASSIGNED, by, assigned_on, consultant=consultant)


@transaction.atomic
def intake_waitlist(*, intake: Intake, by: User, waitlisted_on: date, note: str = "") -> Intake:
    _check(intake, Status.WAITLISTED, by, "waitlisted_on", waitlisted_on)
    intake.waitlisted_on = waitlisted_on
    return _record(intake, Status.WAITLISTED, by, waitlisted_on, note=note)


@transaction.atomic
def intake_end(
    *, intake: Intake, by: User, outcome: str, ended_on: date, end_reason: str
) -> Intake:
    """Declined (by the requester) or not served (by the program), with the reason."""
    if outcome not in (Status.DECLINED, Status.NOT_SERVED):
        raise ValidationError({"outcome": _("Choose declined or not served.")})
    _check(intake, outcome, by, "ended_on", ended_on)
    if not end_reason.strip():
        raise ValidationError({"end_reason": _("Say why the request was not served.")})
    intake.ended_on = ended_on
    intake.end_reason = end_reason.strip()
    return _record(intake, outcome, by, ended_on, note=intake.end_reason)


def _focus_of(intake: Intake) -> str:
    if intake.child is not None:
        return ConsultationCase.Focus.CHILD
    if intake.classroom is not None:
        return ConsultationCase.Focus.CLASSROOM
    return ConsultationCase.Focus.PROGRAM


def _reason_of(intake: Intake) -> str:
    text = intake.reason or _("(no detail given)")
    return f"{intake.get_reason_category_display()}: {text}"


@transaction.atomic
def intake_open_case(*, intake: Intake, by: User, opened_on: date) -> ConsultationCase:
    """Open the case from the request (its assigned consultant), carrying over its site, child
    or classroom, reason and expulsion risk; the focus follows from what the request names."""
    _check(intake, Status.CASE_OPENED, by, "opened_on", opened_on)
    focus = _focus_of(intake)
    case = case_open(
        consultant=by,
        focus=focus,
        site=intake.site,
        classroom=intake.classroom if focus == ConsultationCase.Focus.CLASSROOM else None,
        child=intake.child,
        opened_on=opened_on,
        reason=_reason_of(intake),
        at_risk_of_expulsion=intake.expulsion_risk and focus == ConsultationCase.Focus.CHILD,
    )
    intake.case = case
    _record(intake, Status.CASE_OPENED, by, opened_on)
    return case
