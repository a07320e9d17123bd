"""Dates as the program lives them: the local day, and the short form pages list."""

from datetime import date

from django.utils import timezone
from django.utils.dates import MONTHS_3


def local_today() -> date:
    return timezone.localdate()


def short_date(day: date) -> str:
    """The date as the template filter `date:"M j, Y"` shows it ("Jan 5, 2026"), at a third of
    its cost: pages list dozens of dates."""
    return f"{MONTHS_3[day.month].title()} {day.day}, {day.year}"
