"""Dates as the program lives them: the local day, the short form pages list, and which dates are
plausible at all (the one rule every form and service applies)."""

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.dateformat import format as format_date
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def local_today() -> date:
    return timezone.localdate()


def short_date(day: date) -> str:
    """The date as the template filter `date:"M j, Y"` shows it ("Jan 5, 2026"), at a third of
    its cost: pages list dozens of dates. In another language, that language's short date ("5 ene
    2026" in Spanish, from the catalogue's "short date" format)."""
    if (translation.get_language() or "en").startswith("en"):
        return f"{MONTHS_3[day.month].title()} {day.day}, {day.year}"
    return format_date(day, pgettext("short date", "M j, Y"))


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (29 February becomes the 28th in a year without one)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


# Field name -> kind of date, for every date a form or a service takes.
BIRTH, RECORD, NEXT_VISIT = "birth", "record", "next visit"
DATE_KINDS = {
    "date_of_birth": BIRTH,
    "opened_on": RECORD,
    "closed_on": RECORD,
    "visit_date": RECORD,
    "next_visit_date": NEXT_VISIT,
    "given_on": RECORD,
    "written_received_on": RECORD,
    "expires_on": RECORD,
    "revoked_on": RECORD,
    "set_on": RECORD,
    "target_date": RECORD,
    "recorded_on": RECORD,
    "effective_date": RECORD,
    "delivered_on": RECORD,
}


def implausible(kind: str, day: date, today: date | None = None) -> str:
    """Why `day` cannot be a date of this kind (a mistyped year, usually), or "". Bounds from
    settings: IECMH_EARLIEST_RECORD_DATE, IECMH_OLDEST_CHILD_YEARS, IECMH_NEXT_VISIT_MAX_DAYS."""
    today = today or local_today()
    if kind == BIRTH:
        years = settings.OLDEST_CHILD_YEARS
        oldest = years_before(today, years)
        if day < oldest:
            return _("A child born before %(day)s is over %(years)s: check the year.") % {
                "day": short_date(oldest),
                "years": years,
            }
        return ""
    earliest = settings.EARLIEST_RECORD_DATE
    if day < earliest:
        return _("Dates before %(day)s are not accepted: check the year.") % {
            "day": short_date(earliest)
        }
    latest = today + timedelta(days=settings.NEXT_VISIT_MAX_DAYS)
    if kind == NEXT_VISIT and day > latest:
        days = settings.NEXT_VISIT_MAX_DAYS
        return _("The next visit can be at most %(days)s days ahead (by %(day)s).") % {
            "days": days,
            "day": short_date(latest),
        }
    return ""


def implausible_dates(**days: date | None) -> dict[str, str]:
    """{field: why} for each date given by field name (see DATE_KINDS) that is implausible."""
    today = local_today()
    errors = {}
    for name, day in days.items():
        problem = implausible(DATE_KINDS[name], day, today) if day is not None else ""
        if problem:
            errors[name] = problem
    return errors
