"""Requests for consultation, recorded before they become a case (intake), and the dated steps
each one takes: received, contacted, assigned, then a case opened, or declined, not served or
waitlisted. The current state sits on the request; every step is a row of its own, kept."""

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from consultation.models.base import TimeStamped
from consultation.models.cases import ConsultationCase
from consultation.models.children import Child
from consultation.models.sites import Classroom, Site
from core.scope import via


class Intake(TimeStamped):
    """One request for consultation."""

    class Source(models.TextChoices):
        PROVIDER = "provider", _("Childcare provider")
        DIRECTOR = "director", _("Director")
        PARENT = "parent", _("Parent or caregiver")
        WARMLINE = "warmline", _("Warmline")
        HEALTH_DEPARTMENT = "health_department", _("Health department")
        CHILD_GUIDANCE = "child_guidance", _("Child Guidance")
        SELF = "self", _("Self-referral")
        OTHER = "other", _("Other")

    class Reason(models.TextChoices):
        BEHAVIOUR = "behaviour", _("Behaviour")
        SOCIAL_EMOTIONAL = "social_emotional", _("Social-emotional")
        TRAUMA = "trauma", _("Trauma")
        DEVELOPMENTAL = "developmental", _("Developmental concern")
        CLASSROOM_CLIMATE = "classroom_climate", _("Classroom climate")
        TEACHER_SUPPORT = "teacher_support", _("Teacher support")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        CONTACTED = "contacted", _("Contacted")
        ASSIGNED = "assigned", _("Assigned")
        CASE_OPENED = "case_opened", _("Case opened")
        DECLINED = "declined", _("Declined")
        NOT_SERVED = "not_served", _("Not served")
        WAITLISTED = "waitlisted", _("Waitlisted")

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    received_on = models.DateField("date received")
    source = models.CharField(max_length=20, choices=Source.choices)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="intakes")
    classroom = models.ForeignKey(
        Classroom, on_delete=models.PROTECT, related_name="intakes", null=True, blank=True
    )
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="intakes", null=True, blank=True
    )
    reason_category = models.CharField("reason", max_length=20, choices=Reason.choices)
    reason = models.TextField("what was asked", blank=True)
    expulsion_risk = models.BooleanField("risk of suspension or expulsion", default=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVED)
    contacted_on = models.DateField("first contact", null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="intakes",
        null=True,
        blank=True,
        limit_choices_to={"role": "consultant"},
    )
    assigned_on = models.DateField(null=True, blank=True)
    waitlisted_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(
        "declined or not served on", null=True, blank=True, help_text="Declined or not served."
    )
    end_reason = models.TextField("why not served", blank=True)
    case = models.OneToOneField(
        ConsultationCase,
        on_delete=models.PROTECT,
        related_name="intake",
        null=True,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    # Who may see this row: the consultant it is assigned to (core.scope); the intake queue adds
    # a supervisor's unassigned requests in the team's counties (selectors.intakes_visible_to).
    owner_path = "assigned_to"

    class Meta:
        ordering = ["received_on", "pk"]
        indexes = [
            models.Index(fields=["status", "received_on"], name="intake_status_received_idx"),
            models.Index(fields=["assigned_to", "status"], name="intake_assigned_idx"),
            models.Index(fields=["received_on"], name="intake_received_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(assigned_to__isnull=True, assigned_on__isnull=True)
                | Q(assigned_to__isnull=False, assigned_on__isnull=False),
                name="intake_assigned_with_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="case_opened") | Q(case__isnull=False),
                name="intake_case_opened_has_case",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=("declined", "not_served"))
                | Q(ended_on__isnull=False) & ~Q(end_reason=""),
                name="intake_ended_has_date_and_reason",
            ),
            models.CheckConstraint(
                condition=Q(contacted_on__isnull=True)
                | Q(contacted_on__gte=models.F("received_on")),
                name="intake_contact_not_before_received",
            ),
        ]

    def __str__(self) -> str:
        return f"Request from {self.get_source_display()} at {self.site.name} ({self.received_on})"

    def get_absolute_url(self) -> str:
        return reverse("consultation:intake_detail", args=[self.uuid])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_INTAKE_STATUSES

    @property
    def subject_label(self) -> str:
        if self.child is not None:
            return self.child.initials
        if self.classroom is not None:
            return self.classroom.name
        return gettext("Whole program")


OPEN_INTAKE_STATUSES = (
    Intake.Status.RECEIVED,
    Intake.Status.CONTACTED,
    Intake.Status.ASSIGNED,
    Intake.Status.WAITLISTED,
)


class IntakeStep(models.Model):
    """One dated step of a request, kept: written once by the intake services, never changed."""

    intake = models.ForeignKey(Intake, on_delete=models.PROTECT, related_name="steps")
    step = models.CharField(max_length=12, choices=Intake.Status.choices)
    on = models.DateField("date")
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="Assigned steps: the consultant.",
    )
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Who may see this row: whoever may see its request (core.scope).
    owner_path = via("intake", Intake.owner_path)

    class Meta:
        ordering = ["on", "pk"]
        indexes = [models.Index(fields=["intake", "on"], name="intakestep_intake_on_idx")]

    def __str__(self) -> str:
        return f"{self.get_step_display()} on {self.on:%Y-%m-%d}"
