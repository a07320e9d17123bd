"""Who may do the consultant's work: an active consultant."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User


def require_consultant(user: User, field: str = "consultant") -> None:
    if not user.is_active or user.role != User.Role.CONSULTANT:
        raise ValidationError({field: _("Cases and visits belong to an active consultant.")})
