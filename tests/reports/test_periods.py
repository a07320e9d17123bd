"""Quick period choices and the percentile method."""

from datetime import date

import pytest

from reports import periods
from reports.figures.definitions import percentile


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 25), (date(2026, 7, 1), date(2026, 9, 30))),
        (date(2026, 1, 10), (date(2025, 10, 1), date(2025, 12, 31))),
        (date(2026, 4, 1), (date(2026, 1, 1), date(2026, 3, 31))),
    ],
)
def test_last_quarter_is_the_calendar_quarter_before_today(today, expected):
    assert periods.last_quarter(today) == expected


def test_state_fiscal_year_runs_july_to_june():
    assert periods.this_fiscal_year(date(2026, 11, 25)) == (date(2026, 7, 1), date(2027, 6, 30))
    assert periods.this_fiscal_year(date(2026, 6, 30)) == (date(2025, 7, 1), date(2026, 6, 30))
    assert periods.last_fiscal_year(date(2026, 7, 1)) == (date(2025, 7, 1), date(2026, 6, 30))


def test_this_month_ends_on_its_last_day():
    assert periods.this_month(date(2028, 2, 10)) == (date(2028, 2, 1), date(2028, 2, 29))
    assert periods.this_month(date(2026, 12, 31)) == (date(2026, 12, 1), date(2026, 12, 31))


def test_months_between_lists_every_month_touched():
    assert periods.months_between(date(2026, 11, 15), date(2027, 1, 2)) == [
        date(2026, 11, 1),
        date(2026, 12, 1),
        date(2027, 1, 1),
    ]


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        ([], 0.5, None),
        ([7], 0.9, 7),
        ([10, 20], 0.5, 15),  # halfway between the two
        ([30, 10, 20, 10], 0.5, 15),  # sorted 10,10,20,30: rank 2.5
        ([30, 10, 20, 10], 0.9, 27),  # rank 1 + 0.9*3 = 3.7: 20 + 0.7*10
        (list(range(1, 11)), 0.9, 9.1),  # rank 9.1 of 1..10
    ],
)
def test_percentile_interpolates_between_closest_ranks(values, fraction, expected):
    result = percentile(values, fraction)
    assert result == pytest.approx(expected) if expected is not None else result is None
