"""Reads of outcomes: placement follow-ups due on a caseload and on a case, a child's
demographics."""

from datetime import date
from typing import Any

from django.db.models import QuerySet

from accounts.models import User
from consultation.models import Child, ChildDemographics, ConsultationCase, PlacementFollowUp
from core.scope import scoped

FOLLOW_UPS_SHOWN = 20  # the caseload lists the oldest; each case's page has its own


def follow_ups_visible_to(user: User | Any) -> QuerySet[PlacementFollowUp]:
    """Follow-ups of live cases the user sees, with what their question names."""
    live = PlacementFollowUp.objects.filter(case__is_archived=False)
    return scoped(live.select_related("child", "case__site"), user)


def follow_ups_to_answer(user: User | Any, *, today: date) -> list[PlacementFollowUp]:
    """Unanswered follow-ups whose day has come, oldest first (the caseload's list)."""
    due = follow_ups_visible_to(user).filter(answer="", due_on__lte=today)
    return list(due.order_by("due_on", "pk")[:FOLLOW_UPS_SHOWN])


def follow_ups_of(case: ConsultationCase) -> list[PlacementFollowUp]:
    """A case's follow-ups, 30 days first; cases other than child-focused have none (no query)."""
    if case.focus != ConsultationCase.Focus.CHILD:
        return []
    return list(case.placement_follow_ups.order_by("days_after", "pk"))


def demographics_of(child: Child) -> ChildDemographics | None:
    return ChildDemographics.objects.filter(child=child).first()
