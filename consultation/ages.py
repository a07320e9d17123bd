"""Age bands, derived from date of birth on the date that matters (never typed in)."""

from datetime import date

from django.db import models


class AgeBand(models.TextChoices):
    INFANT = "infant", "Infant (0-11 months)"
    TODDLER = "toddler", "Toddler (12-35 months)"
    PRESCHOOL = "preschool", "Preschool (3-5 years)"
    SCHOOL_AGE = "school_age", "School age (6+ years)"


INFANT_UNDER_MONTHS = 12
TODDLER_UNDER_MONTHS = 36
PRESCHOOL_UNDER_MONTHS = 72
# Child Guidance serves children up to 8: referrals for older children are refused.
CHILD_GUIDANCE_UNDER_MONTHS = 9 * 12


def age_in_months(date_of_birth: date, on: date) -> int:
    """Completed months between birth and `on`.

    A month completes on the same day-of-month as the birth; when that day does not exist
    (born on the 31st, or on 29 February), it completes on the first day of the next month.
    """
    if on < date_of_birth:
        raise ValueError("The date is before the date of birth.")
    months = (on.year - date_of_birth.year) * 12 + (on.month - date_of_birth.month)
    if on.day < date_of_birth.day:
        months -= 1
    return months


def age_band_on(date_of_birth: date, on: date) -> AgeBand:
    months = age_in_months(date_of_birth, on)
    if months < INFANT_UNDER_MONTHS:
        return AgeBand.INFANT
    if months < TODDLER_UNDER_MONTHS:
        return AgeBand.TODDLER
    if months < PRESCHOOL_UNDER_MONTHS:
        return AgeBand.PRESCHOOL
    return AgeBand.SCHOOL_AGE
