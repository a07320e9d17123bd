"""Trainings consultants deliver to childcare staff (workforce development): the topics are an
admin-editable list; attendees are counted by role, and their names (staff, never children)
may be kept with the training."""

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from consultation.models.base import ReferenceItem, TimeStamped
from consultation.models.sites import Site

MAX_TRAINING_MINUTES = 8 * 60


class TrainingTopic(ReferenceItem):
    """A topic of training: the Pyramid Model modules, trauma-informed care, IMH ECHO..."""


class Training(TimeStamped):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIRTUAL = "virtual", _("Virtual")

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="trainings"
    )
    delivered_on = models.DateField("date")
    minutes = models.PositiveSmallIntegerField()
    topic = models.ForeignKey(TrainingTopic, on_delete=models.PROTECT, related_name="trainings")
    mode = models.CharField(max_length=10, choices=Mode.choices)
    sites = models.ManyToManyField(Site, related_name="trainings")
    teachers = models.PositiveSmallIntegerField(default=0)
    directors = models.PositiveSmallIntegerField(default=0)
    other_staff = models.PositiveSmallIntegerField("other staff", default=0)
    attendee_names = models.TextField(
        blank=True, help_text="Optional: the staff who attended, one a line. Never children."
    )
    # Voided: recorded in error (twice, the wrong day). The training stays, marked, with its
    # history; it drops out of every figure and export (consultation.services.voiding).
    is_void = models.BooleanField("voided", default=False)
    void_reason = models.CharField("why it was voided", max_length=200, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    history = HistoricalRecords()

    # Who may see this row (core.scope): the consultant who delivered it.
    owner_path = "consultant"

    class Meta:
        ordering = ["-delivered_on", "-pk"]
        indexes = [
            models.Index(fields=["consultant", "delivered_on"], name="training_consultant_day_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=MAX_TRAINING_MINUTES),
                name="training_minutes_in_range",
            ),
            models.CheckConstraint(
                condition=Q(teachers__gt=0) | Q(directors__gt=0) | Q(other_staff__gt=0),
                name="training_has_attendees",
            ),
            models.CheckConstraint(
                condition=Q(is_void=False, voided_at__isnull=True, void_reason="")
                | Q(is_void=True, voided_at__isnull=False) & ~Q(void_reason=""),
                name="training_voided_with_a_date_and_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} on {self.delivered_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("consultation:training_detail", args=[self.uuid])

    @property
    def staff_reached(self) -> int:
        return self.teachers + self.directors + self.other_staff
