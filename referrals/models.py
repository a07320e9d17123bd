from datetime import date
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from consultation.models import ConsultationCase, ReferenceItem, TimeStamped


class ServiceType(ReferenceItem):
    """A kind of service a family or child can be referred to (reference data)."""

    who_it_serves = models.CharField(max_length=250, blank=True)
    max_age_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Oldest age served, in months, exclusive (SoonerStart: 36; Child Guidance: 108).",
    )


class Agency(ReferenceItem):
    """An organisation that provides services; phone numbers change, so they live here."""

    name = models.CharField(max_length=160, unique=True)
    service_types = models.ManyToManyField(ServiceType, related_name="agencies")
    phone = models.CharField(max_length=30, blank=True)
    website = models.URLField(blank=True)
    notes = models.CharField(max_length=250, blank=True)
    is_crisis_line = models.BooleanField(
        default=False, help_text="Shown in every page footer and in the crisis prompt."
    )
    crisis_contact_how = models.CharField(
        max_length=40, blank=True, help_text="For crisis lines: e.g. 'call or text'."
    )
    history = HistoricalRecords(m2m_fields=["service_types"])

    class Meta(ReferenceItem.Meta):
        verbose_name_plural = "agencies"


# Statuses whose follow-up is still the consultant's job: sent, waitlisted, accepted.
AWAITING_FOLLOW_UP = ["sent", "waitlisted", "accepted"]


def follow_up_overdue(today: date) -> Q:
    """The overdue rule, as a filter on referrals: a referral awaiting follow-up whose follow-up
    date is before today."""
    return Q(status__in=AWAITING_FOLLOW_UP, follow_up_due__lt=today)


class ReferralQuerySet(models.QuerySet):
    def follow_up_overdue(self, today: date) -> "ReferralQuerySet":
        return self.filter(follow_up_overdue(today))


class Referral(TimeStamped):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted / scheduled")
        SERVICES_STARTED = "services_started", _("Services started")
        DECLINED = "declined", _("Declined")
        WAITLISTED = "waitlisted", _("Waitlisted")
        CLOSED = "closed", _("Closed")

    # Where each status may go next. Anything else is refused by referral_transition.
    ALLOWED_TRANSITIONS = {
        Status.DRAFT: (Status.SENT, Status.CLOSED),
        Status.SENT: (Status.ACCEPTED, Status.WAITLISTED, Status.DECLINED, Status.CLOSED),
        Status.WAITLISTED: (Status.ACCEPTED, Status.DECLINED, Status.CLOSED),
        Status.ACCEPTED: (Status.SERVICES_STARTED, Status.DECLINED, Status.CLOSED),
        Status.SERVICES_STARTED: (Status.CLOSED,),
        Status.DECLINED: (Status.CLOSED,),
        Status.CLOSED: (),
    }
    OPEN_STATUSES = (Status.DRAFT, Status.SENT, Status.WAITLISTED, Status.ACCEPTED)

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    case = models.ForeignKey(ConsultationCase, on_delete=models.PROTECT, related_name="referrals")
    child = models.ForeignKey(
        "consultation.Child",
        on_delete=models.PROTECT,
        related_name="referrals",
        null=True,
        blank=True,
        help_text="Empty for a referral of the family or the program as a whole.",
    )
    service_type = models.ForeignKey(
        ServiceType, on_delete=models.PROTECT, related_name="referrals"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="referrals")
    reason = models.TextField()
    # The child's consent this referral was sent under (consultation.Consent), set on sending.
    consent = models.ForeignKey(
        "consultation.Consent",
        on_delete=models.PROTECT,
        related_name="referrals",
        null=True,
        blank=True,
    )
    # A referral naming no child (the family, the program) carries the family's consent to this
    # one referral itself: there is no child record to hold it.
    consent_date = models.DateField(
        "family consent date",
        null=True,
        blank=True,
        help_text="Only for a referral that names no child.",
    )
    consent_given_by = models.CharField("family consent given by", max_length=120, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    sent_on = models.DateField(null=True, blank=True)
    follow_up_due = models.DateField("follow-up due", null=True, blank=True)
    outcome_note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_created"
    )
    history = HistoricalRecords()

    objects = ReferralQuerySet.as_manager()

    # Who may see this row: the consultant at the end of this path (core.scope).
    owner_path = "case__consultant"

    class Meta:
        ordering = ["follow_up_due", "-pk"]
        indexes = [
            models.Index(fields=["status", "follow_up_due"], name="referral_status_followup_idx"),
            # Referrals sent in a period (the reports' referral figures).
            models.Index(
                fields=["sent_on"], condition=Q(sent_on__isnull=False), name="referral_sent_on_idx"
            ),
            # "Follow-up overdue" per case (caseload flags, admin filters).
            models.Index(
                fields=["case", "follow_up_due"],
                condition=Q(status__in=AWAITING_FOLLOW_UP),
                name="referral_awaiting_due_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_date__isnull=True, consent_given_by="")
                | Q(consent_date__isnull=False, child__isnull=True) & ~Q(consent_given_by=""),
                name="referral_family_consent_only_without_a_child",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(status="closed") | Q(sent_on__isnull=False),
                name="referral_sent_on_once_sent",
            ),
        ]

    def __str__(self) -> str:
        who = self.child.initials if self.child is not None else _("family")
        return str(_("Referral of %(who)s to %(service)s")) % {
            "who": who,
            "service": self.service_type.local_name,
        }

    @property
    def has_family_consent(self) -> bool:
        return self.consent_date is not None and bool(self.consent_given_by)

    @property
    def subject_child(self):
        """The child whose information the referral shares: the one it names, else its case's
        child; None for a referral of the family or program in a case about no one child."""
        return self.child or self.case.child

    def is_follow_up_overdue(self, today: date) -> bool:
        """The overdue rule (follow_up_overdue) for one referral already read."""
        return bool(
            self.status in AWAITING_FOLLOW_UP and self.follow_up_due and self.follow_up_due < today
        )

    def allowed_next_statuses(self) -> tuple[str, ...]:
        return self.ALLOWED_TRANSITIONS[self.Status(self.status)]

    def get_absolute_url(self) -> str:
        return reverse("referrals:referral_detail", args=[self.uuid])


class ReferralStatusChange(models.Model):
    """One dated step of a referral's timeline (never edited: days-to-service is read from it)."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Referral.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Referral.Status.choices)
    changed_on = models.DateField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # Who may see this row: the consultant at the end of this path (core.scope).
    owner_path = "referral__case__consultant"

    class Meta:
        ordering = ["referral", "changed_on", "pk"]
        indexes = [
            models.Index(fields=["to_status", "changed_on"], name="refchange_to_status_on_idx")
        ]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status} on {self.changed_on:%Y-%m-%d}"
