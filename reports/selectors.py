"""Every figure of the reports page, computed by aggregate queries, scoped to the user.

Scope: program leads and superusers see everything; a supervisor sees the work of the
consultants they supervise (through consultation.selectors._consultant_scope, the same rule
every list of the app uses). Filters: the period applies to the date that makes each record
count (visit date, case opened or closed, goal set, referral sent); county and site type are
the site's; consultant is the one who did the work. The number of queries does not depend on
the data: one grouped query per figure family and breakdown.
"""

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import (
    Cast,
    Concat,
    ExtractDay,
    ExtractMonth,
    ExtractYear,
    TruncMonth,
)
from django.db.models.lookups import GreaterThan, LessThan

from accounts.models import User
from consultation.ages import (
    INFANT_UNDER_MONTHS,
    PRESCHOOL_UNDER_MONTHS,
    TODDLER_UNDER_MONTHS,
    AgeBand,
)
from consultation.models import (
    ConsultationCase,
    County,
    ObservedConcern,
    PyramidGoal,
    PyramidTier,
    Site,
    Visit,
)
from consultation.selectors import _consultant_scope
from referrals.models import Referral, ServiceType
from reports.periods import months_between
from reports.tables import COUNT, DAYS, HOURS, RATE, Column, Row, Table

TOTAL = "total"


def user_may_see_reports(user: User) -> bool:
    return user.is_active and (user.sees_everything or user.is_supervisor)


@dataclass(frozen=True)
class ReportFilter:
    date_from: date
    date_to: date
    county: County | None = None
    consultant: User | None = None
    site_type: str = ""

    def as_record(self) -> dict[str, Any]:
        """The filters as plain data, for the export log."""
        return {
            "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(),
            "county": self.county.name if self.county else "",
            "consultant": self.consultant.username if self.consultant else "",
            "site_type": self.site_type,
        }


@dataclass(frozen=True)
class _Source:
    """Where a kind of record keeps the fields the filters and breakdowns use."""

    model: type
    date: str
    site: str
    consultant: str
    base: Q


VISITS = _Source(Visit, "visit_date", "site", "consultant", Q(is_archived=False))
CASES_OPENED = _Source(ConsultationCase, "opened_on", "site", "consultant", Q(is_archived=False))
CASES_CLOSED = _Source(
    ConsultationCase,
    "closed_on",
    "site",
    "consultant",
    Q(is_archived=False, status=ConsultationCase.Status.CLOSED),
)
CONCERNS = _Source(
    ObservedConcern,
    "visit__visit_date",
    "visit__site",
    "visit__consultant",
    Q(visit__is_archived=False),
)
GOALS = _Source(PyramidGoal, "set_on", "case__site", "case__consultant", Q(case__is_archived=False))
REFERRALS_SENT = _Source(
    Referral,
    "sent_on",
    "case__site",
    "case__consultant",
    Q(case__is_archived=False, sent_on__isnull=False),
)
OPEN_FOLLOW_UPS = _Source(
    Referral,
    "follow_up_due",
    "case__site",
    "case__consultant",
    Q(case__is_archived=False, status__in=Referral.AWAITING_FOLLOW_UP),
)


def _records(source: _Source, user: User, f: ReportFilter, *, in_period: bool = True) -> QuerySet:
    records = source.model.objects.filter(source.base)
    scope = _consultant_scope(user, source.consultant)
    if scope is not None:
        records = records.filter(scope)
    if in_period:
        records = records.filter(
            **{f"{source.date}__gte": f.date_from, f"{source.date}__lte": f.date_to}
        )
    if f.county is not None:
        records = records.filter(**{f"{source.site}__county": f.county})
    if f.site_type:
        records = records.filter(**{f"{source.site}__site_type": f.site_type})
    if f.consultant is not None:
        records = records.filter(**{source.consultant: f.consultant})
    return records.order_by()


def _group_key(source: _Source, by: str | None):
    if by == "county":
        return F(f"{source.site}__county__name")
    if by == "month":
        return TruncMonth(source.date)
    return None


