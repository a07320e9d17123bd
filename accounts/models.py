from uuid import uuid4

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The confidentiality agreement's models live in their own module; imported here to register.
from accounts.agreements import AgreementAcceptance, ConfidentialityAgreement
from accounts.notifications import DigestSent, Notification, NotificationPreference

__all__ = [
    "AccessRecord",
    "AgreementAcceptance",
    "ConfidentialityAgreement",
    "DigestSent",
    "Notification",
    "NotificationPreference",
    "User",
]


class User(AbstractUser):
    """A person who signs in: a consultant, a supervisor or a program lead."""

    class Role(models.TextChoices):
        CONSULTANT = "consultant", _("Consultant")
        SUPERVISOR = "supervisor", _("Supervisor")
        PROGRAM_LEAD = "program_lead", _("Program lead")

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CONSULTANT)
    supervisor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervisees",
        limit_choices_to={"role": Role.SUPERVISOR},
        help_text="For consultants: the supervisor who reviews their caseload.",
    )
    phone = models.CharField(
        max_length=30, blank=True, help_text="Shown on visit summaries given to providers."
    )
    # Empty: the browser's language (accounts.language_middleware).
    preferred_language = models.CharField(
        "language",
        max_length=8,
        blank=True,
        choices=[("en", "English"), ("es", "Español")],
        help_text="The language of the pages; empty follows the browser's.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["username", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(supervisor__isnull=True) | Q(role="consultant"),
                name="user_only_consultants_have_supervisor",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_consultant(self) -> bool:
        return self.role == self.Role.CONSULTANT and not self.is_superuser

    @property
    def is_supervisor(self) -> bool:
        return self.role == self.Role.SUPERVISOR and not self.is_superuser

    @property
    def is_program_lead(self) -> bool:
        return self.role == self.Role.PROGRAM_LEAD and not self.is_superuser

    @property
    def sees_everything(self) -> bool:
        return self.is_superuser or self.role == self.Role.PROGRAM_LEAD


ROLE_GROUP_NAMES = {
    User.Role.CONSULTANT: "Consultants",
    User.Role.SUPERVISOR: "Supervisors",
    User.Role.PROGRAM_LEAD: "Program leads",
}


class AccessRecordQuerySet(models.QuerySet):
    """Access records are written once and never changed: bulk updates and deletes are refused."""

    def update(self, **kwargs):
        raise PermissionDenied("Access records cannot be changed.")

    def delete(self):
        raise PermissionDenied("Access records cannot be deleted.")


class AccessRecord(models.Model):
    """One read of a child's record, a case, a visit summary or an export, or one refused attempt.

    Written by accounts.middleware.AccessAuditMiddleware; readable by superusers in the admin;
    never changed or deleted (the audit trail a state reviewer asks for).
    """

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        EXPORT = "export", "Exported"
        DENIED = "denied", "Refused (403/404)"
        # The retention command deleted the records older than the period (see README).
        PRUNE = "prune", "Pruned older records"

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="access_records")
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(
        max_length=40, blank=True, help_text="What was read: child, case, visit, export..."
    )
    object_id = models.CharField(
        max_length=64,
        blank=True,
        help_text="The record's id as given in the address (a UUID; the admin's own id there).",
    )
    url_name = models.CharField(max_length=200, blank=True)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    status_code = models.PositiveSmallIntegerField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "created_at"], name="accessrecord_user_time"),
            models.Index(fields=["object_type", "object_id"], name="accessrecord_object"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_action_display().lower()} {self.object_type} {self.path}"

    def save(self, *args, **kwargs):
        # Append-only: an existing record is never saved again.
        if self.pk is not None:
            raise PermissionDenied("Access records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Access records cannot be deleted.")


class TwoFactorEventQuerySet(models.QuerySet):
    """Two-factor events are written once and never changed, like access records."""

    def update(self, **kwargs):
        raise PermissionDenied("Two-factor events cannot be changed.")

    def delete(self):
        raise PermissionDenied("Two-factor events cannot be deleted.")


class TwoFactorEvent(models.Model):
    """A change to someone's two-factor sign-in: set up, new backup codes, or reset by their
    supervisor or an administrator (accounts.mfa). Who did it, to whom, when and from where."""

    class Kind(models.TextChoices):
        ENROLLED = "enrolled", "Set up"
        BACKUP_CODES = "backup_codes", "New backup codes"
        RESET = "reset", "Reset"

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="two_factor_events")
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = TwoFactorEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.user} by {self.actor}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("Two-factor events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Two-factor events cannot be deleted.")
