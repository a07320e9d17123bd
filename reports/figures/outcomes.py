"""Outcome figures of child-focused cases, by county: placement at closure and 30 and 90 days
after it (unknowns apart), and exclusion events per 100 cases with their days.

Which cases count: "served" cases are the child-focused cases (not archived) open on any day
of the period (opened by its end, not closed before its start); "closed" cases those closed in
the period. Exclusion events count when dated in the period and recorded on a served case.
Four queries, whatever the data (the equity figures read the same two of them)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from accounts.models import User
from consultation.models import ConsultationCase, ExclusionEvent, PlacementFollowUp
from reports.figures.definitions import rate
from reports.figures.sql import CASES_CLOSED, CASES_OPENED, ReportFilter, records
from reports.tables import COUNT, DAYS, RATE, Column, Row, Table

CHILD = Q(focus=ConsultationCase.Focus.CHILD)
COUNTY = "site__county__name"
Answer = PlacementFollowUp.Answer


def served_cases(user: User, f: ReportFilter) -> QuerySet[ConsultationCase]:
    """Child-focused cases open on any day of the period, in the user's scope and filter."""
    cases = records(CASES_OPENED, user, f, in_period=False).filter(CHILD)
    return cases.filter(opened_on__lte=f.date_to).exclude(closed_on__lt=f.date_from)


def events_in_period(cases: QuerySet[ConsultationCase], f: ReportFilter) -> QuerySet:
    """Exclusion events dated in the period on these cases."""
    return ExclusionEvent.objects.filter(
        case__in=cases.values("pk"), occurred_on__gte=f.date_from, occurred_on__lte=f.date_to
    ).order_by()


def _by_county(rows: Iterable[dict[str, Any]], keys: list[str]) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(keys, 0))
    for row in rows:
        for key in keys:
            found[row["county"]][key] += row.get(key) or 0
    return found


def _table_rows(found: dict[str, dict[str, int]], keys: list[str]) -> tuple[list[Row], Row]:
    rows = [
        Row(county, dict[str, Any](found[county])) for county in sorted(found) if county is not None
    ]
    total = Row("Total", {key: sum(row.values[key] for row in rows) for key in keys})
    return rows, total


# Placement ------------------------------------------------------------------------------------

FOLLOW_UP_KEYS = [
    f"{answer}_{days}" for days in (30, 90) for answer in ("kept", "left", "unknown", "awaiting")
]
PLACEMENT_KEYS = ["closed", "kept_closure", *FOLLOW_UP_KEYS]


def _follow_up_columns(days: int) -> list[Column]:
    return [
        Column(
            f"kept_{days}",
            f"Kept at {days} days",
            COUNT,
            f"Of those cases, the {days}-day follow-up answered yes: still enrolled.",
        ),
        Column(f"left_{days}", f"Left by {days} days", COUNT, "Answered no: no longer enrolled."),
        Column(
            f"unknown_{days}",
            f"Unknown at {days} days",
            COUNT,
            "Answered unknown: the program could not say. Counted apart, not as kept or left.",
        ),
        Column(
            f"awaiting_{days}",
            f"Awaiting {days}-day answer",
            COUNT,
            "Not answered yet (not yet due, or due and unanswered).",
        ),
        Column(
            f"kept_{days}_rate",
            f"Kept at {days} days (%)",
            RATE,
            f"Kept ÷ (kept + left) at {days} days, as a percentage: unknown and unanswered "
            "follow-ups are left out.",
            basis=(f"kept_{days}", f"left_{days}"),
        ),
    ]


PLACEMENT_COLUMNS = [
    Column("closed", "Cases closed", COUNT, "Child-focused cases closed in the period."),
    Column(
        "kept_closure",
        "Kept at closure",
        COUNT,
        "Of those, the cases whose child was still enrolled at closure (retained).",
    ),
    Column(
        "kept_closure_rate",
        "Kept at closure (%)",
        RATE,
        "Kept at closure ÷ cases closed, as a percentage.",
        basis=("kept_closure", "closed"),
    ),
    *_follow_up_columns(30),
    *_follow_up_columns(90),
]


def _follow_up_key(answer: str, days: int) -> str:
    names = {Answer.YES.value: "kept", Answer.NO.value: "left", Answer.UNKNOWN.value: "unknown"}
    name = names.get(answer)
    return f"{name or 'awaiting'}_{days}"


