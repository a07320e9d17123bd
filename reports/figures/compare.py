"""A headline figure beside the same period of the previous year, and the change.

Counts and hours change by their difference (and by a percentage of last year's value when it is
not zero); rates change by percentage points; days by days. A count of today (overdue
follow-ups) has no previous year."""

from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext

from reports.figures.rounding import add_up
from reports.tables import COUNT, HOURS, RATE, Column

# Figures counted as of today, whatever the period: a year before means nothing for them.
AS_OF_TODAY = {"overdue_follow_ups"}
COMPARISON_DEFINITION = (
    "Beside each figure: the same figure for the same dates a year before (a fiscal year beside "
    "the fiscal year before, a quarter beside that quarter a year before), and the change. Rates "
    "change by percentage points; counts and hours also by a percentage of last year's value."
)


@dataclass(frozen=True)
class Comparison:
    column: Column
    value: Any
    previous: Any  # None when there is nothing to compare with
    change: float | None
    change_text: str
    as_of_today: bool = False


def _signed(number: float, decimals: int) -> str:
    """The change in the page's language: "+1,234.5" in English, "+1.234,5" in Spanish."""
    if number == 0:
        return gettext("no change")
    sign = "+" if number > 0 else "−"
    return sign + number_format(abs(number), decimals, force_grouping=True)


def compare(column: Column, value: Any, previous: Any) -> Comparison:
    if column.key in AS_OF_TODAY:
        return Comparison(column, value, None, None, "", as_of_today=True)
    if value is None or previous is None:  # a rate or a median of nothing
        return Comparison(column, value, previous, None, "—")
    if column.kind == HOURS:
        change = add_up([value]) - add_up([previous])
        change = round(change, 2)
        decimals = 2
    else:
        change = round(value - previous, 1) if column.kind != COUNT else value - previous
        decimals = 0 if column.kind == COUNT else 1
    text = _signed(change, decimals)
    if column.kind == RATE and change:
        text = gettext("%(change)s points") % {"change": text}
    elif column.kind in (COUNT, HOURS) and previous and change:
        text += f" ({_signed(100 * change / previous, 0)}%)"
    return Comparison(column, value, previous, change, text)