def _grouped(records: QuerySet, key, **aggregates) -> dict[Any, dict[str, Any]]:
    """{group: {name: value}}; with no key, one group called TOTAL (present even when empty)."""
    if key is None:
        return {TOTAL: records.aggregate(**aggregates)}
    rows = records.annotate(group_key=key).values("group_key").annotate(**aggregates)
    return {row.pop("group_key"): row for row in rows.order_by()}


# Figures ---------------------------------------------------------------------------------------

STARTED = Referral.Status.SERVICES_STARTED
_started_change = Q(status_changes__to_status=STARTED)
_child = Q(focus=ConsultationCase.Focus.CHILD)
_at_risk = _child & Q(at_risk_of_expulsion=True)

FIGURE_COLUMNS = [
    Column("visits", "Visits", COUNT, "Visits dated in the period (archived visits excluded)."),
    Column(
        "hours",
        "Hours",
        HOURS,
        "Hours of consultation: the sum of the durations of those visits, in hours.",
        basis=("visits",),
    ),
    Column("sites", "Sites", COUNT, "Distinct sites with at least one visit in the period."),
    Column(
        "classrooms",
        "Classrooms",
        COUNT,
        "Distinct classrooms named on at least one visit in the period.",
    ),
    Column(
        "children",
        "Children",
        COUNT,
        "Distinct children named on at least one visit in the period.",
    ),
    Column("cases_opened", "Cases opened", COUNT, "Cases (any focus) opened in the period."),
    Column("cases_closed", "Cases closed", COUNT, "Cases (any focus) closed in the period."),
    Column(
        "at_risk_opened",
        "At risk at intake",
        COUNT,
        "Child-focused cases opened in the period whose child was at risk of suspension or "
        "expulsion at intake.",
    ),
    Column(
        "at_risk_closed",
        "At-risk cases closed",
        COUNT,
        "Child-focused cases at risk at intake (opened any time) that closed in the period.",
    ),
    Column(
        "retained",
        "Retained",
        COUNT,
        "Of the at-risk cases closed in the period, those whose child was still enrolled at "
        "closure.",
    ),
    Column(
        "retained_rate",
        "Expulsion prevented",
        RATE,
        "Retained ÷ at-risk cases closed, as a percentage.",
        basis=("retained", "at_risk_closed"),
    ),
    Column(
        "concerns",
        "Concerns observed",
        COUNT,
        "Concerns recorded on visits in the period (one per child, checklist item and visit).",
    ),
    Column("goals_set", "Goals set", COUNT, "Pyramid Model goals set in the period."),
    Column("goals_met", "Goals met", COUNT, "Of the goals set in the period, those now met."),
    Column(
        "goals_met_share",
        "Share met",
        RATE,
        "Goals met ÷ goals set, as a percentage.",
        basis=("goals_met", "goals_set"),
    ),
    Column("referrals_sent", "Referrals sent", COUNT, "Referrals sent in the period."),
    Column(
        "services_started",
        "Services started",
        COUNT,
        "Of the referrals sent in the period, those that have reached 'services started' "
        "(whatever their status now).",
    ),
    Column(
        "completion_rate",
        "Completion rate",
        RATE,
        "Services started ÷ referrals sent, as a percentage.",
        basis=("services_started", "referrals_sent"),
    ),
    Column(
        "days_median",
        "Median days to service",
        DAYS,
        "Median of the calendar days from the date sent to the date services started, over the "
        "referrals that started (linear interpolation, as PERCENTILE_CONT).",
        basis=("services_started",),
    ),
    Column(
        "days_p90",
        "90th percentile days",
        DAYS,
        "90th percentile of the same days (linear interpolation between closest ranks: "
        "value at rank 1 + 0.9 × (n - 1), as PERCENTILE_CONT and Excel PERCENTILE.INC).",
        basis=("services_started",),
    ),
    Column(
        "overdue_follow_ups",
        "Follow-ups overdue now",
        COUNT,
        "Referrals sent, waitlisted or accepted whose follow-up date is before today, whatever "
        "the period (by county only: it is a count of today).",
    ),
]
FIGURE_KEYS = [column.key for column in FIGURE_COLUMNS]


