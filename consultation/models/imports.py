"""The audit of spreadsheet imports: who uploaded which file, when, and what it did.

A run is made when a file is previewed; the file is held in private storage (core.storage)
under the run's UUID, for its uploader only, until the run is confirmed or abandoned."""

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from consultation.models.base import TimeStamped


class ImportRun(TimeStamped):
    class Kind(models.TextChoices):
        SITES = "sites", _("Sites")
        CLASSROOMS = "classrooms", _("Classrooms")
        CHILDREN = "children", _("Children")

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed, not written")
        CONFIRMED = "confirmed", _("Confirmed and written")
        FAILED = "failed", _("Refused on confirming: nothing written")
        ABANDONED = "abandoned", _("Not confirmed")

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_runs"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PREVIEWED)
    file_name = models.CharField(max_length=200)
    # The held upload (private storage), emptied once the run is confirmed or abandoned.
    stored_name = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    message = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "status"], name="importrun_user_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.file_name}"
