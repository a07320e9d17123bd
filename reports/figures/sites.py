"""The per-site table for the program lead: visits, hours, children, cases and referrals of each
site, from one aggregate query (sql.aggregated), whatever the number of sites, and the
timeliness of the response to its requests: the timeliness table's columns and rule
(reports.figures.timeliness), from the requests that table reads, so no query of its own."""

from datetime import date
from typing import Any

from django.db.models import F, Q, QuerySet

from accounts.models import User
from reports.figures.rounding import HOURS_ROUNDING, add_up, hours
from reports.figures.sql import (
    CASES_OPENED,
    REFERRALS_SENT,
    TOTAL,
    VISITS,
    ReportFilter,
    aggregated,
    count_sql,
    quoted,
    records,
    sum_sql,
)
from reports.figures.timeliness import Request, contact_columns, contact_figures
from reports.tables import COUNT, HOURS, Column, Row, Table

SITE_KEYS = (quoted("place"), quoted("place_name"), quoted("county"))

SITE_COLUMNS = [
    Column("visits", "Visits", COUNT, "Visits to the site dated in the period."),
    Column(
        "hours",
        "Hours",
        HOURS,
        "Sum of those visits' durations, in hours. " + HOURS_ROUNDING,
        basis=("visits",),
    ),
    Column(
        "children",
        "Children",
        COUNT,
        "Distinct children named on those visits (a child seen at two sites counts once in the "
        "total).",
    ),
    Column(
        "cases_open",
        "Cases open",
        COUNT,
        "Cases at the site open at any time in the period: opened by its last day and not "
        "closed before its first.",
    ),
    Column("referrals_sent", "Referrals sent", COUNT, "Referrals sent in the period."),
]


def _site_values(queryset: QuerySet, site: str, **more: Any) -> QuerySet:
    return queryset.values(
        place=F(f"{site}_id"),
        place_name=F(f"{site}__name"),
        county=F(f"{site}__county__name"),
        **more,
    )


def _bases(user: User, f: ReportFilter) -> dict[str, tuple[QuerySet, dict]]:
    visits = records(VISITS, user, f)
    open_cases = records(CASES_OPENED, user, f, in_period=False).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=f.date_from), opened_on__lte=f.date_to
    )
    children = count_sql("kid", distinct=True)
    return {
        "visits": (
            _site_values(visits, "site", minutes=F("duration_minutes")),
            {"site": (SITE_KEYS, {"visits": count_sql(), "minutes": sum_sql("minutes")})},
        ),
        "named": (
            _site_values(visits, "site", kid=F("children")),
            {"site": (SITE_KEYS, {"children": children}), TOTAL: ((), {"children": children})},
        ),
        "cases": (
            _site_values(open_cases, "site"),
            {"site": (SITE_KEYS, {"cases_open": count_sql()})},
        ),
        "referrals": (
            _site_values(records(REFERRALS_SENT, user, f), "case__site"),
            {"site": (SITE_KEYS, {"referrals_sent": count_sql()})},
        ),
    }


def sites_table(user: User, f: ReportFilter, *, requests: list[Request], today: date) -> Table:
    """`requests` are timeliness.requests_received(user, f)."""
    found = aggregated(_bases(user, f))
    sites: dict[tuple, dict[str, Any]] = {}
    for base in found.values():
        for keys, values in base["site"].items():
            sites.setdefault(keys, {}).update(values)
    by_site: dict[tuple, list[Request]] = {}  # keyed as the aggregate's rows: text keys
    for r in requests:
        by_site.setdefault((str(r.site), r.site_name, r.county), []).append(r)
    for keys in by_site:
        sites.setdefault(keys, {})
    columns = [*SITE_COLUMNS, *contact_columns()]
    rows = []
    for (pk, name, county), values in sorted(
        sites.items(), key=lambda item: (item[0][2] or "", item[0][1] or "", item[0][0])
    ):
        figures = {c.key: values.get(c.key) or 0 for c in SITE_COLUMNS}
        figures["hours"] = hours(values.get("minutes"))
        figures.update(contact_figures(by_site.get((pk, name, county), []), today))
        rows.append(Row(f"{name} ({county})" if county else name, figures))
    total = {
        key: sum(row.values[key] for row in rows)
        for key in ("visits", "cases_open", "referrals_sent")
    }
    total["hours"] = add_up(row.values["hours"] for row in rows)
    total["children"] = found["named"][TOTAL][()]["children"] or 0
    total.update(contact_figures(requests, today))
    return Table(
        slug="by-site",
        title="Figures by site",
        definition=(
            "One row per site with a visit, an open case, a referral or a request for "
            "consultation in the period, by county and name. Children are distinct: the total "
            "counts a child once. Requests and days to first contact as in the timeliness table."
        ),
        row_header="Site (county)",
        columns=columns,
        rows=rows,
        total=Row("Total", total),
    )