def percentile(values: list[float], fraction: float) -> float | None:
    """Linear interpolation between closest ranks (PERCENTILE_CONT, Excel PERCENTILE.INC).

    The value sits at rank 1 + fraction × (n - 1) of the sorted values; between two ranks it is
    interpolated. None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    lower = math.floor(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def _rate(numerator: int, denominator: int) -> float | None:
    return round(100 * numerator / denominator, 1) if denominator else None


def _days_to_service(user: User, f: ReportFilter) -> list[tuple[str, date, str, int]]:
    """(county, month sent, service type, days) for each referral sent in the period that
    reached services started: one row per such referral, one query."""
    rows = (
        _records(REFERRALS_SENT, user, f)
        .annotate(started_on=Min("status_changes__changed_on", filter=_started_change))
        .filter(started_on__isnull=False)
        .values_list("case__site__county__name", "sent_on", "service_type__name", "started_on")
    )
    return [
        (county, sent.replace(day=1), service, (started - sent).days)
        for county, sent, service, started in rows
    ]


def _figures_by(user: User, f: ReportFilter, by: str | None, today: date) -> dict[Any, dict]:
    """Every headline figure, for the whole filter (by=None) or by county or month."""
    groups: dict[Any, dict[str, Any]] = defaultdict(dict)

    def merge(found: dict[Any, dict[str, Any]]) -> None:
        for key, values in found.items():
            groups[key].update(values)

    visits = _records(VISITS, user, f)
    merge(
        _grouped(
            visits,
            _group_key(VISITS, by),
            visits=Count("pk"),
            minutes=Sum("duration_minutes"),
            sites=Count("site", distinct=True),
        )
    )
    # Separate queries: joining a many-to-many would multiply the minutes summed above.
    merge(_grouped(visits, _group_key(VISITS, by), classrooms=Count("classrooms", distinct=True)))
    merge(_grouped(visits, _group_key(VISITS, by), children=Count("children", distinct=True)))
    merge(
        _grouped(
            _records(CASES_OPENED, user, f),
            _group_key(CASES_OPENED, by),
            cases_opened=Count("pk"),
            at_risk_opened=Count("pk", filter=_at_risk),
        )
    )
    merge(
        _grouped(
            _records(CASES_CLOSED, user, f),
            _group_key(CASES_CLOSED, by),
            cases_closed=Count("pk"),
            at_risk_closed=Count("pk", filter=_at_risk),
            retained=Count(
                "pk",
                filter=_at_risk & Q(placement_at_closure=ConsultationCase.Placement.RETAINED),
            ),
        )
    )
    merge(_grouped(_records(CONCERNS, user, f), _group_key(CONCERNS, by), concerns=Count("pk")))
    merge(
        _grouped(
            _records(GOALS, user, f),
            _group_key(GOALS, by),
            goals_set=Count("pk"),
            goals_met=Count("pk", filter=Q(status=PyramidGoal.Status.MET)),
        )
    )
    merge(
        _grouped(
            _records(REFERRALS_SENT, user, f),
            _group_key(REFERRALS_SENT, by),
            referrals_sent=Count("pk", distinct=True),
            services_started=Count("pk", filter=_started_change, distinct=True),
        )
    )
    if by != "month":
        merge(
            _grouped(
                _records(OPEN_FOLLOW_UPS, user, f, in_period=False).filter(follow_up_due__lt=today),
                _group_key(OPEN_FOLLOW_UPS, by),
                overdue_follow_ups=Count("pk"),
            )
        )
    return groups


def _finish(values: dict[str, Any], days: list[int], *, with_overdue: bool) -> dict[str, Any]:
    """Fill zeros, turn minutes into hours and add the rates and percentiles."""
    out = {key: values.get(key) or 0 for key in FIGURE_KEYS}
    out["hours"] = round((values.get("minutes") or 0) / 60, 2)
    out["retained_rate"] = _rate(out["retained"], out["at_risk_closed"])
    out["goals_met_share"] = _rate(out["goals_met"], out["goals_set"])
    out["completion_rate"] = _rate(out["services_started"], out["referrals_sent"])
    median, p90 = percentile(days, 0.5), percentile(days, 0.9)
    out["days_median"] = round(median, 1) if median is not None else None
    out["days_p90"] = round(p90, 1) if p90 is not None else None
    if not with_overdue:
        out["overdue_follow_ups"] = None
    return out


def _figure_table(slug, title, row_header, labels, groups, days, total, *, with_overdue):
    columns = [c for c in FIGURE_COLUMNS if with_overdue or c.key != "overdue_follow_ups"]
    return Table(
        slug=slug,
        title=title,
        definition=(
            "Every headline figure, one row per group; the last row is the whole filter. "
            "Distinct counts (sites, classrooms, children) are not added up: a child seen in two "
            "groups counts once in the total."
        ),
        row_header=row_header,
        columns=columns,
        rows=[
            Row(label, _finish(groups.get(key, {}), days.get(key, []), with_overdue=with_overdue))
            for key, label in labels
        ],
        total=Row("Total", total),
    )


# Detail tables ---------------------------------------------------------------------------------


def _band_expression(birth: str, on: str) -> Case:
    """The child's age band on a date, in SQL: the same completed-months rule as
    consultation.ages.age_in_months (a month completes on the birth's day of the month)."""
    months = (
        (ExtractYear(on) - ExtractYear(birth)) * Value(12)
        + ExtractMonth(on)
        - ExtractMonth(birth)
        - Case(
            When(GreaterThan(ExtractDay(birth), ExtractDay(on)), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )
    return Case(
        When(LessThan(months, INFANT_UNDER_MONTHS), then=Value(AgeBand.INFANT.value)),
        When(LessThan(months, TODDLER_UNDER_MONTHS), then=Value(AgeBand.TODDLER.value)),
        When(LessThan(months, PRESCHOOL_UNDER_MONTHS), then=Value(AgeBand.PRESCHOOL.value)),
        default=Value(AgeBand.SCHOOL_AGE.value),
        output_field=CharField(),
    )


def _visits_by_mode(visits: QuerySet) -> Table:
    found = _grouped(visits, F("mode"), visits=Count("pk"), minutes=Sum("duration_minutes"))
    rows = []
    for mode in Visit.Mode:
        values = found.get(mode.value, {})
        rows.append(
            Row(
                mode.label,
                {
                    "visits": values.get("visits", 0),
                    "hours": round((values.get("minutes") or 0) / 60, 2),
                },
            )
        )
    total = Row(
        "Total",
        {
            "visits": sum(r.values["visits"] for r in rows),
            "hours": round(sum((v.get("minutes") or 0) for v in found.values()) / 60, 2),
        },
    )
    return Table(
        slug="hours-by-mode",
        title="Hours of consultation by mode",
        definition="Visits in the period and the sum of their durations, by how they were held.",
        row_header="Mode",
        columns=[_VISITS_COLUMN, _HOURS_COLUMN],
        rows=rows,
        total=total,
    )


_VISITS_COLUMN = Column("visits", "Visits", COUNT, "Visits dated in the period.")
_HOURS_COLUMN = Column(
    "hours", "Hours", HOURS, "Sum of those visits' durations, in hours.", basis=("visits",)
)


def _visits_by_activity(visits: QuerySet) -> Table:
    found = (
        visits.filter(activities__isnull=False)
        .values("activities__name", "activities__sort_order")
        .annotate(visits=Count("pk"), minutes=Sum("duration_minutes"))
        .order_by("activities__sort_order", "activities__name")
    )
    return Table(
        slug="hours-by-activity",
        title="Hours of consultation by activity",
        definition=(
            "Visits in the period on which the activity was recorded, and the sum of their "
            "durations. A visit with several activities counts under each, so there is no total."
        ),
        row_header="Activity",
        columns=[_VISITS_COLUMN, _HOURS_COLUMN],
        rows=[
            Row(
                row["activities__name"],
                {"visits": row["visits"], "hours": round(row["minutes"] / 60, 2)},
            )
            for row in found
        ],
    )


def _cases_by_focus(user: User, f: ReportFilter) -> Table:
    opened = _grouped(_records(CASES_OPENED, user, f), F("focus"), n=Count("pk"))
    closed = _grouped(_records(CASES_CLOSED, user, f), F("focus"), n=Count("pk"))
    rows = [
        Row(
            focus.label,
            {
                "opened": opened.get(focus.value, {}).get("n", 0),
                "closed": closed.get(focus.value, {}).get("n", 0),
            },
        )
        for focus in ConsultationCase.Focus
    ]
    return Table(
        slug="cases-by-focus",
        title="Cases opened and closed by focus",
        definition="Cases opened in the period and cases closed in the period, by focus.",
        row_header="Focus",
        columns=[
            Column("opened", "Opened", COUNT, "Cases opened in the period."),
            Column("closed", "Closed", COUNT, "Cases closed in the period."),
        ],
        rows=rows,
        total=Row("Total", {key: sum(r.values[key] for r in rows) for key in ("opened", "closed")}),
    )


def _concerns_by_band(concerns: QuerySet) -> Table:
    band = _band_expression("child__date_of_birth", "visit__visit_date")
    found = _grouped(
        concerns, band, observations=Count("pk"), children=Count("child", distinct=True)
    )
    overall = concerns.aggregate(children=Count("child", distinct=True))
    rows = [
        Row(
            b.label,
            {
                "observations": found.get(b.value, {}).get("observations", 0),
                "children": found.get(b.value, {}).get("children", 0),
            },
        )
        for b in AgeBand
        if b != AgeBand.SCHOOL_AGE or b.value in found
    ]
    return Table(
        slug="concerns-by-age-band",
        title="Concerns observed by age band",
        definition=(
            "Concerns recorded on visits in the period, by the child's age band on the visit "
            "date (from date of birth, never typed in)."
        ),
        row_header="Age band",
        columns=[
            Column("observations", "Concerns observed", COUNT, "Concerns recorded."),
            Column(
                "children",
                "Children",
                COUNT,
                "Distinct children with a concern recorded (a child who changed band in the "
                "period counts in both bands, once in the total).",
            ),
        ],
        rows=rows,
        total=Row(
            "Total",
            {
                "observations": sum(r.values["observations"] for r in rows),
                "children": overall["children"],
            },
        ),
    )


def _concerns_by_item(concerns: QuerySet) -> Table:
    found = (
        concerns.values("concern_item__age_band", "concern_item__text")
        .annotate(observations=Count("pk"))
        .order_by("concern_item__age_band", "concern_item__sort_order", "concern_item__text")
    )
    band_order = {b.value: i for i, b in enumerate(AgeBand)}
    found = sorted(found, key=lambda r: band_order.get(r["concern_item__age_band"], 99))
    rows = [
        Row(
            f"{AgeBand(row['concern_item__age_band']).label.split(' (')[0]}: "
            f"{row['concern_item__text']}",
            {"observations": row["observations"]},
        )
        for row in found
    ]
    return Table(
        slug="concerns-by-item",
        title="Concerns observed by checklist item",
        definition="Concerns recorded on visits in the period, by checklist item.",
        row_header="Checklist item",
        columns=[Column("observations", "Concerns observed", COUNT, "Concerns recorded.")],
        rows=rows,
        total=Row("Total", {"observations": sum(r.values["observations"] for r in rows)}),
    )


def _goals_by_tier(goals: QuerySet) -> Table:
    found = goals.values("tier_id", "status").annotate(n=Count("pk")).order_by()
    counts = {(row["tier_id"], row["status"]): row["n"] for row in found}
    statuses = list(PyramidGoal.Status)
    columns = [
        Column(
            s.value,
            s.label,
            COUNT,
            f"Goals set in the period, now {s.label.lower()}.",
            in_row_total=True,
        )
        for s in statuses
    ]
    columns.append(Column("total", "Total", COUNT, "Goals set in the period."))
    columns.append(
        Column(
            "share_met",
            "Share met",
            RATE,
            "Met ÷ goals set, as a percentage.",
            basis=(PyramidGoal.Status.MET.value, "total"),
        )
    )

    def finish(label: str, values: dict[str, int]) -> Row:
        values["total"] = sum(values[s.value] for s in statuses)
        values["share_met"] = _rate(values[PyramidGoal.Status.MET.value], values["total"])
        return Row(label, values)

    rows = [
        finish(tier.name, {s.value: counts.get((tier.pk, s.value), 0) for s in statuses})
        for tier in PyramidTier.objects.order_by("sort_order", "name", "pk")
    ]
    total = finish("Total", {s.value: sum(r.values[s.value] for r in rows) for s in statuses})
    return Table(
        slug="goals-by-tier",
        title="Pyramid Model goals by tier and status",
        definition="Goals set in the period, by tier and by their status today.",
        row_header="Tier",
        columns=columns,
        rows=rows,
        total=total,
        row_total_key="total",
    )


REFERRAL_STATUS_COLUMNS = [s for s in Referral.Status if s != Referral.Status.DRAFT]


def _referrals_by_service(
    user: User, f: ReportFilter, days: list[tuple[str, date, str, int]]
) -> Table:
    sent = _records(REFERRALS_SENT, user, f)
    found = sent.values("service_type__name", "status").annotate(n=Count("pk")).order_by()
    counts = {(row["service_type__name"], row["status"]): row["n"] for row in found}
    started = _grouped(sent, F("service_type__name"), n=Count("pk", filter=_started_change))
    days_by_service = defaultdict(list)
    for _county, _month, service, n in days:
        days_by_service[service].append(n)
    columns = [
        Column(
            s.value,
            "Awaiting reply" if s == Referral.Status.SENT else s.label,
            COUNT,
            f"Referrals sent in the period whose status today is '{s.label.lower()}'.",
            in_row_total=True,
        )
        for s in REFERRAL_STATUS_COLUMNS
    ]
    columns += [
        Column("total", "Total sent", COUNT, "Referrals sent in the period."),
        Column(
            "started",
            "Reached services started",
            COUNT,
            "Of those, referrals that reached 'services started', whatever their status now.",
        ),
        Column(
            "completion_rate",
            "Completion rate",
            RATE,
            "Reached services started ÷ sent, as a percentage.",
            basis=("started", "total"),
        ),
        Column("days_median", "Median days", DAYS, _MEDIAN_DEFINITION, basis=("started",)),
        Column("days_p90", "90th percentile days", DAYS, _P90_DEFINITION, basis=("started",)),
    ]

    def finish(label: str, values: dict[str, int], started_n: int, day_list: list[int]) -> Row:
        values["total"] = sum(values[s.value] for s in REFERRAL_STATUS_COLUMNS)
        values["started"] = started_n
        values["completion_rate"] = _rate(started_n, values["total"])
        median, p90 = percentile(day_list, 0.5), percentile(day_list, 0.9)
        values["days_median"] = None if median is None else round(median, 1)
        values["days_p90"] = None if p90 is None else round(p90, 1)
        return Row(label, values)

    rows = [
        finish(
            service.name,
            {s.value: counts.get((service.name, s.value), 0) for s in REFERRAL_STATUS_COLUMNS},
            started.get(service.name, {}).get("n", 0),
            days_by_service[service.name],
        )
        for service in ServiceType.objects.order_by("sort_order", "name", "pk")
    ]
    total = finish(
        "Total",
        {s.value: sum(r.values[s.value] for r in rows) for s in REFERRAL_STATUS_COLUMNS},
        sum(r.values["started"] for r in rows),
        [n for *_rest, n in days],
    )
    return Table(
        slug="referrals-by-service",
        title="Referrals by service type and status",
        definition=(
            "Referrals sent in the period, by service type and their status today; completion "
            "and days from sent to services started."
        ),
        row_header="Service type",
        columns=columns,
        rows=rows,
        total=total,
        row_total_key="total",
    )


_MEDIAN_DEFINITION = next(c.definition for c in FIGURE_COLUMNS if c.key == "days_median")
_P90_DEFINITION = next(c.definition for c in FIGURE_COLUMNS if c.key == "days_p90")


# The report ------------------------------------------------------------------------------------


@dataclass
class Report:
    filter: ReportFilter
    headline: dict[str, Any]
    tables: list[Table]

    def headline_items(self) -> list[tuple[Column, Any]]:
        return [(column, self.headline[column.key]) for column in FIGURE_COLUMNS]

    def table(self, slug: str) -> Table:
        return next(t for t in self.tables if t.slug == slug)


TABLE_SLUGS = [
    "by-county",
    "by-month",
    "hours-by-mode",
    "hours-by-activity",
    "cases-by-focus",
    "concerns-by-age-band",
    "concerns-by-item",
    "goals-by-tier",
    "referrals-by-service",
]


def report_for(user: User, f: ReportFilter, *, today: date) -> Report:
    """All figures and tables of the reports page for this user and filter."""
    days = _days_to_service(user, f)
    total_values = _figures_by(user, f, None, today)[TOTAL]
    headline = _finish(total_values, [n for *_rest, n in days], with_overdue=True)

    by_county = _figures_by(user, f, "county", today)
    county_days = defaultdict(list)
    month_days = defaultdict(list)
    for county, month, _service, n in days:
        county_days[county].append(n)
        month_days[month].append(n)
    counties = sorted(k for k in by_county if k is not None)

    by_month = _figures_by(user, f, "month", today)
    month_total = {**headline, "overdue_follow_ups": None}

    visits = _records(VISITS, user, f)
    concerns = _records(CONCERNS, user, f)
    tables = [
        _figure_table(
            "by-county",
            "Figures by county",
            "County",
            [(c, c) for c in counties],
            by_county,
            county_days,
            headline,
            with_overdue=True,
        ),
        _figure_table(
            "by-month",
            "Figures by month",
            "Month",
            [(m, f"{m:%Y-%m}") for m in months_between(f.date_from, f.date_to)],
            {_as_date(k): v for k, v in by_month.items()},
            month_days,
            month_total,
            with_overdue=False,
        ),
        _visits_by_mode(visits),
        _visits_by_activity(visits),
        _cases_by_focus(user, f),
        _concerns_by_band(concerns),
        _concerns_by_item(concerns),
        _goals_by_tier(_records(GOALS, user, f)),
        _referrals_by_service(user, f, days),
    ]
    return Report(filter=f, headline=headline, tables=tables)


def _as_date(value) -> date:
    """TruncMonth gives a date on SQLite and PostgreSQL for a DateField; be strict about it."""
    return value.date() if hasattr(value, "date") and callable(value.date) else value


# Visit-level export ----------------------------------------------------------------------------


# The visit-level export reads plain values, never model instances: these columns, then (on
# PostgreSQL) the visit's activity names and "child-uuid date-of-birth" pairs aggregated in SQL.
EXPORT_VISIT_FIELDS = (
    "pk",
    "visit_date",
    "site__county__name",
    "site__site_type",
    "consultant__uuid",
    "mode",
    "duration_minutes",
    "case__focus",
)


def visits_for_export(user: User, f: ReportFilter) -> QuerySet:
    """Visits in scope and filter as value tuples: the EXPORT_VISIT_FIELDS, then on PostgreSQL
    `activity_names` ("; "-joined, sorted) and `child_pairs` (a list of "uuid date-of-birth").
    Other databases get the base fields only; reports.exports reads the rest per chunk."""
    visits = _records(VISITS, user, f)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.aggregates import ArrayAgg, StringAgg

        visit_activities = Visit.activities.through.objects.filter(visit_id=OuterRef("pk"))
        visit_children = Visit.children.through.objects.filter(visit_id=OuterRef("pk"))
        visits = visits.annotate(
            activity_names=Subquery(
                visit_activities.values("visit_id")
                .annotate(v=StringAgg("activity__name", "; ", order_by="activity__name"))
                .values("v"),
                output_field=CharField(),
            ),
            child_pairs=Subquery(
                visit_children.values("visit_id")
                .annotate(
                    v=ArrayAgg(
                        Concat(
                            Cast("child__uuid", CharField()),
                            Value(" "),
                            Cast("child__date_of_birth", CharField()),
                            output_field=CharField(),
                        )
                    )
                )
                .values("v"),
            ),
        )
        return visits.values_list(*EXPORT_VISIT_FIELDS, "activity_names", "child_pairs").order_by(
            "visit_date", "pk"
        )
    return visits.values_list(*EXPORT_VISIT_FIELDS).order_by("visit_date", "pk")


def site_type_label(value: str) -> str:
    return Site.SiteType(value).label if value in Site.SiteType.values else value
