"""Every figure of the reports page, computed by aggregate queries, scoped to the user.

Scope: program leads and superusers see everything; a supervisor sees the work of the
consultants they supervise (through consultation.selectors._consultant_scope, the same rule
every list of the app uses). Filters: the period applies to the date that makes each record
count (visit date, case opened or closed, goal set, referral sent); county and site type are
the site's; consultant is the one who did the work. The number of queries does not depend on
the data: each kind of record is read once (one aggregate query for them all, see
_aggregate_report, plus the referrals sent and the hours by activity) and aggregated there
for the headline, by county, by month and for its detail table.
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
    ConcernItem,
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


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _count(column: str | None = None, *, distinct: bool = False) -> str:
    """COUNT over a column of an aggregated base (non-null values), or of its rows."""
    if column is None:
        return "COUNT(*)"
    return f"COUNT({'DISTINCT ' if distinct else ''}{_q(column)})"


def _sum(column: str) -> str:
    return f"SUM({_q(column)})"


# A way of aggregating a base: the keys to group by (SQL over the base's columns; none for the
# whole base) and the named aggregates (SQL, as _count and _sum write them).
Grouping = tuple[tuple[str, ...], dict[str, str]]


def _aggregated(bases: dict[str, tuple[QuerySet, dict[str, Grouping]]]) -> dict[str, dict]:
    """Aggregate several bases, each several ways, in one query, reading each base once.

    A base is a values() queryset with the scope and filters applied; it runs once, as a common
    table expression named after it, and each of its groupings reads that result (so the visits
    of a statewide year are not scanned again for every breakdown). Keys come back as text.
    Returns {base: {grouping: {keys: {aggregate: value}}}}; a grouping without keys has its one
    row, under (), even when the base is empty."""
    n_keys = max(len(keys) for _, groupings in bases.values() for keys, _ in groupings.values())
    n_values = max(len(a) for _, groupings in bases.values() for _, a in groupings.values())
    ctes, params, branches = [], [], []
    for base_name, (base, groupings) in bases.items():
        sql, base_params = base.query.sql_with_params()
        ctes.append(f"{_q(base_name)} AS ({sql})")
        params.extend(base_params)
        for name, (keys, aggregates) in groupings.items():
            columns = [f"'{base_name}'", f"'{name}'"]
            columns += [f"CAST({key} AS TEXT)" for key in keys]
            columns += ["''"] * (n_keys - len(keys))
            columns += aggregates.values()
            # Typed, so that the branches of the union agree on every database.
            columns += ["CAST(NULL AS BIGINT)"] * (n_values - len(aggregates))
            group_by = f" GROUP BY {', '.join(keys)}" if keys else ""
            branches.append(f"SELECT {', '.join(columns)} FROM {_q(base_name)}{group_by}")
    found: dict[str, dict] = {
        base_name: {name: {} for name in groupings} for base_name, (_, groupings) in bases.items()
    }
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {', '.join(ctes)} {' UNION ALL '.join(branches)}", params)
        for base_name, name, *row in cursor.fetchall():
            keys, aggregates = bases[base_name][1][name]
            values = dict(zip(aggregates, row[n_keys:], strict=False))
            found[base_name][name][tuple(row[: len(keys)])] = values
    return found


# Figures ---------------------------------------------------------------------------------------

STARTED = Referral.Status.SERVICES_STARTED
_started_change = Q(status_changes__to_status=STARTED)
_child = Q(focus=ConsultationCase.Focus.CHILD)
_at_risk = _child & Q(at_risk_of_expulsion=True)
_retained = _at_risk & Q(placement_at_closure=ConsultationCase.Placement.RETAINED)

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


def _figure_groupings(**aggregates: str) -> dict[str, Grouping]:
    """The headline figures' groupings: the whole filter, by county and by month (from the
    base's `county` and `month` columns)."""
    return {
        TOTAL: ((), aggregates),
        "county": ((_q("county"),), aggregates),
        "month": ((_q("month"),), aggregates),
    }


def _month_key(date_field: str) -> Cast:
    """The year and month of a date as one number, 202607, on every database."""
    return Cast(ExtractYear(date_field) * Value(100) + ExtractMonth(date_field), IntegerField())


