"""The confidentiality agreement every user accepts before seeing any record, and who accepted
which version when. Its text is edited in the admin until someone accepts it; after that a change
is a new version, which everyone is asked to accept again."""

from uuid import uuid4

from django.conf import settings
from django.db import models


class ConfidentialityAgreementQuerySet(models.QuerySet):
    def in_force(self, on) -> "ConfidentialityAgreementQuerySet":
        """Versions in force on a date, the current one first."""
        return self.filter(effective_date__lte=on).order_by("-effective_date", "-version", "-pk")


class ConfidentialityAgreement(models.Model):
    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    version = models.PositiveIntegerField(
        unique=True, help_text="A higher number for each new text: everyone accepts it again."
    )
    effective_date = models.DateField(
        help_text="From this day, users who have not accepted this version are asked to."
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConfidentialityAgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_date", "-version", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="agreement_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"Confidentiality agreement, version {self.version} ({self.effective_date})"


class AgreementAcceptance(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="agreement_acceptances"
    )
    agreement = models.ForeignKey(
        ConfidentialityAgreement, on_delete=models.PROTECT, related_name="acceptances"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-accepted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "agreement"], name="agreement_accepted_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} accepted version {self.agreement.version}"
