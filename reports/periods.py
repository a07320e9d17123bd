"""Reporting periods: the quick choices of the filter, as plain date arithmetic."""

from datetime import date, timedelta

# Oklahoma's state fiscal year runs from 1 July to 30 June; "SFY 2027" ends in June 2027.
FISCAL_YEAR_START_MONTH = 7


def month_end(day: date) -> date:
    next_month = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return next_month - timedelta(days=1)


def this_month(today: date) -> tuple[date, date]:
    return today.replace(day=1), month_end(today)


def last_quarter(today: date) -> tuple[date, date]:
    """The calendar quarter before the one `today` is in (Jan-Mar, Apr-Jun, Jul-Sep, Oct-Dec)."""
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = quarter_start - timedelta(days=1)
    return date(end.year, end.month - 2, 1), end


def fiscal_year_of(day: date) -> int:
    """The state fiscal year a date falls in, named by the calendar year it ends in."""
    return day.year + 1 if day.month >= FISCAL_YEAR_START_MONTH else day.year


def fiscal_year(year: int) -> tuple[date, date]:
    return date(year - 1, FISCAL_YEAR_START_MONTH, 1), date(year, FISCAL_YEAR_START_MONTH - 1, 30)


def this_fiscal_year(today: date) -> tuple[date, date]:
    return fiscal_year(fiscal_year_of(today))


def last_fiscal_year(today: date) -> tuple[date, date]:
    return fiscal_year(fiscal_year_of(today) - 1)


def months_between(start: date, end: date) -> list[date]:
    """First days of every month that overlaps [start, end], in order."""
    months = []
    current = start.replace(day=1)
    while current <= end:
        months.append(current)
        current = month_end(current) + timedelta(days=1)
    return months
