"""Timeliness of the response to requests for consultation (intake), by county: requests
received and what became of them, days to first contact and to first visit against the
response standards (settings), and the waitlist at the end of the period.

Days are business days (core.business_days: Monday to Friday, settings.BUSINESS_HOLIDAYS
excepted) after the day the request was received. Two queries: the requests received in the
period with their first visit, and the steps of the requests waitlisted by the period's end."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Min, Q, QuerySet

from accounts.models import User
from consultation.models import Intake, IntakeStep
from consultation.selectors.intake import intakes_visible_to
from core.business_days import add_business_days, business_days_between
from reports.figures.definitions import percentile, rate
from reports.figures.sql import TOTAL, ReportFilter
from reports.tables import COUNT, DAYS, RATE, Column, Row, Table

S = Intake.Status
BUSINESS = "business days (Monday to Friday, the holiday list excepted) after the day received"


def _columns() -> list[Column]:
    return [*_outcome_columns(), *_day_columns(), *_risk_columns()]


def _outcome_columns() -> list[Column]:
    return [
        Column("received", "Requests received", COUNT, "Requests received in the period."),
        Column("served", "Served", COUNT, "Of those, requests from which a case was opened."),
        Column("declined", "Declined", COUNT, "Of those, requests the requester declined."),
        Column("not_served", "Not served", COUNT, "Of those, requests the program did not serve."),
        Column("waitlisted", "Waitlisted now", COUNT, "Of those, requests on the waitlist today."),
    ]


def _day_columns() -> list[Column]:
    contact = settings.INTAKE_FIRST_CONTACT_BUSINESS_DAYS
    return [
        Column(
            "contact_median",
            "Median days to first contact",
            DAYS,
            f"Median of the {BUSINESS}, to the first contact, over the requests contacted "
            "(linear interpolation, as PERCENTILE_CONT).",
            basis=("received",),
        ),
        Column(
            "contact_p90",
            "90th percentile days to contact",
            DAYS,
            "90th percentile of the same business days (value at rank 1 + 0.9 × (n - 1)).",
            basis=("received",),
        ),
        Column(
            "contact_within",
            "Contacted within standard",
            RATE,
            f"Requests contacted within {contact} business days ÷ requests contacted or past "
            "that standard today, as a percentage.",
            basis=("received",),
        ),
        Column(
            "visit_median",
            "Median days to first visit",
            DAYS,
            f"Median of the {BUSINESS}, to the first visit logged on the case opened from the "
            "request, over the requests visited.",
            basis=("served",),
        ),
        Column(
            "visit_p90",
            "90th percentile days to visit",
            DAYS,
            "90th percentile of the same business days.",
            basis=("served",),
        ),
    ]


def _risk_columns() -> list[Column]:
    contact = settings.INTAKE_FIRST_CONTACT_BUSINESS_DAYS
    visit = settings.INTAKE_EXPULSION_FIRST_VISIT_BUSINESS_DAYS
    return [
        Column(
            "risk_received",
            "Expulsion-risk requests",
            COUNT,
            "Requests received in the period with a child at risk of suspension or expulsion.",
        ),
        Column(
            "risk_contact_within",
            "Expulsion risk: contacted within standard",
            RATE,
            f"As “contacted within standard” ({contact} business days), over the expulsion-risk "
            "requests only.",
            basis=("risk_received",),
        ),
        Column(
            "risk_visit_within",
            "Expulsion risk: visited within standard",
            RATE,
            f"Expulsion-risk requests with a first visit within {visit} business days ÷ those "
            "visited or past that standard today, as a percentage.",
            basis=("risk_received",),
        ),
        Column(
            "waitlist_end",
            "Waitlist at period end",
            COUNT,
            "Requests received by the last day of the period whose latest step on that day was "
            "“waitlisted” (whenever they were received).",
        ),
    ]


@dataclass(frozen=True)
class Request:
    site: int
    site_name: str
    county: str
    received_on: date
    contacted_on: date | None
    first_visit: date | None
    status: str
    expulsion_risk: bool


def _requests(f: ReportFilter, user: User) -> QuerySet[Intake]:
    intakes = intakes_visible_to(user).order_by()
    if f.county is not None:
        intakes = intakes.filter(site__county=f.county)
    if f.site_type:
        intakes = intakes.filter(site__site_type=f.site_type)
    if f.consultant is not None:
        intakes = intakes.filter(assigned_to=f.consultant)
    return intakes


def requests_received(user: User, f: ReportFilter) -> list[Request]:
    """The requests received in the period that `user` sees, with their first visit: one query,
    shared by the timeliness table and the per-site table."""
    return _received(_requests(f, user), f)


def _received(intakes: QuerySet[Intake], f: ReportFilter) -> list[Request]:
    rows = (
        intakes.filter(received_on__gte=f.date_from, received_on__lte=f.date_to)
        .annotate(
            first_visit=Min("case__visits__visit_date", filter=Q(case__visits__is_archived=False))
        )
        .values_list(
            "site_id",
            "site__name",
            "site__county__name",
            "received_on",
            "contacted_on",
            "first_visit",
            "status",
            "expulsion_risk",
        )
    )
    return [Request(*row) for row in rows]


def waitlist_at(intakes: QuerySet[Intake], day: date) -> dict[str, int]:
    """{county: requests whose latest step on `day` was waitlisted}, and the TOTAL."""
    candidates = intakes.filter(
        received_on__lte=day, steps__step=S.WAITLISTED, steps__on__lte=day
    ).values("pk")
    steps = (
        IntakeStep.objects.filter(intake__in=candidates, on__lte=day)
        .order_by("intake_id", "on", "pk")
        .values_list("intake_id", "intake__site__county__name", "step")
    )
    latest: dict[int, tuple[str, str]] = {}
    for intake_id, county, step in steps:
        latest[intake_id] = (county, step)
    counts: dict[str, int] = defaultdict(int)
    for county, step in latest.values():
        if step == S.WAITLISTED:
            counts[county] += 1
            counts[TOTAL] += 1
    return counts


def _within(requests: Iterable[Request], standard: int, today: date, *, visit: bool) -> Any:
    """The share that met the standard, over those that met it, missed it or are past it."""
    met = due = 0
    for r in requests:
        done = r.first_visit if visit else r.contacted_on
        deadline = add_business_days(r.received_on, standard)
        if done is not None or today > deadline:
            due += 1
            met += done is not None and done <= deadline
    return rate(met, due)


def _days(values: list[int]) -> tuple[float | None, float | None]:
    median, p90 = percentile(values, 0.5), percentile(values, 0.9)
    return (
        round(median, 1) if median is not None else None,
        round(p90, 1) if p90 is not None else None,
    )


# The columns the per-site table shows of each site's requests (reports.figures.sites).
CONTACT_KEYS = ("received", "contact_median", "contact_within")


def contact_columns() -> list[Column]:
    """The timeliness columns of the per-site table: the same columns, the same definitions."""
    return [column for column in _columns() if column.key in CONTACT_KEYS]


def contact_figures(requests: list[Request], today: date) -> dict[str, Any]:
    """Requests received, days to first contact (median, 90th percentile) and the share
    contacted within the standard, of one group of requests."""
    contact = [
        business_days_between(r.received_on, r.contacted_on) for r in requests if r.contacted_on
    ]
    values: dict[str, Any] = {
        "received": len(requests),
        "contact_within": _within(
            requests, settings.INTAKE_FIRST_CONTACT_BUSINESS_DAYS, today, visit=False
        ),
    }
    values["contact_median"], values["contact_p90"] = _days(contact)
    return values


def figures_of(requests: list[Request], waitlist_end: int, today: date) -> dict[str, Any]:
    """The timeliness figures of one group of requests."""
    visit = [business_days_between(r.received_on, r.first_visit) for r in requests if r.first_visit]
    risk = [r for r in requests if r.expulsion_risk]
    contact_days = settings.INTAKE_FIRST_CONTACT_BUSINESS_DAYS
    visit_days = settings.INTAKE_EXPULSION_FIRST_VISIT_BUSINESS_DAYS
    values: dict[str, Any] = {
        **contact_figures(requests, today),
        "served": sum(r.status == S.CASE_OPENED for r in requests),
        "declined": sum(r.status == S.DECLINED for r in requests),
        "not_served": sum(r.status == S.NOT_SERVED for r in requests),
        "waitlisted": sum(r.status == S.WAITLISTED for r in requests),
        "risk_received": len(risk),
        "risk_contact_within": _within(risk, contact_days, today, visit=False),
        "risk_visit_within": _within(risk, visit_days, today, visit=True),
        "waitlist_end": waitlist_end,
    }
    values["visit_median"], values["visit_p90"] = _days(visit)
    return values


def timeliness_table(
    user: User, f: ReportFilter, *, today: date, requests: list[Request] | None = None
) -> Table:
    """The table by county; `requests` are requests_received(user, f) when already read."""
    intakes = _requests(f, user)
    if requests is None:
        requests = _received(intakes, f)
    waitlist = waitlist_at(intakes, f.date_to)
    by_county: dict[str, list[Request]] = defaultdict(list)
    for r in requests:
        by_county[r.county].append(r)
    counties = sorted(set(by_county) | (set(waitlist) - {TOTAL}))
    return Table(
        slug="timeliness",
        title="Timeliness of the response to requests",
        definition=(
            "Requests for consultation received in the period, by the county of their site, and "
            "what became of them; days are counted in business days (Monday to Friday, the "
            "holiday list excepted), the standards are the program's settings. Expulsion-risk "
            "requests are also shown on their own."
        ),
        row_header="County",
        columns=_columns(),
        rows=[
            Row(county, figures_of(by_county.get(county, []), waitlist.get(county, 0), today))
            for county in counties
        ],
        total=Row("Total", figures_of(requests, waitlist.get(TOTAL, 0), today)),
    )
