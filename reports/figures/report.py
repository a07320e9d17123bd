"""The reports page as a whole: every figure and table for a user and a filter.

The number of queries does not depend on the data: each kind of record is read once (one
aggregate query for them all, plus the referrals sent and the hours by activity) and aggregated
there for the headline, by county, by month and for its detail table."""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Min

from accounts.models import User
from reports.figures import details, dose, sites, trainings
from reports.figures.bases import aggregate_report
from reports.figures.compare import Comparison, compare
from reports.figures.definitions import FIGURE_COLUMNS, STARTED_CHANGE, figure_table, finish
from reports.figures.equity import QUESTIONS, equity_tables, served_for_equity
from reports.figures.outcomes import exclusions_by_county, placement_by_county
from reports.figures.paired_change import paired_change
from reports.figures.sql import (
    REFERRALS_SENT,
    TOTAL,
    VISITS,
    ReportFilter,
    month_of_key,
    records,
)
from reports.figures.supervision import supervision_hours
from reports.figures.timeliness import requests_received, timeliness_table
from reports.periods import months_between, previous_year
from reports.tables import Column, Table


def _referrals_sent(user: User, f: ReportFilter) -> list[tuple[str, date, str, str, date | None]]:
    """(county, date sent, service type, status today, date services started or None) for each
    referral sent in the period: one row per referral, one query. The referral figures and the
    days to service are counted from these rows."""
    return list(
        records(REFERRALS_SENT, user, f)
        .annotate(started_on=Min("status_changes__changed_on", filter=STARTED_CHANGE))
        .values_list(
            "case__site__county__name", "sent_on", "service_type__name", "status", "started_on"
        )
    )


def _figures(aggregated: dict[str, dict], referrals: list[tuple]) -> dict[str, dict[Any, dict]]:
    """{TOTAL | "county" | "month": {group: {figure: value}}} from the aggregated bases and the
    referrals sent; the whole filter is the one group TOTAL, months are first days."""
    groups: dict[str, dict[Any, dict[str, Any]]] = {
        TOTAL: defaultdict(dict),
        "county": defaultdict(dict),
        "month": defaultdict(dict),
    }
    for base in aggregated.values():
        for values in base.get(TOTAL, {}).values():
            groups[TOTAL][TOTAL].update(values)
        for (county,), values in base.get("county", {}).items():
            groups["county"][county].update(values)
        for (month,), values in base.get("month", {}).items():
            groups["month"][month_of_key(month)].update(values)
    for county, sent, _service, _status, started in referrals:
        for by, key in ((TOTAL, TOTAL), ("county", county), ("month", sent.replace(day=1))):
            values = groups[by][key]
            values["referrals_sent"] = values.get("referrals_sent", 0) + 1
            values["services_started"] = values.get("services_started", 0) + (started is not None)
    return groups


# The report ------------------------------------------------------------------------------------


@dataclass
class Report:
    filter: ReportFilter
    headline: dict[str, Any]
    tables: list[Table]
    # The same figures for the same period a year before (reports.periods.previous_year).
    previous: dict[str, Any] = field(default_factory=dict)
    previous_filter: ReportFilter | None = None

    def headline_items(self) -> list[tuple[Column, Any]]:
        return [(column, self.headline[column.key]) for column in FIGURE_COLUMNS]

    def comparisons(self) -> list[Comparison]:
        """Every headline figure beside the same period of the previous year, and the change."""
        return [
            compare(column, self.headline[column.key], self.previous.get(column.key))
            for column in FIGURE_COLUMNS
        ]

    def table(self, slug: str) -> Table:
        return next(t for t in self.tables if t.slug == slug)


TABLE_SLUGS = [
    "by-county",
    "by-month",
    "by-site",
    "hours-by-mode",
    "hours-by-activity",
    "cases-by-focus",
    "concerns-by-age-band",
    "concerns-by-item",
    "goals-by-tier",
    "referrals-by-service",
    "supervision-hours",
    "dose-by-focus",
    "hours-by-setting",
    "paired-change",
    "placement-by-county",
    "exclusions-by-county",
    *(question.slug for question in QUESTIONS),
    "trainings-by-county",
    "trainings-by-month",
    "hours-by-consultant",
    "timeliness",
]