def placement_by_county(user: User, f: ReportFilter) -> Table:
    """Placement of the child-focused cases closed in the period: at closure, at 30 and at 90
    days (two queries)."""
    closed = records(CASES_CLOSED, user, f).filter(CHILD)
    retained = Q(placement_at_closure=ConsultationCase.Placement.RETAINED)
    found = _by_county(
        closed.values(county=F(COUNTY)).annotate(
            closed=Count("pk"), kept_closure=Count("pk", filter=retained)
        ),
        PLACEMENT_KEYS,
    )
    answers = (
        PlacementFollowUp.objects.filter(case__in=closed.values("pk"))
        .exclude(answer="")
        .values_list("case__site__county__name", "days_after", "answer")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for county, days, answer, n in answers:
        found[county][_follow_up_key(answer, days)] += n
    for counts in found.values():
        for days in (30, 90):
            answered = sum(counts[f"{name}_{days}"] for name in ("kept", "left", "unknown"))
            counts[f"awaiting_{days}"] = counts["closed"] - answered
    rows, total = _table_rows(found, PLACEMENT_KEYS)
    for row in [*rows, total]:
        values: dict[str, Any] = row.values
        values["kept_closure_rate"] = rate(values["kept_closure"], values["closed"])
        for days in (30, 90):
            known = values[f"kept_{days}"] + values[f"left_{days}"]
            values[f"kept_{days}_rate"] = rate(values[f"kept_{days}"], known)
    return Table(
        slug="placement-by-county",
        title="Placement at closure and 30 and 90 days after",
        definition=(
            "Child-focused cases closed in the period: was the child still enrolled at closure, "
            "and at the follow-ups 30 and 90 days after closing? Unknown answers and follow-ups "
            "not answered yet are counted apart."
        ),
        row_header="County",
        columns=PLACEMENT_COLUMNS,
        rows=rows,
        total=total,
    )


# Exclusion events -----------------------------------------------------------------------------

EXCLUSION_KEYS = ["served", "events", "days"]
EXCLUSION_COLUMNS = [
    Column(
        "served",
        "Child-focused cases",
        COUNT,
        "Child-focused cases open on any day of the period.",
    ),
    Column(
        "events",
        "Exclusion events",
        COUNT,
        "Exclusion events (sent home, shortened day, asked to keep home, suspension, "
        "conditional enrolment, transfer, dismissal) dated in the period on those cases.",
    ),
    Column(
        "per_100",
        "Events per 100 cases",
        RATE,
        "Exclusion events ÷ child-focused cases × 100.",
        basis=("events", "served"),
    ),
    Column(
        "days",
        "Days of exclusion",
        DAYS,
        "The sum of the days recorded on those events (events without a number of days add none).",
        basis=("events",),
    ),
]


@dataclass(frozen=True)
class Served:
    """The served cases as value rows (pk, county and any further fields asked for), and the
    exclusion events of each one in the period as (events, days): what the exclusion and
    equity figures both count, read once."""

    cases: list[dict[str, Any]]
    events: dict[int, tuple[int, int]]


def served_with_events(user: User, f: ReportFilter, *fields: str) -> Served:
    """Two queries: the served cases, and their events in the period grouped by case."""
    served = served_cases(user, f)
    events = (
        events_in_period(served, f)
        .values_list("case_id")
        .annotate(n=Count("pk"), days=Sum("days"))
        .order_by()
    )
    return Served(
        cases=list(served.values("pk", *fields, county=F(COUNTY))),
        events={case: (n, days or 0) for case, n, days in events},
    )


def exclusions_by_county(served: Served) -> Table:
    """Exclusion events per 100 child-focused cases and their days."""
    found: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(EXCLUSION_KEYS, 0))
    for case in served.cases:
        values = found[case["county"]]
        n, days = served.events.get(case["pk"], (0, 0))
        values["served"] += 1
        values["events"] += n
        values["days"] += days
    rows, total = _table_rows(found, EXCLUSION_KEYS)
    for row in [*rows, total]:
        # rate() gives a percentage: per 100 cases is the same number.
        row.values["per_100"] = rate(row.values["events"], row.values["served"])
    return Table(
        slug="exclusions-by-county",
        title="Exclusion events per 100 child-focused cases",
        definition=(
            "Exclusion events dated in the period on child-focused cases open in the period, "
            "per 100 such cases, and the days of exclusion they record."
        ),
        row_header="County",
        columns=EXCLUSION_COLUMNS,
        rows=rows,
        total=total,
    )
