"""Visits being typed: what a consultant has entered in a visit form and not yet saved."""

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q

from consultation.models.base import TimeStamped
from consultation.models.cases import ConsultationCase
from consultation.models.visits import Visit


class VisitDraft(TimeStamped):
    """The visit form as it stood when last saved in the background: the posted fields, as
    lists of values by name. A draft is only its consultant's, is never a visit (no figure,
    export or report reads this table) and is removed when the visit is saved."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="visit_drafts"
    )
    case = models.ForeignKey(ConsultationCase, on_delete=models.CASCADE, related_name="drafts")
    # The visit being edited, for a draft of an edit; none for a new visit.
    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="drafts", null=True, blank=True
    )
    data = models.JSONField(default=dict)

    # Who may see this row: the consultant at the end of this path (core.scope).
    owner_path = "consultant"

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultant", "case"],
                condition=Q(visit__isnull=True),
                name="visitdraft_one_new_visit_per_case",
            ),
            models.UniqueConstraint(
                fields=["consultant", "visit"],
                condition=Q(visit__isnull=False),
                name="visitdraft_one_per_visit_edited",
            ),
        ]

    def __str__(self) -> str:
        return f"Unfinished visit of {self.updated_at:%Y-%m-%d %H:%M}"
