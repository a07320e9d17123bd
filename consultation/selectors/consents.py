"""The one consent rule, as reads: which consent, if any, lets work about a child go ahead on a
day. Opening a child-focused case and recording concerns need consultation consent; sending a
referral needs sharing consent that covers its agency or its type of service (or any agency).

A consent is in force from the day it was given through its expiry date, and stops on the day
it was revoked: work dated before a revocation stays on record, new work from that day is
refused."""

from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum
from typing import Any

from django.db.models import Q, QuerySet

from consultation.models import Child, Consent


class Purpose(StrEnum):
    CONSULTATION = "consultation"
    SHARING = "sharing"


def in_force_on(day: date) -> Q:
    return (
        Q(given_on__lte=day)
        & (Q(expires_on__isnull=True) | Q(expires_on__gte=day))
        & (Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))
    )


def covering(purpose: Purpose, *, agency: Any = None, service_type: Any = None) -> Q:
    """Consents that cover the purpose: for sharing, with this agency or this type of service,
    or with any agency."""
    if purpose == Purpose.CONSULTATION:
        return Q(covers_consultation=True)
    target = Q(sharing_agency__isnull=True, sharing_service_type__isnull=True)
    if agency is not None:
        target |= Q(sharing_agency=agency)
    if service_type is not None:
        target |= Q(sharing_service_type=service_type)
    return Q(covers_sharing=True) & target


def consent_in_force(
    child: Child,
    on: date,
    purpose: Purpose,
    *,
    agency: Any = None,
    service_type: Any = None,
) -> Consent | None:
    """The consent that lets the work go ahead, the most recently given first; None if none."""
    consents = Consent.objects.filter(
        in_force_on(on), covering(purpose, agency=agency, service_type=service_type), child=child
    )
    return consents.order_by("-given_on", "-pk").first()


def children_with_consent(children: Iterable[Child], on: date, purpose: Purpose) -> set[int]:
    """Of these children, the ids of those with consent for the purpose on the day (one query)."""
    ids = [child.pk for child in children]
    if not ids:
        return set()
    consents = Consent.objects.filter(in_force_on(on), covering(purpose), child__in=ids)
    return set(consents.values_list("child_id", flat=True))


def consent_periods(children: Iterable[Child], purpose: Purpose) -> dict[int, list[list[str]]]:
    """For each child, the periods their consent for the purpose is in force: [first day, last
    day or ""] as ISO dates, for the visit form's script to follow a changing visit date."""
    periods: dict[int, list[list[str]]] = {child.pk: [] for child in children}
    consents = Consent.objects.filter(covering(purpose), child__in=list(periods)).values(
        "child_id", "given_on", "expires_on", "revoked_on"
    )
    for consent in consents:
        periods[consent["child_id"]].append([consent["given_on"].isoformat(), _last_day(consent)])
    return periods


def covered(periods: list[list[str]], day: date) -> bool:
    """Whether a day falls in one of consent_periods' periods (read without a query)."""
    text = day.isoformat()
    return any(start <= text and (not end or text <= end) for start, end in periods)


def _last_day(consent: Mapping[str, Any]) -> str:
    ends = []
    if consent["expires_on"] is not None:
        ends.append(consent["expires_on"])
    if consent["revoked_on"] is not None:
        ends.append(date.fromordinal(consent["revoked_on"].toordinal() - 1))
    return min(ends).isoformat() if ends else ""


def consents_of(child: Child) -> QuerySet[Consent]:
    """A child's consents, newest first, with what the child's page shows of them."""
    return child.consents.select_related("sharing_agency", "sharing_service_type", "recorded_by")


def last_revocation(
    child: Child, purpose: Purpose, *, before: date, agency: Any = None, service_type: Any = None
) -> date | None:
    """When the child's consent for the purpose was last revoked, on or before the day: what a
    refusal says instead of "no consent"."""
    revoked = Consent.objects.filter(
        covering(purpose, agency=agency, service_type=service_type),
        child=child,
        revoked_on__lte=before,
    )
    return revoked.order_by("-revoked_on").values_list("revoked_on", flat=True).first()
