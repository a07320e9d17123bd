"""The age band on its boundaries, by the Python rule and by the SQL expression the reports
group by: the same cases, the same answers."""

from datetime import date

import pytest
from django.db.models import F

from consultation.ages import AgeBand, age_band_expression, age_band_on, age_in_months
from consultation.models import Visit
from tests.factories import ChildFactory, VisitFactory

BORN = date(2024, 3, 15)
LEAP_DAY = date(2024, 2, 29)
BOUNDARIES = [
    (BORN, date(2024, 3, 15), AgeBand.INFANT),  # day of birth
    (BORN, date(2025, 3, 14), AgeBand.INFANT),  # last day under 12 months
    (BORN, date(2025, 3, 15), AgeBand.TODDLER),  # 12 months exactly
    (BORN, date(2027, 3, 14), AgeBand.TODDLER),  # last day under 36 months
    (BORN, date(2027, 3, 15), AgeBand.PRESCHOOL),  # 36 months exactly
    (BORN, date(2030, 3, 14), AgeBand.PRESCHOOL),  # last day under 6 years
    (BORN, date(2030, 3, 15), AgeBand.SCHOOL_AGE),  # sixth birthday
    # Born on 29 February: in a year without one, each age turns on 1 March.
    (LEAP_DAY, date(2025, 2, 28), AgeBand.INFANT),
    (LEAP_DAY, date(2025, 3, 1), AgeBand.TODDLER),
    (LEAP_DAY, date(2027, 2, 28), AgeBand.TODDLER),
    (LEAP_DAY, date(2027, 3, 1), AgeBand.PRESCHOOL),
    (LEAP_DAY, date(2030, 2, 28), AgeBand.PRESCHOOL),
    (LEAP_DAY, date(2030, 3, 1), AgeBand.SCHOOL_AGE),
    # Born on the 31st: a month completes on the next first when the day does not exist.
    (date(2023, 8, 31), date(2026, 8, 30), AgeBand.TODDLER),
    (date(2023, 8, 31), date(2026, 9, 1), AgeBand.PRESCHOOL),
]


@pytest.mark.parametrize(("born", "on", "band"), BOUNDARIES)
def test_age_band_boundaries_in_python(born, on, band):
    assert age_band_on(born, on) == band


@pytest.mark.django_db
def test_age_band_boundaries_in_sql_as_the_reports_compute_them():
    for born, on, _band in BOUNDARIES:
        VisitFactory(visit_date=on).children.add(ChildFactory(date_of_birth=born))
    rows = (
        Visit.objects.filter(children__isnull=False)
        .annotate(
            band=age_band_expression("children__date_of_birth", "visit_date"),
            born=F("children__date_of_birth"),
        )
        .values_list("born", "visit_date", "band")
    )
    found = {(born, on): band for born, on, band in rows}
    assert found == {(born, on): band.value for born, on, band in BOUNDARIES}


def test_leap_day_birth_in_a_leap_year_has_its_birthday_on_29_february():
    assert age_band_on(LEAP_DAY, date(2028, 2, 28)) == AgeBand.PRESCHOOL
    assert age_in_months(LEAP_DAY, date(2028, 2, 28)) == 47
    assert age_in_months(LEAP_DAY, date(2028, 2, 29)) == 48


def test_month_end_birth_completes_a_month_when_the_day_exists_or_the_next_first():
    assert age_in_months(date(2025, 1, 31), date(2025, 2, 28)) == 0
    assert age_in_months(date(2025, 1, 31), date(2025, 3, 1)) == 1
    assert age_in_months(date(2025, 1, 31), date(2025, 3, 31)) == 2


def test_age_before_birth_is_refused():
    with pytest.raises(ValueError):
        age_band_on(date(2025, 5, 1), date(2025, 4, 30))
