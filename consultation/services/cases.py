"""Writes of cases: open, close, reassign, archive; one at a time or all-or-nothing in bulk."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from consultation.models import Child, Classroom, ConsultationCase, Site
from consultation.selectors.consents import Purpose, consent_in_force
from consultation.services.consents import consent_refusal
from consultation.services.measures_due import (
    measures_schedule_baselines,
    measures_schedule_follow_ups,
)
from consultation.services.notify import notify_reassigned
from consultation.services.outcomes import placement_follow_ups_schedule
from consultation.services.roles import require_consultant
from core.dates import implausible_dates, local_today, short_date
from core.versions import claim_version

REASSIGN_REASON_MAX = 500


@dataclass(frozen=True)
class _Subject:
    """What a case is about, as its focus decides: the site always, the classroom and the child
    when the focus names them."""

    site: Site | None
    classroom: Classroom | None = None
    child: Child | None = None


def _child_subject(child: Child | None, opened_on: date) -> tuple[_Subject, dict[str, str]]:
    if child is None:
        return _Subject(None), {"child": _("Choose the child this case is about.")}
    if child.is_archived:
        return _Subject(None), {"child": _("This child's record is archived.")}
    if child.date_of_birth > opened_on:
        return _Subject(None), {
            "opened_on": _("A case cannot be opened before the child was born.")
        }
    if consent_in_force(child, opened_on, Purpose.CONSULTATION) is None:
        refusal = consent_refusal(
            child,
            opened_on,
            Purpose.CONSULTATION,
            doing=_("be the subject of a child-focused case"),
        )
        return _Subject(None), {"child": refusal}
    return _Subject(child.classroom.site, None, child), {}


def _subject(
    focus: str,
    *,
    site: Site | None,
    classroom: Classroom | None,
    child: Child | None,
    opened_on: date,
) -> tuple[_Subject, dict[str, str]]:
    """The case's subject for its focus, or the errors that say what is missing."""
    Focus = ConsultationCase.Focus
    if focus == Focus.CHILD:
        return _child_subject(child, opened_on)
    if focus == Focus.CLASSROOM:
        if classroom is None:
            return _Subject(None), {"classroom": _("Choose the classroom this case is about.")}
        return _Subject(classroom.site, classroom), {}
    if focus == Focus.PROGRAM:
        if site is None:
            return _Subject(None), {"site": _("Choose the site this case is about.")}
        return _Subject(site), {}
    return _Subject(None), {"focus": _("Choose child, classroom or program focus.")}


@transaction.atomic
def case_open(
    *,
    consultant: User,
    focus: str,
    site: Site | None = None,
    classroom: Classroom | None = None,
    child: Child | None = None,
    opened_on: date | None = None,
    reason: str,
    at_risk_of_expulsion: bool = False,
) -> ConsultationCase:
    require_consultant(consultant)
    opened_on = opened_on or local_today()
    subject, errors = _subject(
        focus, site=site, classroom=classroom, child=child, opened_on=opened_on
    )
    errors |= implausible_dates(opened_on=opened_on)
    if opened_on > local_today():
        errors["opened_on"] = _("A case cannot be opened in the future.")
    if not reason.strip():
        errors["reason"] = _("Say why help was requested.")
    if at_risk_of_expulsion and focus != ConsultationCase.Focus.CHILD:
        errors["at_risk_of_expulsion"] = _("Only child-focused cases record expulsion risk.")
    if errors or subject.site is None:
        raise ValidationError(errors)
    case = ConsultationCase(
        focus=focus,
        site=subject.site,
        classroom=subject.classroom,
        child=subject.child,
        consultant=consultant,
        opened_on=opened_on,
        reason=reason.strip(),
        at_risk_of_expulsion=at_risk_of_expulsion,
    )
    case.full_clean()
    case.save()  # the open case gives its consultant the site (core.scope): no assignment
    measures_schedule_baselines(case)
    return case


@transaction.atomic
def case_close(
    *,
    case: ConsultationCase,
    closure_reason: str,
    closed_on: date | None = None,
    placement_at_closure: str = "",
    closure_note: str = "",
    expected_version: int | None = None,
) -> ConsultationCase:
    closed_on = closed_on or local_today()
    claim_version(case, expected_version)
    require_closable(
        case,
        closure_reason=closure_reason,
        closed_on=closed_on,
        placement_at_closure=placement_at_closure,
    )
    case.status = ConsultationCase.Status.CLOSED
    case.closed_on = closed_on
    case.closure_reason = closure_reason
    case.placement_at_closure = placement_at_closure
    case.closure_note = closure_note
    # A supervisor's own closure settles a request still waiting (closure sign-off).
    case.closure_requested_on = None
    case.requested_closure_reason = case.requested_placement = case.requested_closure_note = ""
    case.full_clean()
    case.save()
    measures_schedule_follow_ups(case)
    placement_follow_ups_schedule(case)
    return case


