"""Reads for referrals, scoped like the cases they belong to."""

from datetime import date

from django.db.models import Case, IntegerField, QuerySet, Value, When

from accounts.models import User
from consultation.selectors import _consultant_scope
from referrals.models import Agency, Referral


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    referrals = Referral.objects.filter(case__is_archived=False).select_related(
        "case__site", "case__consultant", "child", "service_type", "agency"
    )
    scope = _consultant_scope(user, "case__consultant")
    return referrals if scope is None else referrals.filter(scope)


def referrals_by_follow_up(user: User, *, today: date) -> QuerySet[Referral]:
    """Open referrals, overdue follow-ups first, then by due date."""
    return (
        referrals_visible_to(user)
        .filter(status__in=Referral.OPEN_STATUSES)
        .annotate(
            overdue=Case(
                When(
                    status__in=Referral.AWAITING_FOLLOW_UP,
                    follow_up_due__lt=today,
                    then=Value(0),
                ),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("overdue", "follow_up_due", "pk")
    )


def agencies_for(service_type_id: int | None) -> QuerySet[Agency]:
    agencies = Agency.objects.filter(is_active=True)
    if service_type_id:
        agencies = agencies.filter(service_types=service_type_id)
    return agencies


def crisis_lines() -> QuerySet[Agency]:
    return Agency.objects.filter(is_crisis_line=True, is_active=True).order_by("sort_order", "pk")
