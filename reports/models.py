from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q


class ReportExport(models.Model):
    """One download of report data: who took it, when, with which filters and how many rows.

    Written once by the export views and never edited: it is the audit trail of what left."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"

    class Variant(models.TextChoices):
        FULL = "full", "Full figures"
        PUBLIC = "public", "Public (small cells suppressed)"
        VISITS = "visits", "Visit-level data (pseudonymous)"

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="report_exports"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    table = models.CharField(max_length=40, help_text="Which table (or 'visits') was exported.")
    format = models.CharField(max_length=5, choices=Format.choices)
    variant = models.CharField(max_length=8, choices=Variant.choices)
    filters = models.JSONField(default=dict, help_text="The filters the export was taken with.")
    row_count = models.PositiveIntegerField(help_text="Data rows in the file (header excluded).")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_at"], name="reportexport_created_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(variant="visits") | Q(table="visits"),
                name="reportexport_visit_variant_is_visit_table",
            )
        ]

    def __str__(self) -> str:
        return f"{self.table} ({self.get_variant_display()}, {self.format}) by {self.exported_by}"
