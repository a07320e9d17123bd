"""A case's status, in a module of its own: the sites module reads which statuses are open
(a consultant with an open case at a site works there) and cases.py imports the sites module."""

from django.db import models


class CaseStatus(models.TextChoices):
    INTAKE = "intake", "Intake"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


OPEN_CASE_STATUSES = (CaseStatus.INTAKE, CaseStatus.ACTIVE)
