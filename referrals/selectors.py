"""Reads for referrals, scoped like the cases they belong to; and the referral figures that the
consultation pages and the admin show beside a case's own (they read them here)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    QuerySet,
    Value,
    When,
)
from django.utils.translation import gettext as _

from accounts.models import User
from consultation.models import Child, ConsultationCase
from consultation.selectors import FigurePart, TimelineEvent, count_of, newest_first, uuid_url
from core.i18n import in_language
from core.scope import scoped
from referrals.models import (
    Agency,
    Referral,
    ReferralStatusChange,
    ServiceType,
    follow_up_overdue,
)


def referrals_visible_to(user: User | Any) -> QuerySet[Referral]:
    referrals = Referral.objects.filter(case__is_archived=False).select_related(
        "case__site", "case__consultant", "child", "service_type", "agency"
    )
    return scoped(referrals, user)


def referrals_by_follow_up(user: User | Any, *, today: date) -> QuerySet[Referral]:
    """Open referrals, overdue follow-ups first, then by due date."""
    return (
        referrals_visible_to(user)
        .filter(status__in=Referral.OPEN_STATUSES)
        .annotate(
            overdue=Case(
                When(follow_up_overdue(today), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("overdue", "follow_up_due", "pk")
    )


def referrals_of_case(user: User | Any, case: ConsultationCase) -> QuerySet[Referral]:
    """A case's referrals as its page lists them: service type, status and follow-up date."""
    return (
        referrals_visible_to(user)
        .filter(case=case)
        .select_related(None)
        .select_related("service_type")
    )


def referrals_of_child(user: User | Any, child: Child) -> QuerySet[Referral]:
    return referrals_visible_to(user).filter(child=child)


def agencies_to_share_with() -> QuerySet[Agency]:
    """The agencies a consent to share may be limited to."""
    return Agency.objects.filter(is_active=True).order_by("name")


def service_types_to_share_for() -> QuerySet[ServiceType]:
    return ServiceType.objects.filter(is_active=True).order_by("sort_order", "name")


def crisis_lines() -> QuerySet[Agency]:
    return Agency.objects.filter(is_crisis_line=True, is_active=True).order_by("sort_order", "pk")


# Beside the cases ------------------------------------------------------------------------------


def overdue_follow_up(*, today: date) -> Exists:
    """For a query of cases: whether the case has a referral follow-up overdue."""
    return Exists(Referral.objects.filter(case=OuterRef("pk")).follow_up_overdue(today))


def case_referral_figures(*, today: date) -> dict[str, Any]:
    """Annotations for a query of cases: its open referrals and whether a follow-up is overdue."""
    open_referrals = Referral.objects.filter(case=OuterRef("pk"), status__in=Referral.OPEN_STATUSES)
    return {
        "open_referral_count": count_of(open_referrals, "case"),
        "has_overdue_referral": overdue_follow_up(today=today),
    }


def overdue_follow_ups_by_consultant(*, today: date) -> FigurePart:
    """A team caseload figure (consultation.selectors.FigurePart): each consultant's referrals
    with a follow-up overdue, on their current cases."""

    def part(ids: list[int]) -> QuerySet:
        return (
            Referral.objects.follow_up_overdue(today)
            .filter(case__consultant_id__in=ids, case__is_archived=False)
            .order_by()
            .values("case__consultant_id")
            .annotate(kind=Value("overdue_referrals"), n=Count("pk"), m=Value(0))
        )

    return part


def referral_events(case: ConsultationCase) -> list[TimelineEvent]:
    """The dated steps of a case's referrals, as events of its timeline."""
    referral_url = uuid_url("referrals:referral_detail")
    statuses = {value: label.lower() for value, label in Referral.Status.choices}
    changes = ReferralStatusChange.objects.filter(referral__case=case).values_list(
        "pk",
        "changed_on",
        "to_status",
        "note",
        "referral__uuid",
        "referral__service_type__name",
        "referral__service_type__name_es",
    )
    return [
        TimelineEvent(
            changed_on,
            "referral",
            _("Referral to %(service)s: %(status)s")
            % {
                "service": in_language(service, service_es or ""),
                "status": statuses.get(to_status, to_status),
            },
            note,
            referral_url(uuid),
            order=pk * 10 + 5,
        )
        for pk, changed_on, to_status, note, uuid, service, service_es in changes
    ]


def with_referral_events(
    case: ConsultationCase, events: Iterable[TimelineEvent]
) -> list[TimelineEvent]:
    return newest_first([*events, *referral_events(case)])


@dataclass(frozen=True)
class ReferralRow:
    pk: int
    service: str
    status: str
    follow_up_due: date | None


def referral_rows(case: ConsultationCase) -> list[ReferralRow]:
    """A case's referrals in brief, for a page that already holds the case in its scope."""
    statuses = dict(Referral.Status.choices)
    return [
        ReferralRow(pk, service, str(statuses.get(status, status)), due)
        for pk, service, status, due in Referral.objects.filter(case=case)
        .order_by("pk")
        .values_list("pk", "service_type__name", "status", "follow_up_due")
    ]