def _month_of_key(key: str) -> date:
    number = int(key)
    return date(number // 100, number % 100, 1)


def _flag(condition: Q) -> Case:
    """1 where the condition holds, else NULL: COUNT over it counts the rows that match."""
    return Case(When(condition, then=Value(1)), output_field=IntegerField())


def _band_sql(months: str) -> str:
    """The age band of a number of completed months, in SQL (the same rule as AgeBand)."""
    return (
        f"CASE WHEN {months} < {INFANT_UNDER_MONTHS} THEN '{AgeBand.INFANT.value}' "
        f"WHEN {months} < {TODDLER_UNDER_MONTHS} THEN '{AgeBand.TODDLER.value}' "
        f"WHEN {months} < {PRESCHOOL_UNDER_MONTHS} THEN '{AgeBand.PRESCHOOL.value}' "
        f"ELSE '{AgeBand.SCHOOL_AGE.value}' END"
    )


def _aggregate_report(user: User, f: ReportFilter, today: date) -> dict[str, dict]:
    """Every count and sum of the page but the referrals', in one query: each kind of record
    of the filter is read once and aggregated for the headline, by county, by month and for
    its own detail table."""
    county, month = F(f"{VISITS.site}__county__name"), _month_key(VISITS.date)
    visits = _records(VISITS, user, f)
    concerns = _records(CONCERNS, user, f)
    ongoing = _records(OPEN_FOLLOW_UPS, user, f, in_period=False).filter(follow_up_due__lt=today)
    return _aggregated(
        {
            "visits": (
                visits.values(
                    county=county,
                    month=month,
                    how=F("mode"),
                    place=F("site_id"),
                    minutes=F("duration_minutes"),
                ),
                {
                    **_figure_groupings(
                        visits=_count(),
                        minutes=_sum("minutes"),
                        sites=_count("place", distinct=True),
                    ),
                    "mode": ((_q("how"),), {"visits": _count(), "minutes": _sum("minutes")}),
                },
            ),
            # Classrooms and children of a visit side by side: their pairs repeat a visit, which
            # distinct counts do not mind (visits and minutes are summed above, without them).
            "named": (
                visits.values(county=county, month=month, room=F("classrooms"), kid=F("children")),
                _figure_groupings(
                    classrooms=_count("room", distinct=True), children=_count("kid", distinct=True)
                ),
            ),
            "concerns": (
                concerns.values(
                    county=F(f"{CONCERNS.site}__county__name"),
                    month=_month_key(CONCERNS.date),
                    kid=F("child_id"),
                    item=F("concern_item_id"),
                    age=_months_expression("child__date_of_birth", CONCERNS.date),
                ),
                {
                    **_figure_groupings(concerns=_count()),
                    "children": ((), {"children": _count("kid", distinct=True)}),
                    "band": (
                        (_band_sql(_q("age")),),
                        {"observations": _count(), "children": _count("kid", distinct=True)},
                    ),
                    "item": ((_q("item"),), {"observations": _count()}),
                },
            ),
            "opened": (
                _records(CASES_OPENED, user, f).values(
                    county=F("site__county__name"),
                    month=_month_key(CASES_OPENED.date),
                    kind=F("focus"),
                    at_risk=_flag(_at_risk),
                ),
                {
                    **_figure_groupings(cases_opened=_count(), at_risk_opened=_count("at_risk")),
                    "focus": ((_q("kind"),), {"n": _count()}),
                },
            ),
            "closed": (
                _records(CASES_CLOSED, user, f).values(
                    county=F("site__county__name"),
                    month=_month_key(CASES_CLOSED.date),
                    kind=F("focus"),
                    at_risk=_flag(_at_risk),
                    kept=_flag(
                        _at_risk & Q(placement_at_closure=ConsultationCase.Placement.RETAINED)
                    ),
                ),
                {
                    **_figure_groupings(
                        cases_closed=_count(),
                        at_risk_closed=_count("at_risk"),
                        retained=_count("kept"),
                    ),
                    "focus": ((_q("kind"),), {"n": _count()}),
                },
            ),
            "goals": (
                _records(GOALS, user, f).values(
                    county=F("case__site__county__name"),
                    month=_month_key(GOALS.date),
                    level=F("tier_id"),
                    state=F("status"),
                    met=_flag(Q(status=PyramidGoal.Status.MET)),
                ),
                {
                    **_figure_groupings(goals_set=_count(), goals_met=_count("met")),
                    "tier": ((_q("level"), _q("state")), {"n": _count()}),
                },
            ),
            # A count of today, whatever the period: by county, not by month.
            "overdue": (
                ongoing.values(county=F("case__site__county__name")),
                {
                    TOTAL: ((), {"overdue_follow_ups": _count()}),
                    "county": ((_q("county"),), {"overdue_follow_ups": _count()}),
                },
            ),
        }
    )


def _referrals_sent(user: User, f: ReportFilter) -> list[tuple[str, date, str, str, date | None]]:
    """(county, date sent, service type, status today, date services started or None) for each
    referral sent in the period: one row per referral, one query. The referral figures and the
    days to service are counted from these rows."""
    return list(
        _records(REFERRALS_SENT, user, f)
        .annotate(started_on=Min("status_changes__changed_on", filter=_started_change))
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
            groups["month"][_month_of_key(month)].update(values)
    for county, sent, _service, _status, started in referrals:
        for by, key in ((TOTAL, TOTAL), ("county", county), ("month", sent.replace(day=1))):
            values = groups[by][key]
            values["referrals_sent"] = values.get("referrals_sent", 0) + 1
            values["services_started"] = values.get("services_started", 0) + (started is not None)
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


def _months_expression(birth: str, on: str):
    """Completed months from birth to a date, in SQL: the same rule as
    consultation.ages.age_in_months (a month completes on the birth's day of the month)."""
    return (
        (ExtractYear(on) - ExtractYear(birth)) * Value(12)
        + ExtractMonth(on)
        - ExtractMonth(birth)
        - Case(
            When(GreaterThan(ExtractDay(birth), ExtractDay(on)), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def _band_expression(birth: str, on: str) -> Case:
    """The child's age band on a date, in SQL, from _months_expression."""
    months = _months_expression(birth, on)
    return Case(
        When(LessThan(months, INFANT_UNDER_MONTHS), then=Value(AgeBand.INFANT.value)),
        When(LessThan(months, TODDLER_UNDER_MONTHS), then=Value(AgeBand.TODDLER.value)),
        When(LessThan(months, PRESCHOOL_UNDER_MONTHS), then=Value(AgeBand.PRESCHOOL.value)),
        default=Value(AgeBand.SCHOOL_AGE.value),
        output_field=CharField(),
    )


def _visits_by_mode(by_mode: dict[tuple, dict[str, Any]]) -> Table:
    found = {mode: values for (mode,), values in by_mode.items()}
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


def _cases_by_focus(opened: dict[tuple, dict], closed: dict[tuple, dict]) -> Table:
    rows = [
        Row(
            focus.label,
            {
                "opened": opened.get((focus.value,), {}).get("n", 0),
                "closed": closed.get((focus.value,), {}).get("n", 0),
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


def _concerns_by_band(by_band: dict[tuple, dict[str, Any]], children: int) -> Table:
    found = {band: values for (band,), values in by_band.items()}
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
                "children": children,
            },
        ),
    )


def _concerns_by_item(by_item: dict[tuple, dict[str, Any]]) -> Table:
    counts = {int(item): values["observations"] for (item,), values in by_item.items()}
    # Items alike in band, text and order are one row; rows in the database's order of those.
    found: dict[tuple[str, int, str], int] = {}
    items = ConcernItem.objects.filter(pk__in=counts).order_by("age_band", "sort_order", "text")
    for pk, *item in items.values_list("pk", "age_band", "sort_order", "text") if counts else ():
        found[tuple(item)] = found.get(tuple(item), 0) + counts[pk]
    band_order = {b.value: i for i, b in enumerate(AgeBand)}
    rows = [
        Row(f"{AgeBand(band).label.split(' (')[0]}: {text}", {"observations": observations})
        for (band, _order, text), observations in sorted(
            found.items(), key=lambda item: band_order.get(item[0][0], 99)
        )
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


def _goals_by_tier(by_tier: dict[tuple, dict[str, Any]]) -> Table:
    counts = {(int(tier), status): values["n"] for (tier, status), values in by_tier.items()}
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


def _referrals_by_service(referrals: list[tuple], days: list[tuple[str, date, str, int]]) -> Table:
    counts: dict[tuple[str, str], int] = defaultdict(int)
    started: dict[str, int] = defaultdict(int)
    for _county, _sent, service, status, started_on in referrals:
        counts[(service, status)] += 1
        started[service] += started_on is not None
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
            started[service.name],
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
    aggregated = _aggregate_report(user, f, today)
    referrals = _referrals_sent(user, f)
    figures = _figures(aggregated, referrals)
    # (county, month sent, service type, days) for each referral that reached services started.
    days = [
        (county, sent.replace(day=1), service, (started - sent).days)
        for county, sent, service, _status, started in referrals
        if started is not None
    ]
    headline = _finish(figures[TOTAL][TOTAL], [n for *_rest, n in days], with_overdue=True)

    by_county = figures["county"]
    county_days = defaultdict(list)
    month_days = defaultdict(list)
    for county, month, _service, n in days:
        county_days[county].append(n)
        month_days[month].append(n)
    counties = sorted(k for k in by_county if k is not None)
    month_total = {**headline, "overdue_follow_ups": None}

    visits = _records(VISITS, user, f)
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
            figures["month"],
            month_days,
            month_total,
            with_overdue=False,
        ),
        _visits_by_mode(aggregated["visits"]["mode"]),
        _visits_by_activity(visits),
        _cases_by_focus(aggregated["opened"]["focus"], aggregated["closed"]["focus"]),
        _concerns_by_band(
            aggregated["concerns"]["band"],
            aggregated["concerns"]["children"][()]["children"],
        ),
        _concerns_by_item(aggregated["concerns"]["item"]),
        _goals_by_tier(aggregated["goals"]["tier"]),
        _referrals_by_service(referrals, days),
    ]
    return Report(filter=f, headline=headline, tables=tables)


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
