"""A case's status, in a module of its own: the sites module reads which statuses are open
(a consultant with an open case at a site works there) and cases.py imports the sites module."""

from django.db import models
from django.utils.translation import gettext_lazy, pgettext_lazy


class CaseStatus(models.TextChoices):
    INTAKE = "intake", pgettext_lazy("case status", "Intake")
    ACTIVE = "active", gettext_lazy("Active")
    CLOSED = "closed", gettext_lazy("Closed")


OPEN_CASE_STATUSES = (CaseStatus.INTAKE, CaseStatus.ACTIVE)