def require_closable(
    case: ConsultationCase, *, closure_reason: str, closed_on: date, placement_at_closure: str
) -> None:
    """Refuses, field by field, a closure that cannot be (a request to close is checked alike)."""
    errors = {}
    if case.status == ConsultationCase.Status.CLOSED:
        raise ValidationError(_("This case is already closed."))
    if closure_reason not in ConsultationCase.ClosureReason.values:
        errors["closure_reason"] = _("Choose why the case is closing.")
    if closed_on > local_today():
        errors["closed_on"] = _("The closing date cannot be in the future.")
    if closed_on < case.opened_on:
        errors["closed_on"] = _("The closing date cannot be before the case was opened.")
    last_visit = case.visits.filter(is_archived=False).order_by("-visit_date").first()
    if last_visit and closed_on < last_visit.visit_date:
        errors["closed_on"] = _("A visit was logged on %(day)s, after it.") % {
            "day": short_date(last_visit.visit_date)
        }
    if case.focus == ConsultationCase.Focus.CHILD:
        if placement_at_closure not in ConsultationCase.Placement.values:
            errors["placement_at_closure"] = _("Say whether the child was still enrolled.")
    elif placement_at_closure:
        errors["placement_at_closure"] = _("Only child-focused cases record placement.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def case_reassign(
    *,
    case: ConsultationCase,
    to_consultant: User,
    by: User,
    reason: str,
    expected_version: int | None = None,
) -> ConsultationCase:
    """Give a case to another consultant, for a reason; supervisors may only move work within
    their team. The reason is kept on the case (so in its history) and sent to the new
    consultant in a notification.

    Its records follow it (core.scope). The previous consultant is taken off the site's list:
    they keep the site only through another open case there (selectors.kept_sites)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the case is reassigned.")})
    if len(reason) > REASSIGN_REASON_MAX:
        raise ValidationError(
            {"reason": _("Keep the reason under %(n)s characters.") % {"n": REASSIGN_REASON_MAX}}
        )
    require_consultant(to_consultant, field="to_consultant")
    if not by.is_superuser:
        if not (by.is_supervisor and case.consultant.supervisor_id == by.pk):
            raise ValidationError(_("You can only reassign cases of your own team."))
        if to_consultant.supervisor_id != by.pk:
            raise ValidationError(
                {
                    "to_consultant": _(
                        "%(who)s is not on your team: choose one of your consultants."
                    )
                    % {"who": to_consultant}
                }
            )
    if case.status == ConsultationCase.Status.CLOSED:
        raise ValidationError(_("Closed cases are not reassigned."))
    claim_version(case, expected_version)
    previous = case.consultant
    case.consultant = to_consultant
    case.reassignment_reason = reason
    # simple_history keeps this with the change (cut to its length; the field keeps it whole).
    case._change_reason = f"reassigned from {previous} to {to_consultant}: {reason}"  # type: ignore[attr-defined]
    case.save(update_fields=["consultant", "reassignment_reason", "version", "updated_at"])
    if previous != to_consultant:
        case.site.consultants.remove(previous)
        notify_reassigned(case=case, by=by, reason=reason)
    return case


def _all_or_nothing(
    cases: Iterable[ConsultationCase], change: Callable[[ConsultationCase], ConsultationCase]
) -> list[ConsultationCase]:
    """Apply `change` to every case or to none: the errors of all cases are reported together."""
    errors: list[str] = []
    done: list[ConsultationCase] = []
    for case in cases:
        try:
            done.append(change(case))
        except ValidationError as error:
            errors.append(f"{case}: {' '.join(error.messages)}")
    if errors:
        raise ValidationError(errors)  # leaving the atomic block undoes the cases already done
    return done


@transaction.atomic
def cases_reassign(
    *, cases: Iterable[ConsultationCase], to_consultant: User, by: User, reason: str
) -> list[ConsultationCase]:
    """Reassign several cases at once, for one reason (the admin's bulk action): all of them,
    or none."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the cases are reassigned.")})

    def reassign(case: ConsultationCase) -> ConsultationCase:
        return case_reassign(case=case, to_consultant=to_consultant, by=by, reason=reason)

    return _all_or_nothing(cases, reassign)


@transaction.atomic
def cases_close(
    *,
    cases: Iterable[ConsultationCase],
    closure_reason: str,
    closed_on: date | None = None,
    placement_at_closure: str = "",
    closure_note: str = "",
) -> list[ConsultationCase]:
    """Close several cases with one reason (the admin's bulk action): all of them, or none.

    The placement applies to child-focused cases only; the others record none."""

    def close(case: ConsultationCase) -> ConsultationCase:
        placement = placement_at_closure if case.focus == ConsultationCase.Focus.CHILD else ""
        return case_close(
            case=case,
            closure_reason=closure_reason,
            closed_on=closed_on,
            placement_at_closure=placement,
            closure_note=closure_note,
        )

    return _all_or_nothing(cases, close)


@transaction.atomic
def case_archive(
    *, case: ConsultationCase, expected_version: int | None = None
) -> ConsultationCase:
    """Hide a case opened in error from caseloads and reports; it and its history are kept."""
    if not case.is_archived:
        claim_version(case, expected_version)
        case.is_archived = True
        case.save(update_fields=["is_archived", "version", "updated_at"])
    return case
