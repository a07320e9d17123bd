"""Writes of children's records: least data (a first name and a last initial), corrections with
their reasons, archive and restore. Consent is a record of its own (services.consents)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultation.models import Child, Classroom, ConsultationCase, FamilyLanguage
from consultation.rules import date_of_birth_errors, last_initial_errors
from core.versions import claim_version


def _check(
    *, first_name: str, last_initial: str, date_of_birth: date, was: date | None = None
) -> str:
    """The last initial as kept ("MC" from "Mc."), or a ValidationError with every problem."""
    errors = date_of_birth_errors(date_of_birth, was=was)
    kept, initial_error = last_initial_errors(last_initial)
    if initial_error:
        errors["last_initial"] = initial_error
    if not first_name.strip():
        errors["first_name"] = _("Give the child's first name.")
    if errors:
        raise ValidationError(errors)
    return kept


@transaction.atomic
def child_create(
    *,
    classroom: Classroom,
    first_name: str,
    last_initial: str,
    date_of_birth: date,
    preferred_language: str = "",
) -> Child:
    initial = _check(first_name=first_name, last_initial=last_initial, date_of_birth=date_of_birth)
    child = Child(
        classroom=classroom,
        first_name=first_name.strip(),
        last_initial=initial,
        date_of_birth=date_of_birth,
        preferred_language=preferred_language or FamilyLanguage.NOT_RECORDED,
    )
    child.full_clean()
    child.save()
    return child


@transaction.atomic
def child_update(
    *,
    child: Child,
    first_name: str,
    last_initial: str,
    date_of_birth: date,
    classroom: Classroom,
    correction_reason: str = "",
    expected_version: int | None = None,
    preferred_language: str = "",
) -> Child:
    """Correct a child's record. A new date of birth needs a reason ("typo at intake", "birth
    certificate seen"): every checklist and age band rests on it, so the history keeps why."""
    claim_version(child, expected_version)
    initial = _check(
        first_name=first_name,
        last_initial=last_initial,
        date_of_birth=date_of_birth,
        was=child.date_of_birth,
    )
    reason = correction_reason.strip()
    moved = date_of_birth != child.date_of_birth
    if moved and not reason:
        raise ValidationError(
            {"correction_reason": _("Say why the date of birth changes, e.g. “typo at intake”.")}
        )
    if classroom.site_id != child.classroom.site_id:
        raise ValidationError({"classroom": _("Choose a classroom of the child's site.")})
    child.first_name, child.last_initial = first_name.strip(), initial
    child.date_of_birth, child.classroom = date_of_birth, classroom
    # Empty: kept as it was (callers that do not ask about the language).
    child.preferred_language = preferred_language or child.preferred_language
    if moved:
        child._change_reason = f"date of birth corrected: {reason}"[:100]  # type: ignore[attr-defined]
    child.full_clean()
    child.save()
    return child


@transaction.atomic
def child_archive(*, child: Child, reason: str, expected_version: int | None = None) -> Child:
    """Archive a child: off every list, every record kept; restored with child_restore."""
    if child.is_archived:
        return child
    if not reason.strip():
        raise ValidationError({"reason": _("Say why, e.g. “left the program”.")})
    if child.cases.exclude(status=ConsultationCase.Status.CLOSED).exists():
        raise ValidationError(_("Close this child's open cases before archiving the child."))
    claim_version(child, expected_version)
    child.is_archived, child.archived_at = True, timezone.now()
    child.archive_reason = reason.strip()[:200]
    child._change_reason = f"archived: {child.archive_reason}"[:100]  # type: ignore[attr-defined]
    child.save()
    return child


@transaction.atomic
def child_restore(*, child: Child, expected_version: int | None = None) -> Child:
    """Bring an archived child back onto the lists (the history keeps the archive and why)."""
    if not child.is_archived:
        return child
    claim_version(child, expected_version)
    child.is_archived, child.archived_at, child.archive_reason = False, None, ""
    child._change_reason = "restored from the archive"  # type: ignore[attr-defined]
    child.save()
    return child
