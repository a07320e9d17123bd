from datetime import date, datetime, time

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.immutable import audit_deletes_allowed
from accounts.models import ROLE_GROUP_NAMES, AccessRecord, User

STAFF_ROLES = {User.Role.SUPERVISOR, User.Role.PROGRAM_LEAD}


def user_apply_role(*, user: User) -> User:
    """Make staff status and group membership follow the user's role (the admin calls this too)."""
    if user.supervisor_id and user.role != User.Role.CONSULTANT:
        raise ValidationError({"supervisor": gettext("Only consultants report to a supervisor.")})
    if user.supervisor is not None and user.supervisor.role != User.Role.SUPERVISOR:
        raise ValidationError(
            {"supervisor": gettext("The supervisor must have the supervisor role.")}
        )
    user.is_staff = user.is_superuser or user.role in STAFF_ROLES
    user.save()
    role_groups = Group.objects.filter(name__in=ROLE_GROUP_NAMES.values())
    group_name = ROLE_GROUP_NAMES[User.Role(user.role)]
    user.groups.remove(*role_groups.exclude(name=group_name))
    user.groups.add(*role_groups.filter(name=group_name))
    return user


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
    supervisor: User | None = None,
    is_superuser: bool = False,
) -> User:
    user = User(
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        supervisor=supervisor,
        is_superuser=is_superuser,
    )
    user.set_password(password)
    return user_apply_role(user=user)


def retention_cutoff(*, today: date, years: int) -> datetime:
    """The start (local midnight) of the day `years` before today; 29 February gives 28."""
    try:
        day = today.replace(year=today.year - years)
    except ValueError:
        day = today.replace(year=today.year - years, day=28)
    return timezone.make_aware(datetime.combine(day, time.min))


def access_records_prune(*, by: User, years: int, today: date | None = None) -> AccessRecord:
    """Delete the access records created more than `years` years ago, the one delete the audit
    tables allow, and record that it was done, by whom, and how many went.

    Returns the record of the pruning."""
    if not by.is_superuser:
        raise ValidationError(
            gettext("Only an administrator (superuser) may prune access records.")
        )
    if years < 1:
        raise ValidationError(gettext("Access records are kept for at least a year."))
    cutoff = retention_cutoff(today=today or timezone.localdate(), years=years)
    with audit_deletes_allowed():
        old = AccessRecord.objects.filter(created_at__lt=cutoff)
        # AccessRecordQuerySet refuses delete() to everyone else: this is the documented exception.
        deleted, _ = models.QuerySet.delete(old)
        return AccessRecord.objects.create(
            user=by,
            action=AccessRecord.Action.PRUNE,
            object_type="access record",
            object_id=cutoff.date().isoformat(),
            method="COMMAND",
            path=f"prune_access_records: deleted {deleted} created before "
            f"{cutoff.date().isoformat()} (kept {years} years)",
            status_code=200,
        )


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    """Save the language of the user's pages ("" follows the browser's)."""
    if language not in {"", "en", "es"}:
        raise ValidationError({"preferred_language": gettext("Choose English or Spanish.")})
    user.preferred_language = language
    user.save(update_fields=["preferred_language", "updated_at"])
    return user
