"""Caregiver consent: a record of its own, with its history. What it covers, from when, until
when (an expiry, a revocation), and the signed form if one was scanned."""

from datetime import date
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from consultation.models.base import TimeStamped
from consultation.models.children import Child
from core.scope import via
from core.storage import private_storage


def document_path(consent: "Consent", filename: str) -> str:
    """A name that says nothing about the child: the consent's own random id."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"consents/{consent.uuid}.{extension}"


class Consent(TimeStamped):
    """A caregiver's consent for one child: to consultation about the child, to sharing the
    child's information with a referral agency (one agency, one type of service, or any), or
    both. In force from `given_on` through `expires_on`, and never on or after `revoked_on`."""

    class Relationship(models.TextChoices):
        PARENT = "parent", gettext_lazy("Parent")
        GUARDIAN = "guardian", gettext_lazy("Legal guardian")
        FOSTER_PARENT = "foster_parent", gettext_lazy("Foster parent")
        OTHER = "other", gettext_lazy("Other")
        # Consent typed before consent was a record of its own named no relationship.
        NOT_RECORDED = "not_recorded", gettext_lazy("Not recorded (entered before consent records)")

    class Method(models.TextChoices):
        WRITTEN = "written", gettext_lazy("Written")
        VERBAL_THEN_WRITTEN = "verbal_then_written", gettext_lazy("Verbal, then written")

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="consents")
    given_by = models.CharField("given by", max_length=120, help_text="The caregiver's name.")
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    given_on = models.DateField("date given")
    covers_consultation = models.BooleanField(
        "consultation about the child",
        default=False,
        help_text="Child-focused consultation: cases about the child and concerns recorded.",
    )
    covers_sharing = models.BooleanField(
        "sharing with a referral agency",
        default=False,
        help_text="Sharing the child's information when referring the family.",
    )
    # With sharing: one agency, or one type of service, or (both empty) any agency.
    sharing_agency = models.ForeignKey(
        "referrals.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="only with this agency",
    )
    sharing_service_type = models.ForeignKey(
        "referrals.ServiceType",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="only for this type of service",
    )
    method = models.CharField(
        "how it was given", max_length=24, choices=Method.choices, default=Method.WRITTEN
    )
    written_received_on = models.DateField(
        "written copy received", null=True, blank=True, help_text="For verbal consent."
    )
    expires_on = models.DateField("expires on", null=True, blank=True)
    document = models.FileField(
        "signed form", storage=private_storage, upload_to=document_path, blank=True
    )
    revoked_on = models.DateField("revoked on", null=True, blank=True)
    revoked_reported_by = models.CharField("revocation reported by", max_length=120, blank=True)
    # Empty only on consent typed before consent records (its author was not kept then).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    # Who may see this row: whoever may see its child (core.scope).
    owner_path = via("child", Child.owner_path)

    class Meta:
        ordering = ["-given_on", "-pk"]
        indexes = [models.Index(fields=["child", "given_on"], name="consent_child_given_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(covers_consultation=True) | Q(covers_sharing=True),
                name="consent_covers_something",
            ),
            models.CheckConstraint(
                condition=Q(covers_sharing=True)
                | Q(sharing_agency__isnull=True, sharing_service_type__isnull=True),
                name="consent_sharing_target_only_with_sharing",
            ),
            models.CheckConstraint(
                condition=Q(sharing_agency__isnull=True) | Q(sharing_service_type__isnull=True),
                name="consent_one_agency_or_one_service_type",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=F("given_on")),
                name="consent_expires_after_given",
            ),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | Q(revoked_on__gte=F("given_on")),
                name="consent_revoked_after_given",
            ),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | ~Q(revoked_reported_by=""),
                name="consent_revocation_says_who_reported_it",
            ),
            models.CheckConstraint(
                condition=Q(written_received_on__isnull=True)
                | Q(written_received_on__gte=F("given_on")),
                name="consent_written_copy_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"Consent for {self.child.initials} given {self.given_on:%Y-%m-%d}"

    def in_force_on(self, day: date) -> bool:
        """The rule for one record already read (the query is selectors.consents_in_force)."""
        if day < self.given_on:
            return False
        if self.expires_on is not None and day > self.expires_on:
            return False
        return self.revoked_on is None or day < self.revoked_on

    def covers_for(self, purpose: str) -> bool:
        """Covers consultation, or sharing with some agency ("consultation" / "sharing")."""
        return self.covers_consultation if purpose == "consultation" else self.covers_sharing

    @property
    def covers(self) -> str:
        """What the consent covers, in words."""
        parts = []
        if self.covers_consultation:
            parts.append(_("consultation"))
        if self.covers_sharing:
            target = self.sharing_agency or self.sharing_service_type
            parts.append(
                _("sharing with %(target)s") % {"target": target}
                if target
                else _("sharing with any agency")
            )
        return _(" and ").join(parts)
