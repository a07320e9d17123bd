"""Closure sign-off: with settings.CLOSURE_SIGN_OFF on, a consultant's closure is a request
that the consultant's supervisor approves (the case closes on the date asked for) or returns
with a comment. Each step is a save of the case, so its history holds every one of them.

    open --request--> closure requested --approve--> closed
                              |
                              +--return (comment)--> open --request--> ...
"""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from consultation.models import ConsultationCase
from consultation.services.cases import _all_or_nothing, case_close, require_closable
from core.dates import local_today
from core.versions import claim_version


def closure_sign_off_required() -> bool:
    """Whether a consultant's closure waits for the supervisor (the program's setting)."""
    return bool(settings.CLOSURE_SIGN_OFF)


def _require_decider(case: ConsultationCase, by: User) -> None:
    """Only the consultant's own supervisor (or a superuser) decides on a closure request."""
    if by.is_superuser and by.pk != case.consultant_id:
        return
    if by.pk == case.consultant_id:
        raise ValidationError(_("A consultant cannot approve or return their own closure request."))
    if not (by.is_active and by.is_supervisor and case.consultant.supervisor_id == by.pk):
        raise ValidationError(_("Only the consultant's supervisor decides on a closure request."))


def _require_request(case: ConsultationCase) -> None:
    if not case.closure_requested:
        raise ValidationError(_("No closure is waiting for approval on this case."))


@transaction.atomic
def case_close_request(
    *,
    case: ConsultationCase,
    by: User,
    closure_reason: str,
    closed_on: date | None = None,
    placement_at_closure: str = "",
    closure_note: str = "",
    expected_version: int | None = None,
) -> ConsultationCase:
    """The case's consultant asks to close it on `closed_on` (today if not given)."""
    closed_on = closed_on or local_today()
    claim_version(case, expected_version)
    if by.pk != case.consultant_id:
        raise ValidationError(_("Only the case's consultant asks to close it."))
    if case.closure_requested:
        raise ValidationError(_("Closure is already requested: it waits for your supervisor."))
    require_closable(
        case,
        closure_reason=closure_reason,
        closed_on=closed_on,
        placement_at_closure=placement_at_closure,
    )
    case.closure_requested_on = closed_on
    case.requested_closure_reason = closure_reason
    case.requested_placement = placement_at_closure
    case.requested_closure_note = closure_note
    case.closure_return_comment = ""
    case._change_reason = f"closure requested for {closed_on:%Y-%m-%d}"  # type: ignore[attr-defined]
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def case_closure_approve(
    *, case: ConsultationCase, by: User, expected_version: int | None = None
) -> ConsultationCase:
    """The supervisor approves: the case closes as requested, on the date requested."""
    _require_decider(case, by)
    _require_request(case)
    requested_on = case.closure_requested_on
    case._change_reason = f"closure approved by {by}"  # type: ignore[attr-defined]
    return case_close(
        case=case,
        closure_reason=case.requested_closure_reason,
        closed_on=requested_on,
        placement_at_closure=case.requested_placement,
        closure_note=case.requested_closure_note,
        expected_version=expected_version,
    )


@transaction.atomic
def case_closure_return(
    *, case: ConsultationCase, by: User, comment: str, expected_version: int | None = None
) -> ConsultationCase:
    """The supervisor returns the request with a comment: the case stays open."""
    _require_decider(case, by)
    _require_request(case)
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Say why the closure is returned.")})
    claim_version(case, expected_version)
    case.closure_requested_on = None
    case.requested_closure_reason = case.requested_placement = case.requested_closure_note = ""
    case.closure_return_comment = comment
    case._change_reason = f"closure returned by {by}: {comment}"  # type: ignore[attr-defined]
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def cases_closure_approve(*, cases: Iterable[ConsultationCase], by: User) -> list:
    """Approve several requests at once (the admin's action): all of them, or none."""
    return _all_or_nothing(cases, lambda case: case_closure_approve(case=case, by=by))


@transaction.atomic
def cases_closure_return(*, cases: Iterable[ConsultationCase], by: User, comment: str) -> list:
    """Return several requests with one comment (the admin's action): all of them, or none."""
    return _all_or_nothing(
        cases, lambda case: case_closure_return(case=case, by=by, comment=comment)
    )
