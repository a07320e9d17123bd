"""Visits and the concerns observed on them."""

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from consultation.models.base import TimeStamped
from consultation.models.cases import ConsultationCase
from consultation.models.children import Child
from consultation.models.reference import Activity, ConcernItem
from consultation.models.sites import Classroom, Site
from core.scope import Owner, via

MAX_VISIT_MINUTES = 600


# Kept by name so a save of a visit and its three lists writes one history row, not four
# (consultation.services.visits).
VISIT_HISTORY = HistoricalRecords(m2m_fields=["activities", "classrooms", "children"])


class Visit(TimeStamped):
    class Mode(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        VIRTUAL = "virtual", _("Virtual")
        PHONE = "phone", _("Phone")

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        ConsultationCase, on_delete=models.PROTECT, related_name="visits", null=True, blank=True
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="visits")
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits"
    )
    visit_date = models.DateField()
    start_time = models.TimeField()
    duration_minutes = models.PositiveSmallIntegerField(
        "duration (minutes)", help_text="1 to 600 minutes."
    )
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.ON_SITE)
    activities = models.ManyToManyField(Activity, related_name="visits", blank=True)
    classrooms = models.ManyToManyField(Classroom, related_name="visits", blank=True)
    children = models.ManyToManyField(Child, related_name="visits", blank=True)
    notes = models.TextField(
        "private case notes",
        blank=True,
        help_text="For the case record: never printed or exported.",
    )
    shared_notes = models.TextField(
        "notes shared with the provider",
        blank=True,
        help_text="Printed on the provider's visit summary, word for word.",
    )
    next_steps = models.TextField(blank=True)
    next_visit_date = models.DateField(null=True, blank=True)
    # Voided: logged in error (twice, on the wrong case). The visit stays in the history and the
    # audit and drops out of every figure and export; nothing is deleted.
    is_archived = models.BooleanField("voided", default=False)
    void_reason = models.CharField("why it was voided", max_length=200, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # The form the visit was saved from: the same form posted again (a double tap, a resent
    # request) finds this visit instead of logging a second one.
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # Raised by every save through the services: an edit made on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    history = VISIT_HISTORY

    # Who may see this row (core.scope): the consultant who holds its case, whoever logged it
    # (access follows the case when it is reassigned); the author only when it has no case.
    owner_path = (Owner("case__consultant"), Owner("consultant", when=Q(case__isnull=True)))

    class Meta:
        ordering = ["-visit_date", "-start_time", "-pk"]
        indexes = [
            models.Index(fields=["consultant", "visit_date"], name="visit_consultant_date_idx"),
            # A case's live visits with the figures its lists show (last and next visit, count,
            # recent minutes): read from the index alone, not from the visits' rows.
            models.Index(
                fields=["case", "visit_date"],
                include=["next_visit_date", "duration_minutes"],
                condition=Q(is_archived=False),
                name="visit_live_by_case_idx",
            ),
            # Date ranges (reports, exports) and the default order, newest first, in one index.
            models.Index(
                fields=["-visit_date", "-start_time", "-id"], name="visit_recent_first_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1) & Q(duration_minutes__lte=MAX_VISIT_MINUTES),
                name="visit_duration_1_to_600_minutes",
            ),
            models.CheckConstraint(
                condition=Q(next_visit_date__isnull=True) | Q(next_visit_date__gte=F("visit_date")),
                name="visit_next_visit_not_before_visit",
            ),
            models.CheckConstraint(
                condition=Q(is_archived=False, voided_at__isnull=True, void_reason="")
                | Q(is_archived=True, voided_at__isnull=False) & ~Q(void_reason=""),
                name="visit_voided_with_a_date_and_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Visit to {self.site.name} on {self.visit_date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("consultation:visit_detail", args=[self.uuid])

    @property
    def hours(self) -> float:
        return self.duration_minutes / 60


class ObservedConcern(TimeStamped):
    class Frequency(models.TextChoices):
        ONCE = "once", _("Once")
        SOMETIMES = "sometimes", _("Sometimes")
        OFTEN = "often", _("Often")

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="concerns")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="concerns")
    concern_item = models.ForeignKey(
        ConcernItem, on_delete=models.PROTECT, related_name="observations"
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    # Who may see this row: whoever may see its visit (core.scope).
    owner_path = via("visit", Visit.owner_path)

    class Meta:
        ordering = ["visit", "child", "concern_item", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "child", "concern_item"], name="concern_once_per_visit_child_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.child.initials}: {self.concern_item.text}"
