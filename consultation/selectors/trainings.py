"""Trainings a user may see: a consultant's own, a supervisor's team's, everyone's for program
leads and superusers (core.scope, through Training.owner_path)."""

from typing import Any

from django.db.models import Prefetch, QuerySet

from consultation.models import Site, Training
from core.scope import scoped


def trainings_visible_to(user: Any) -> QuerySet[Training]:
    trainings = Training.objects.select_related(
        "topic", "consultant", "voided_by"
    ).prefetch_related(
        Prefetch("sites", queryset=Site.objects.select_related("county").order_by("name", "pk"))
    )
    return scoped(trainings, user)
