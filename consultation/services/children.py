"""Writes of children's records: least data (a first name and a last initial), consent, archive."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from consultation.models import Child, Classroom, ConsultationCase
from consultation.rules import consent_errors
from core.dates import local_today


def _validate_child_fields(
    *, date_of_birth: date, consent_date: date | None, consent_given_by: str
) -> None:
    today = local_today()
    errors = consent_errors(
        consent_date=consent_date,
        consent_given_by=consent_given_by,
        today=today,
        born=date_of_birth,
    )
    if date_of_birth > today:
        errors["date_of_birth"] = "The date of birth cannot be in the future."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def child_create(
    *,
    classroom: Classroom,
    first_name: str,
    last_initial: str,
    date_of_birth: date,
    consent_date: date | None = None,
    consent_given_by: str = "",
) -> Child:
    _validate_child_fields(
        date_of_birth=date_of_birth, consent_date=consent_date, consent_given_by=consent_given_by
    )
    last_initial = last_initial.strip().rstrip(".")
    if len(last_initial) > 3 or not last_initial.replace(".", "").isalpha():
        raise ValidationError({"last_initial": "Give the last-name initial(s) only, e.g. 'M'."})
    child = Child(
        classroom=classroom,
        first_name=first_name.strip(),
        last_initial=last_initial.upper(),
        date_of_birth=date_of_birth,
        consent_date=consent_date,
        consent_given_by=consent_given_by.strip(),
    )
    child.full_clean()
    child.save()
    return child


@transaction.atomic
def child_archive(*, child: Child) -> Child:
    if child.is_archived:
        return child
    if child.cases.exclude(status=ConsultationCase.Status.CLOSED).exists():
        raise ValidationError("Close this child's open cases before archiving the child.")
    child.is_archived = True
    child.archived_at = timezone.now()
    child.save(update_fields=["is_archived", "archived_at", "updated_at"])
    return child
