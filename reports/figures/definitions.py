"""What each headline figure means and how a group's values are finished: the columns with their
definitions, rates, percentiles, and the table of every figure by county or by month."""

import math
from collections.abc import Sequence
from typing import Any

from django.db.models import Q

from consultation.models import ConsultationCase
from referrals.models import Referral
from reports.figures.rounding import HOURS_ROUNDING, add_up, hours
from reports.tables import COUNT, DAYS, HOURS, RATE, Column, Row, Table

STARTED_CHANGE = Q(status_changes__to_status=Referral.Status.SERVICES_STARTED)
CHILD_FOCUS = Q(focus=ConsultationCase.Focus.CHILD)
AT_RISK = CHILD_FOCUS & Q(at_risk_of_expulsion=True)
RETAINED = AT_RISK & Q(placement_at_closure=ConsultationCase.Placement.RETAINED)

FIGURE_COLUMNS = [
    Column("visits", "Visits", COUNT, "Visits dated in the period (archived visits excluded)."),
    Column(
        "hours",
        "Hours",
        HOURS,
        "Hours of consultation: the sum of the durations of those visits, in hours. "
        + HOURS_ROUNDING,
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


def percentile(values: Sequence[float], fraction: float) -> float | None:
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


def rate(numerator: int, denominator: int) -> float | None:
    return round(100 * numerator / denominator, 1) if denominator else None


def finish(values: dict[str, Any], days: list[int], *, with_overdue: bool) -> dict[str, Any]:
    """Fill zeros, turn minutes into hours and add the rates and percentiles."""
    out = {key: values.get(key) or 0 for key in FIGURE_KEYS}
    out["hours"] = hours(values.get("minutes"))
    out["retained_rate"] = rate(out["retained"], out["at_risk_closed"])
    out["goals_met_share"] = rate(out["goals_met"], out["goals_set"])
    out["completion_rate"] = rate(out["services_started"], out["referrals_sent"])
    median, p90 = percentile(days, 0.5), percentile(days, 0.9)
    out["days_median"] = round(median, 1) if median is not None else None
    out["days_p90"] = round(p90, 1) if p90 is not None else None
    if not with_overdue:
        out["overdue_follow_ups"] = None
    return out


def figure_table(
    slug: str,
    title: str,
    row_header: str,
    labels: list[tuple[Any, str]],
    groups: dict[Any, dict[str, Any]],
    days: dict[Any, list[int]],
    total: dict[str, Any],
    *,
    with_overdue: bool,
) -> Table:
    columns = [c for c in FIGURE_COLUMNS if with_overdue or c.key != "overdue_follow_ups"]
    rows = [
        Row(label, finish(groups.get(key, {}), days.get(key, []), with_overdue=with_overdue))
        for key, label in labels
    ]
    # The total's hours are the rows' rounded hours added up (rounding.HOURS_ROUNDING).
    total = {**total, "hours": add_up(row.values["hours"] for row in rows)}
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
        rows=rows,
        total=Row("Total", total),
    )


MEDIAN_DEFINITION = next(c.definition for c in FIGURE_COLUMNS if c.key == "days_median")
P90_DEFINITION = next(c.definition for c in FIGURE_COLUMNS if c.key == "days_p90")
