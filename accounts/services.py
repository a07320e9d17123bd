from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import ROLE_GROUP_NAMES, User

STAFF_ROLES = {User.Role.SUPERVISOR, User.Role.PROGRAM_LEAD}


def user_apply_role(*, user: User) -> User:
    """Make staff status and group membership follow the user's role (the admin calls this too)."""
    if user.supervisor_id and user.role != User.Role.CONSULTANT:
        raise ValidationError({"supervisor": "Only consultants report to a supervisor."})
    if user.supervisor is not None and user.supervisor.role != User.Role.SUPERVISOR:
        raise ValidationError({"supervisor": "The supervisor must have the supervisor role."})
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
