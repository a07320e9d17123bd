"""Exclusion events on child-focused cases: each time the program sent a child home, shortened
the day, asked the family to keep the child home, suspended, enrolled on conditions, moved or
dismissed the child. Funders count them ("soft" exclusion as well as expulsion)."""

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from consultation.models.base import TimeStamped
from consultation.models.cases import ConsultationCase
from consultation.models.children import Child

MAX_EXCLUSION_DAYS = 365


class ExclusionEvent(TimeStamped):
    """One exclusion of the case's child, dated, with who decided it (a role, never a name)."""

    class Kind(models.TextChoices):
        SENT_HOME = "sent_home", gettext_lazy("Sent home early")
        SHORTENED_DAY = "shortened_day", gettext_lazy("Shortened day or reduced hours")
        KEEP_HOME = "keep_home", gettext_lazy("Family asked to keep the child home")
        SUSPENSION = "suspension", gettext_lazy("Suspension")
        CONDITIONAL = "conditional", gettext_lazy("Conditional enrolment")
        TRANSFER = "transfer", gettext_lazy("Transfer to another room or program")
        DISMISSAL = "dismissal", gettext_lazy("Dismissal or expulsion")

    class DecidedBy(models.TextChoices):
        TEACHER = "teacher", gettext_lazy("Teacher")
        DIRECTOR = "director", gettext_lazy("Director")
        OWNER = "owner", gettext_lazy("Owner or administrator")
        OTHER = "other", gettext_lazy("Someone else")

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        ConsultationCase, on_delete=models.PROTECT, related_name="exclusion_events"
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="exclusion_events")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    occurred_on = models.DateField("date")
    days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many days it lasted, when it lasted days."
    )
    decided_by = models.CharField("who decided", max_length=10, choices=DecidedBy.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    # Who may see this row: the consultant at the end of this path (core.scope).
    owner_path = "case__consultant"

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["case", "occurred_on"], name="exclusion_case_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(days__isnull=True) | Q(days__gte=1, days__lte=MAX_EXCLUSION_DAYS),
                name="exclusion_days_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on:%Y-%m-%d}"
