from datetime import date

import pytest

from consultation.ages import AgeBand, age_band_on, age_in_months


@pytest.mark.parametrize(
    ("born", "on", "band"),
    [
        (date(2024, 3, 15), date(2024, 3, 15), AgeBand.INFANT),  # day of birth
        (date(2024, 3, 15), date(2025, 3, 14), AgeBand.INFANT),  # last day under 12 months
        (date(2024, 3, 15), date(2025, 3, 15), AgeBand.TODDLER),  # 12 months exactly
        (date(2024, 3, 15), date(2027, 3, 14), AgeBand.TODDLER),  # last day under 36 months
        (date(2024, 3, 15), date(2027, 3, 15), AgeBand.PRESCHOOL),  # 36 months exactly
        (date(2024, 3, 15), date(2030, 3, 14), AgeBand.PRESCHOOL),  # last day under 6 years
        (date(2024, 3, 15), date(2030, 3, 15), AgeBand.SCHOOL_AGE),  # sixth birthday
    ],
)
def test_age_band_boundaries(born, on, band):
    assert age_band_on(born, on) == band


@pytest.mark.parametrize(
    ("on", "band"),
    [
        (date(2025, 2, 28), AgeBand.INFANT),  # no 29 Feb in 2025: not yet 12 months
        (date(2025, 3, 1), AgeBand.TODDLER),  # the first birthday falls on 1 March
        (date(2027, 2, 28), AgeBand.TODDLER),
        (date(2027, 3, 1), AgeBand.PRESCHOOL),
        (date(2030, 2, 28), AgeBand.PRESCHOOL),
        (date(2030, 3, 1), AgeBand.SCHOOL_AGE),
    ],
)
def test_leap_day_birth_turns_each_age_on_the_first_of_march(on, band):
    assert age_band_on(date(2024, 2, 29), on) == band


def test_leap_day_birth_in_a_leap_year_has_its_birthday_on_29_february():
    assert age_band_on(date(2024, 2, 29), date(2028, 2, 28)) == AgeBand.PRESCHOOL
    assert age_in_months(date(2024, 2, 29), date(2028, 2, 28)) == 47
    assert age_in_months(date(2024, 2, 29), date(2028, 2, 29)) == 48


def test_month_end_birth_completes_a_month_when_the_day_exists_or_the_next_first():
    assert age_in_months(date(2025, 1, 31), date(2025, 2, 28)) == 0
    assert age_in_months(date(2025, 1, 31), date(2025, 3, 1)) == 1
    assert age_in_months(date(2025, 1, 31), date(2025, 3, 31)) == 2


def test_age_before_birth_is_refused():
    with pytest.raises(ValueError):
        age_band_on(date(2025, 5, 1), date(2025, 4, 30))
