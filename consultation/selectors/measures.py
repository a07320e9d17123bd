"""Reads of measures: the instruments a case may record, its administrations with their scores,
and the measures due, per case and across a caseload."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.models import User
from consultation.models import Administration, ConsultationCase, Instrument, MeasureDue, Score
from core.scope import scoped

RATES_FOR_FOCUS: dict[str, tuple[str, ...]] = {
    ConsultationCase.Focus.CHILD: (Instrument.Rates.CHILD,),
    ConsultationCase.Focus.CLASSROOM: (Instrument.Rates.CLASSROOM, Instrument.Rates.TEACHER),
    ConsultationCase.Focus.PROGRAM: (Instrument.Rates.PROGRAM,),
}
DUE_SHOWN = 20  # the caseload lists the most pressing; the count covers them all


def instruments_for_focus(focus: str) -> QuerySet[Instrument]:
    """The active instruments that rate what a case of this focus is about."""
    return Instrument.objects.filter(is_active=True, rates__in=RATES_FOR_FOCUS[focus])


def instrument_with_fields(code: str, instruments: QuerySet[Instrument]) -> Instrument | None:
    """One of `instruments` with its score fields, read once for the record form."""
    return instruments.filter(code=code).prefetch_related("score_fields").first()


def administrations_of(case: ConsultationCase) -> list[Administration]:
    """Every administration of the case, voided ones too (struck through), with scores."""
    scores = Score.objects.select_related("score_field").order_by("score_field__sort_order", "pk")
    return list(
        case.administrations.select_related("instrument", "child", "classroom").prefetch_related(
            Prefetch("scores", queryset=scores)
        )
    )


def measures_due_of(case: ConsultationCase) -> list[MeasureDue]:
    return list(case.measures_due.select_related("instrument", "satisfied_by"))


def administrations_visible_to(user: User | Any) -> QuerySet[Administration]:
    live_cases = Administration.objects.filter(case__is_archived=False)
    return scoped(live_cases.select_related("case__child", "instrument"), user)


@dataclass(frozen=True)
class MeasuresDue:
    """The measures still to record on a user's cases: the most pressing, and the counts."""

    rows: list[MeasureDue]
    due_count: int
    overdue_count: int


def measures_due_for(user: User | Any, *, today: date) -> MeasuresDue:
    """Open due entries of the cases the user sees (closed cases too: follow-ups fall due after
    closing), soonest first: the first DUE_SHOWN rows, and the counts (one more query only when
    there are more rows than that)."""
    pending = scoped(
        MeasureDue.objects.filter(satisfied_by__isnull=True, case__is_archived=False), user
    )
    rows = list(
        pending.select_related(
            "instrument", "case__child", "case__classroom", "case__site"
        ).order_by("due_by", "pk")[: DUE_SHOWN + 1]
    )
    if len(rows) <= DUE_SHOWN:  # every row is here: count them, no second query
        overdue = sum(1 for row in rows if row.due_by < today)
        return MeasuresDue(rows=rows, due_count=len(rows) - overdue, overdue_count=overdue)
    counts = pending.aggregate(total=Count("pk"), overdue=Count("pk", filter=Q(due_by__lt=today)))
    return MeasuresDue(
        rows=rows[:DUE_SHOWN],
        due_count=counts["total"] - counts["overdue"],
        overdue_count=counts["overdue"],
    )
