"""Pyramid Model goals and the progress noted on them, visit by visit."""

from uuid import uuid4

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from consultation.models.base import TimeStamped
from consultation.models.cases import ConsultationCase
from consultation.models.reference import PracticeArea, PyramidTier
from consultation.models.visits import Visit


class PyramidGoal(TimeStamped):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        MET = "met", _("Met")
        DISCONTINUED = "discontinued", _("Discontinued")

    OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS)

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    case = models.ForeignKey(ConsultationCase, on_delete=models.PROTECT, related_name="goals")
    tier = models.ForeignKey(PyramidTier, on_delete=models.PROTECT, related_name="goals")
    practice_area = models.ForeignKey(PracticeArea, on_delete=models.PROTECT, related_name="goals")
    description = models.TextField()
    set_with = models.CharField(
        "set with (teacher)", max_length=120, blank=True, help_text="Teacher the goal was set with."
    )
    set_on = models.DateField()
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.NOT_STARTED)
    # The visit the goal was set on, if it was: the provider's summary of that visit lists it.
    visit = models.ForeignKey(
        Visit, on_delete=models.PROTECT, related_name="goals_set", null=True, blank=True
    )
    history = HistoricalRecords()

    # Who may see this row: the consultant at the end of this path (core.scope).
    owner_path = "case__consultant"

    class Meta:
        ordering = ["case", "target_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_date__isnull=True) | Q(target_date__gte=F("set_on")),
                name="goal_target_not_before_set_on",
            )
        ]

    def __str__(self) -> str:
        return f"{self.practice_area.name}: {self.description[:60]}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class GoalProgress(TimeStamped):
    goal = models.ForeignKey(PyramidGoal, on_delete=models.PROTECT, related_name="progress")
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="goal_progress")
    recorded_on = models.DateField()
    rating = models.PositiveSmallIntegerField(help_text="1 (no progress) to 5 (goal met).")
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    # Who may see this row: the consultant at the end of this path (core.scope).
    owner_path = "goal__case__consultant"

    class Meta:
        ordering = ["-recorded_on", "-pk"]
        verbose_name_plural = "goal progress notes"
        indexes = [
            models.Index(fields=["-recorded_on", "-id"], name="goalprogress_recent_first_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="goalprogress_rating_1_to_5"
            ),
            models.UniqueConstraint(fields=["goal", "visit"], name="goalprogress_once_per_visit"),
        ]

    def __str__(self) -> str:
        return f"Progress {self.rating}/5 on {self.recorded_on:%Y-%m-%d}"
