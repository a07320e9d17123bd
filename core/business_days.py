"""Business days: Monday to Friday, except the dates of settings.BUSINESS_HOLIDAYS. Response
standards (first contact within 2 business days) are counted in them."""

from collections.abc import Collection
from datetime import date, timedelta

from django.conf import settings


def _holidays(holidays: Collection[date] | None) -> Collection[date]:
    return settings.BUSINESS_HOLIDAYS if holidays is None else holidays


def is_business_day(day: date, holidays: Collection[date] | None = None) -> bool:
    return day.weekday() < 5 and day not in _holidays(holidays)


def _weekdays_after(start: date, end: date) -> int:
    """Monday-to-Friday days in (start, end]: whole weeks, then the days left over."""
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + timedelta(days=weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


def business_days_between(start: date, end: date, holidays: Collection[date] | None = None) -> int:
    """Business days after `start` up to and including `end`: a request received on a Friday
    and answered on the Monday took 1; the same day, 0. Negative when `end` is before `start`."""
    if end < start:
        return -business_days_between(end, start, holidays)
    off = sum(1 for day in _holidays(holidays) if start < day <= end and day.weekday() < 5)
    return _weekdays_after(start, end) - off


def add_business_days(start: date, days: int, holidays: Collection[date] | None = None) -> date:
    """The date `days` business days after `start` (the last day a standard is met)."""
    found = _holidays(holidays)
    day = start
    while days > 0:
        day += timedelta(days=1)
        if is_business_day(day, found):
            days -= 1
    return day
