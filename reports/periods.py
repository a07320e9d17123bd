"""Reporting periods as plain date arithmetic: the state fiscal year, its named quarters, a
month, and the same period a year before.

The fiscal year starts on the first of settings.FISCAL_YEAR_START_MONTH (Oklahoma: July) and is
named by the calendar year it ends in: "SFY 2027" runs from July 2026 to June 2027. Its quarters
are counted from its start: with July, Q1 is July-September and Q4 April-June."""

from datetime import date, timedelta

from django.conf import settings


def start_month() -> int:
    return settings.FISCAL_YEAR_START_MONTH


def month_end(day: date) -> date:
    next_month = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return next_month - timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """The first of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def this_month(today: date) -> tuple[date, date]:
    return today.replace(day=1), month_end(today)


def last_quarter(today: date) -> tuple[date, date]:
    """The calendar quarter before the one `today` is in (Jan-Mar, Apr-Jun, Jul-Sep, Oct-Dec)."""
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = quarter_start - timedelta(days=1)
    return date(end.year, end.month - 2, 1), end


def fiscal_year_of(day: date) -> int:
    """The state fiscal year a date falls in, named by the calendar year it ends in."""
    first = start_month()
    return day.year + 1 if first > 1 and day.month >= first else day.year


def fiscal_year(year: int) -> tuple[date, date]:
    first = start_month()
    start = date(year - 1 if first > 1 else year, first, 1)
    return start, add_months(start, 12) - timedelta(days=1)


def fiscal_quarter(year: int, quarter: int) -> tuple[date, date]:
    """Quarter 1-4 of a state fiscal year."""
    start = add_months(fiscal_year(year)[0], 3 * (quarter - 1))
    return start, add_months(start, 3) - timedelta(days=1)


def fiscal_quarter_of(day: date) -> tuple[int, int]:
    """(fiscal year, quarter 1-4) that a date falls in."""
    year = fiscal_year_of(day)
    months = (day.year * 12 + day.month) - (fiscal_year(year)[0].year * 12 + start_month())
    return year, months // 3 + 1


def this_fiscal_year(today: date) -> tuple[date, date]:
    return fiscal_year(fiscal_year_of(today))


def last_fiscal_year(today: date) -> tuple[date, date]:
    return fiscal_year(fiscal_year_of(today) - 1)


def year_before(day: date) -> date:
    """The same day a year earlier; 29 February becomes the 28th."""
    last = month_end(date(day.year - 1, day.month, 1)).day
    return date(day.year - 1, day.month, min(day.day, last))


def previous_year(start: date, end: date) -> tuple[date, date]:
    """The same period a year before. A period that ends on a month's last day ends on that
    month's last day a year before (29 February 2028 -> 28 February 2027)."""
    before_end = year_before(end)
    if end == month_end(end):
        before_end = month_end(before_end)
    return year_before(start), before_end


def months_between(start: date, end: date) -> list[date]:
    """First days of every month that overlaps [start, end], in order."""
    months = []
    current = start.replace(day=1)
    while current <= end:
        months.append(current)
        current = month_end(current) + timedelta(days=1)
    return months