def _figure_tables(
    f: ReportFilter, figures: dict, days: list[tuple], headline: dict[str, Any]
) -> list[Table]:
    """Every headline figure by county and by month, with the days to service of each group."""
    county_days, month_days = defaultdict(list), defaultdict(list)
    for county, month, _service, n in days:
        county_days[county].append(n)
        month_days[month].append(n)
    counties = sorted(k for k in figures["county"] if k is not None)
    months = months_between(f.date_from, f.date_to)
    return [
        figure_table(
            "by-county",
            "Figures by county",
            "County",
            [(c, c) for c in counties],
            figures["county"],
            county_days,
            headline,
            with_overdue=True,
        ),
        figure_table(
            "by-month",
            "Figures by month",
            "Month",
            [(m, f"{m:%Y-%m}") for m in months],
            figures["month"],
            month_days,
            {**headline, "overdue_follow_ups": None},
            with_overdue=False,
        ),
    ]


def _read(user: User, f: ReportFilter, today: date) -> tuple[dict, list, dict, list, dict]:
    """The bases, the referrals sent, the figures by group, the days to service and the
    headline of a filter: two queries."""
    bases = aggregate_report(user, f, today)
    referrals = _referrals_sent(user, f)
    figures = _figures(bases, referrals)
    # (county, month sent, service type, days) for each referral that reached services started.
    days = [
        (county, sent.replace(day=1), service, (started - sent).days)
        for county, sent, service, _status, started in referrals
        if started is not None
    ]
    headline = finish(figures[TOTAL][TOTAL], [n for *_rest, n in days], with_overdue=True)
    return bases, referrals, figures, days, headline


def headline_for(user: User, f: ReportFilter, *, today: date) -> dict[str, Any]:
    """The headline figures alone, hours as the by-month table adds them up."""
    _bases, _referrals, figures, days, headline = _read(user, f, today)
    by_month = _figure_tables(f, figures, days, headline)[1]
    return {**headline, "hours": by_month.total.values["hours"] if by_month.total else 0}


def report_for(user: User, f: ReportFilter, *, today: date) -> Report:
    """All figures and tables of the reports page for this user and filter."""
    bases, referrals, figures, days, headline = _read(user, f, today)
    concerns = bases["concerns"]
    figure_tables = _figure_tables(f, figures, days, headline)
    # The headline's hours are the months' rounded hours added up, as the table and chart show.
    by_month_total = figure_tables[1].total
    headline["hours"] = by_month_total.values["hours"] if by_month_total else 0
    start, end = previous_year(f.date_from, f.date_to)
    before = replace(f, date_from=start, date_to=end)
    served = served_for_equity(user, f)  # the exclusion and equity figures' cases and events
    requests = requests_received(user, f)  # the timeliness figures by county and by site
    tables = [
        *figure_tables,
        sites.sites_table(user, f, requests=requests, today=today),
        details.visits_by_mode(bases["visits"]["mode"]),
        details.visits_by_activity(records(VISITS, user, f)),
        details.cases_by_focus(bases["opened"]["focus"], bases["closed"]["focus"]),
        details.concerns_by_band(concerns["band"], concerns["children"][()]["children"]),
        details.concerns_by_item(concerns["item"]),
        details.goals_by_tier(bases["goals"]["tier"]),
        details.referrals_by_service(referrals, days),
        supervision_hours(user, f),
        dose.dose_by_focus(user, f),
        dose.hours_by_setting(user, f),
        paired_change(user, f),
        placement_by_county(user, f),
        exclusions_by_county(served),
        *equity_tables(served, threshold=settings.SMALL_CELL_THRESHOLD),
        *trainings.tables(user, f),
        timeliness_table(user, f, today=today, requests=requests),
    ]
    return Report(
        filter=f,
        headline=headline,
        tables=tables,
        previous=headline_for(user, before, today=today),
        previous_filter=before,
    )
