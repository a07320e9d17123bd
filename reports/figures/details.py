"""The detail tables of the reports page: hours by mode and activity, cases by focus, concerns
by age band and checklist item, goals by tier, referrals by service type."""

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Count, QuerySet, Sum

from consultation.ages import AgeBand
from consultation.models import ConcernItem, ConsultationCase, PyramidGoal, PyramidTier, Visit
from referrals.models import Referral, ServiceType
from reports.figures.definitions import MEDIAN_DEFINITION, P90_DEFINITION, percentile, rate
from reports.figures.rounding import HOURS_ROUNDING, add_up, hours
from reports.tables import COUNT, DAYS, HOURS, RATE, Column, Row, Table


def visits_by_mode(by_mode: dict[tuple, dict[str, Any]]) -> Table:
    found = {mode: values for (mode,), values in by_mode.items()}
    rows = []
    for mode in Visit.Mode:
        values = found.get(mode.value, {})
        rows.append(
            Row(
                str(mode.label),
                {
                    "visits": values.get("visits", 0),
                    "hours": hours(values.get("minutes")),
                },
            )
        )
    total = Row(
        "Total",
        {
            "visits": sum(r.values["visits"] for r in rows),
            "hours": add_up(r.values["hours"] for r in rows),
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
    "hours",
    "Hours",
    HOURS,
    "Sum of those visits' durations, in hours. " + HOURS_ROUNDING,
    basis=("visits",),
)


def visits_by_activity(visits: QuerySet) -> Table:
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
                {"visits": row["visits"], "hours": hours(row["minutes"])},
            )
            for row in found
        ],
    )


def cases_by_focus(opened: dict[tuple, dict], closed: dict[tuple, dict]) -> Table:
    rows = [
        Row(
            str(focus.label),
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


def concerns_by_band(by_band: dict[tuple, dict[str, Any]], children: int) -> Table:
    found = {band: values for (band,), values in by_band.items()}
    rows = [
        Row(
            str(b.label),
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


def concerns_by_item(by_item: dict[tuple, dict[str, Any]]) -> Table:
    counts = {int(item): values["observations"] for (item,), values in by_item.items()}
    # Items alike in band, text and order are one row; rows in the database's order of those.
    found: dict[tuple, int] = {}
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


def goals_by_tier(by_tier: dict[tuple, dict[str, Any]]) -> Table:
    counts = {(int(tier), status): values["n"] for (tier, status), values in by_tier.items()}
    statuses = list(PyramidGoal.Status)
    columns = [
        Column(
            s.value,
            str(s.label),
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

    def finish(label: str, values: dict[str, Any]) -> Row:
        values["total"] = sum(values[s.value] for s in statuses)
        values["share_met"] = rate(values[PyramidGoal.Status.MET.value], values["total"])
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


def _referral_columns() -> list[Column]:
    columns = [
        Column(
            s.value,
            "Awaiting reply" if s == Referral.Status.SENT else str(s.label),
            COUNT,
            f"Referrals sent in the period whose status today is '{s.label.lower()}'.",
            in_row_total=True,
        )
        for s in REFERRAL_STATUS_COLUMNS
    ]
    return [
        *columns,
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
        Column("days_median", "Median days", DAYS, MEDIAN_DEFINITION, basis=("started",)),
        Column("days_p90", "90th percentile days", DAYS, P90_DEFINITION, basis=("started",)),
    ]


def _referral_row(label: str, values: dict[str, Any], started: int, days: list[int]) -> Row:
    values["total"] = sum(values[s.value] for s in REFERRAL_STATUS_COLUMNS)
    values["started"] = started
    values["completion_rate"] = rate(started, values["total"])
    median, p90 = percentile(days, 0.5), percentile(days, 0.9)
    values["days_median"] = None if median is None else round(median, 1)
    values["days_p90"] = None if p90 is None else round(p90, 1)
    return Row(label, values)


def referrals_by_service(referrals: list[tuple], days: list[tuple[str, date, str, int]]) -> Table:
    counts: dict[tuple[str, str], int] = defaultdict(int)
    started: dict[str, int] = defaultdict(int)
    for _county, _sent, service, status, started_on in referrals:
        counts[(service, status)] += 1
        started[service] += started_on is not None
    days_by_service = defaultdict(list)
    for _county, _month, service, n in days:
        days_by_service[service].append(n)
    rows = [
        _referral_row(
            service.name,
            {s.value: counts.get((service.name, s.value), 0) for s in REFERRAL_STATUS_COLUMNS},
            started[service.name],
            days_by_service[service.name],
        )
        for service in ServiceType.objects.order_by("sort_order", "name", "pk")
    ]
    total = _referral_row(
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
        columns=_referral_columns(),
        rows=rows,
        total=total,
        row_total_key="total",
    )
