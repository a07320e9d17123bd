"""Reflective supervision: a supervisor's session with one consultant or a group of them."""

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from consultation.models.base import TimeStamped
from consultation.models.cases import ConsultationCase

MAX_SUPERVISION_MINUTES = 8 * 60


class SupervisionSession(TimeStamped):
    """A reflective supervision session. Its notes are the supervisor's and the consultants':
    program leads see only the minutes it counts for, in the reports."""

    class Format(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        GROUP = "group", _("Group")

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="supervision_sessions_led",
        limit_choices_to={"role": "supervisor"},
    )
    held_on = models.DateField("date")
    minutes = models.PositiveIntegerField()
    format = models.CharField(max_length=12, choices=Format.choices, default=Format.INDIVIDUAL)
    consultants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="supervision_sessions",
        limit_choices_to={"role": "consultant"},
        help_text="The consultant, or the consultants of a group session.",
    )
    cases = models.ManyToManyField(
        ConsultationCase,
        related_name="supervision_sessions",
        blank=True,
        verbose_name="cases discussed",
        help_text="Chosen from the consultants' cases.",
    )
    notes = models.TextField(
        blank=True, help_text="Private to you and the consultant(s): program leads never see them."
    )

    # The consultants in the session; its supervisor reads it through selectors.supervision.
    owner_path = "consultants"

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["supervisor", "-held_on"], name="supervision_by_supervisor_idx"),
            models.Index(fields=["held_on"], name="supervision_held_on_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gt=0) & Q(minutes__lte=MAX_SUPERVISION_MINUTES),
                name="supervision_minutes_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_format_display()} supervision on {self.held_on:%Y-%m-%d}"
