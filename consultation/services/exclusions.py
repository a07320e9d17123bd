"""Exclusion events: the consultant records each one on the child-focused case."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from consultation.models import MAX_EXCLUSION_DAYS, ConsultationCase, ExclusionEvent
from core.dates import local_today


def _exclusion_errors(
    case: ConsultationCase, *, kind: str, occurred_on: date, days: int | None, decided_by: str
) -> dict[str, str]:
    errors = {}
    if kind not in ExclusionEvent.Kind.values:
        errors["kind"] = _("Choose what happened.")
    if decided_by not in ExclusionEvent.DecidedBy.values:
        errors["decided_by"] = _("Choose who decided.")
    if occurred_on > local_today():
        errors["occurred_on"] = _("An exclusion cannot be dated in the future.")
    elif case.child is not None and occurred_on < case.child.date_of_birth:
        errors["occurred_on"] = _("The date is before the child was born.")
    if days is not None and not 1 <= days <= MAX_EXCLUSION_DAYS:
        errors["days"] = _("Give a number of days from 1 to %(most)s, or leave it empty.") % {
            "most": MAX_EXCLUSION_DAYS
        }
    return errors


@transaction.atomic
def exclusion_record(
    *,
    case: ConsultationCase,
    by: User,
    kind: str,
    occurred_on: date,
    decided_by: str,
    days: int | None = None,
) -> ExclusionEvent:
    """Record one exclusion of a child-focused case's child (closed cases too: the consultant
    may hear of it later)."""
    if by.pk != case.consultant_id or case.is_archived:
        raise ValidationError(_("Only the case's consultant records its exclusion events."))
    if case.focus != ConsultationCase.Focus.CHILD or case.child is None:
        raise ValidationError(_("Exclusion events are recorded on child-focused cases."))
    errors = _exclusion_errors(
        case, kind=kind, occurred_on=occurred_on, days=days, decided_by=decided_by
    )
    if errors:
        raise ValidationError(errors)
    return ExclusionEvent.objects.create(
        case=case,
        child=case.child,
        kind=kind,
        occurred_on=occurred_on,
        days=days,
        decided_by=decided_by,
        recorded_by=by,
    )
