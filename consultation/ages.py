"""Age bands, derived from date of birth on the date that matters (never typed in)."""

from datetime import date

from django.db import models
from django.db.models import Case, CharField, IntegerField, Value, When
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.db.models.lookups import GreaterThan, LessThan
from django.utils.translation import gettext_lazy


class AgeBand(models.TextChoices):
    INFANT = "infant", gettext_lazy("Infant (0-11 months)")
    TODDLER = "toddler", gettext_lazy("Toddler (12-35 months)")
    PRESCHOOL = "preschool", gettext_lazy("Preschool (3-5 years)")
    SCHOOL_AGE = "school_age", gettext_lazy("School age (6+ years)")


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


# The same rules in SQL, for queries that group or filter by age band (the reports): one
# expression, tested on its boundaries against the Python functions above.


def months_expression(birth: str, on: str) -> CombinedExpression:
    """Completed months from the date field `birth` to the date field `on`, in SQL: the rule of
    age_in_months (a month completes on the birth's day of the month, or on the first of the
    next month when that day does not exist)."""
    return (
        (ExtractYear(on) - ExtractYear(birth)) * Value(12)
        + ExtractMonth(on)
        - ExtractMonth(birth)
        - Case(
            When(GreaterThan(ExtractDay(birth), ExtractDay(on)), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def age_band_expression(birth: str, on: str) -> Case:
    """The age band on the date field `on` of a child born on the date field `birth`, in SQL:
    the rule of age_band_on."""
    months = months_expression(birth, on)
    return Case(
        When(LessThan(months, INFANT_UNDER_MONTHS), then=Value(AgeBand.INFANT.value)),
        When(LessThan(months, TODDLER_UNDER_MONTHS), then=Value(AgeBand.TODDLER.value)),
        When(LessThan(months, PRESCHOOL_UNDER_MONTHS), then=Value(AgeBand.PRESCHOOL.value)),
        default=Value(AgeBand.SCHOOL_AGE.value),
        output_field=CharField(),
    )
