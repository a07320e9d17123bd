"""Voiding a record entered in error (a visit, a measure, a training): one rule for them all.

Nothing is deleted. A voided record keeps its row and its history, says who voided it, when
and why, and drops out of every figure and export. The reason is required, and short."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

VOID_REASON_MAX = 200


def may_void(*, holder: User, by: User) -> bool:
    """The consultant whose record it is, their supervisor, or a superuser."""
    if by.is_superuser:
        return True
    if by.is_consultant:
        return holder.pk == by.pk
    return by.is_supervisor and holder.supervisor_id == by.pk


def void_reason_checked(reason: str, *, missing: str) -> str:
    """The reason, trimmed; `missing` says what to write when there is none."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": missing})
    if len(reason) > VOID_REASON_MAX:
        raise ValidationError(
            {"reason": _("Keep the reason under %(n)s characters.") % {"n": VOID_REASON_MAX}}
        )
    return reason


def stamp_void(
    record: Any, *, by: User, reason: str, flag: str = "is_void", also: tuple[str, ...] = ()
) -> None:
    """Mark `record` voided (its `flag` field) with the reason, the time and, where the model
    keeps it, who; the history's change reason reads "voided: <reason>". `also` names other
    fields the caller changed (a version) to save with it."""
    setattr(record, flag, True)
    record.void_reason = reason
    record.voided_at = timezone.now()
    fields = [flag, "void_reason", "voided_at", *also, "updated_at"]
    if hasattr(record, "voided_by_id"):
        record.voided_by = by
        fields.append("voided_by")
    record._change_reason = f"voided: {reason}"
    record.save(update_fields=fields)
