from uuid import uuid4

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class User(AbstractUser):
    """A person who signs in: a consultant, a supervisor or a program lead."""

    class Role(models.TextChoices):
        CONSULTANT = "consultant", "Consultant"
        SUPERVISOR = "supervisor", "Supervisor"
        PROGRAM_LEAD = "program_lead", "Program lead"

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
