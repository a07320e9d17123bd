"""The referral notification (accounts.notify makes and emails it): a consultant with referral
follow-ups overdue (referrals.models.follow_up_overdue) hears of them once a day at most, in one
notification that says how many and at which sites, and links to their referrals (overdue
first). It names no child."""

from collections import defaultdict
from datetime import date

from django.urls import reverse

from accounts.models import Notification, User
from accounts.notify import notify
from referrals.models import Referral

SITES_NAMED = 3


def _where(sites: list[str]) -> str:
    named = sorted(set(sites))
    more = len(named) - SITES_NAMED
    shown = ", ".join(named[:SITES_NAMED])
    return f"{shown} and {more} other site(s)" if more > 0 else shown


def notify_follow_ups_overdue(*, today: date) -> int:
    """One notification per consultant with overdue follow-ups, at most one a day. How many."""
    overdue = (
        Referral.objects.follow_up_overdue(today)
        .filter(case__is_archived=False)
        .values_list("case__consultant", "case__site__name")
    )
    sites_of: dict[int, list[str]] = defaultdict(list)
    for consultant_id, site_name in overdue:
        sites_of[consultant_id].append(site_name)
    made = 0
    for consultant in User.objects.filter(pk__in=sites_of).order_by("pk"):
        sites = sites_of[consultant.pk]
        made += bool(
            notify(
                recipient=consultant,
                kind=Notification.Kind.FOLLOW_UP_OVERDUE,
                text=f"{len(sites)} referral follow-up(s) overdue, at {_where(sites)}.",
                link=reverse("referrals:referral_list"),
                key=f"day:{today.isoformat()}",
            )
        )
    return made
