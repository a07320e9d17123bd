"""Consultation cases: one request for help, assigned to one consultant."""

from datetime import date
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from consultation.models.base import TimeStamped
from consultation.models.case_status import CaseStatus
from consultation.models.children import Child
from consultation.models.sites import Classroom, Site


class ConsultationCase(TimeStamped):
    """One request for help, assigned to one consultant."""

    class Focus(models.TextChoices):
        CHILD = "child", gettext_lazy("Child-focused")
        CLASSROOM = "classroom", gettext_lazy("Classroom-focused")
        PROGRAM = "program", gettext_lazy("Program-wide")

    Status = CaseStatus

    class ClosureReason(models.TextChoices):
        GOALS_MET = "goals_met", gettext_lazy("Goals met")
        FAMILY_WITHDREW = "family_withdrew", gettext_lazy("Family withdrew")
        CHILD_LEFT = "child_left", gettext_lazy("Child left the program")
        CHILD_EXPELLED = "child_expelled", gettext_lazy("Child expelled or suspended")
        PROGRAM_DECLINED = "program_declined", gettext_lazy("Program declined")
        OTHER = "other", gettext_lazy("Other")

    class Placement(models.TextChoices):
        RETAINED = "retained", gettext_lazy("Retained (still enrolled)")
        MOVED_BY_CHOICE = "moved_by_choice", gettext_lazy("Moved to another program by choice")
        SUSPENDED = "suspended", gettext_lazy("Suspended")
        EXPELLED = "expelled", gettext_lazy("Expelled")
        UNKNOWN = "unknown", gettext_lazy("Unknown")

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    focus = models.CharField(max_length=12, choices=Focus.choices)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="cases")
    classroom = models.ForeignKey(
        Classroom, on_delete=models.PROTECT, related_name="cases", null=True, blank=True
    )
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="cases", null=True, blank=True
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cases",
        limit_choices_to={"role": "consultant"},
    )
    opened_on = models.DateField()
    reason = models.TextField("reason for request")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INTAKE)
    at_risk_of_expulsion = models.BooleanField(
        "at risk of suspension or expulsion at intake",
        default=False,
        help_text="Child-focused cases: was the child at risk when the request came in?",
    )
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=20, choices=ClosureReason.choices, blank=True)
    closure_note = models.TextField(blank=True)
    placement_at_closure = models.CharField(
        max_length=20,
        choices=Placement.choices,
        blank=True,
        help_text="Child-focused cases: was the child still enrolled when the case closed?",
    )
    is_archived = models.BooleanField(
        default=False, help_text="Opened in error: hidden from caseloads and reports, kept."
    )
    # Closure sign-off (settings.CLOSURE_SIGN_OFF): a consultant's closure waits here until the
    # supervisor approves it (the case closes on the date asked for) or returns it with a comment.
    closure_requested_on = models.DateField(
        "closure requested for", null=True, blank=True, help_text="The closing date asked for."
    )
    requested_closure_reason = models.CharField(
        max_length=20, choices=ClosureReason.choices, blank=True
    )
    requested_placement = models.CharField(max_length=20, choices=Placement.choices, blank=True)
    requested_closure_note = models.TextField(blank=True)
    closure_return_comment = models.TextField(
        blank=True, help_text="Why the supervisor returned the last closure request."
    )
    # Why a supervisor last gave the case to another consultant (services.case_reassign): each
    # reassignment's reason stays in the case's history, and goes to the new consultant.
    reassignment_reason = models.TextField(blank=True)
    # Raised by every save through the services: an edit made on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    # Who may see this row: the consultant at the end of this path (core.scope).
    owner_path = "consultant"

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = "consultation case"
        indexes = [
            models.Index(fields=["consultant", "status"], name="case_consultant_status_idx"),
            # The admin's default order, newest first: a page of it is an index range scan.
            models.Index(fields=["-opened_on", "-id"], name="case_recent_first_idx"),
            # A team's current cases (the supervisor's changelist: its count, date links and
            # pages) and their oldest open case, from the index alone.
            models.Index(
                fields=["consultant", "opened_on", "id"],
                condition=Q(is_archived=False),
                name="case_live_by_consultant_idx",
            ),
            # A consultant's open cases, oldest first: the caseload page and the team caseload.
            models.Index(
                fields=["consultant", "opened_on", "id"],
                condition=Q(is_archived=False) & ~Q(status="closed"),
                name="case_open_by_consultant_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(focus="child", child__isnull=False)
                | Q(focus="classroom", classroom__isnull=False, child__isnull=True)
                | Q(focus="program", classroom__isnull=True, child__isnull=True),
                name="case_subject_matches_focus",
            ),
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False) & ~Q(closure_reason="")
                | ~Q(status="closed") & Q(closed_on__isnull=True, closure_reason=""),
                name="case_closed_iff_closed_on_and_reason",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="case_closed_on_not_before_opened_on",
            ),
            models.CheckConstraint(
                condition=Q(placement_at_closure="") | Q(focus="child", status="closed"),
                name="case_placement_only_for_closed_child_cases",
            ),
            models.CheckConstraint(
                condition=Q(at_risk_of_expulsion=False) | Q(focus="child"),
                name="case_expulsion_risk_only_for_child_cases",
            ),
            models.CheckConstraint(
                condition=Q(closure_requested_on__isnull=True)
                | ~Q(status="closed") & ~Q(requested_closure_reason=""),
                name="case_closure_request_only_open_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_focus_display()} case at {self.site.name} ({self.opened_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("consultation:case_detail", args=[self.uuid])

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    @property
    def closure_requested(self) -> bool:
        """A consultant asked to close the case and the supervisor has not decided yet."""
        return self.closure_requested_on is not None

    @property
    def subject_label(self) -> str:
        """Child initials, classroom name or 'whole program': what the case is about."""
        if self.child is not None:
            return self.child.initials
        if self.classroom is not None:
            return self.classroom.name
        return _("Whole program")

    def days_open(self, today: date) -> int:
        return ((self.closed_on or today) - self.opened_on).days
