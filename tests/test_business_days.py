"""Business days (core.business_days), counted by hand on a calendar: November 2026 has
Thanksgiving on Thursday the 26th and Friday the 27th off (the default holiday list)."""

from datetime import date

import pytest

from core.business_days import add_business_days, business_days_between, is_business_day

FRI_20, MON_23, TUE_24, WED_25, THU_26 = (date(2026, 11, d) for d in (20, 23, 24, 25, 26))
FRI_27, MON_30, TUE_DEC_1 = date(2026, 11, 27), date(2026, 11, 30), date(2026, 12, 1)
NO_HOLIDAYS: frozenset[date] = frozenset()


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (MON_23, MON_23, 0),  # the same day
        (MON_23, TUE_24, 1),
        (FRI_20, MON_23, 1),  # over a weekend
        (date(2026, 11, 21), MON_23, 1),  # received on a Saturday, answered Monday
        (FRI_20, date(2026, 11, 22), 0),  # a weekend counts nothing
        (WED_25, MON_30, 1),  # Thanksgiving Thursday and Friday, then the weekend
        (TUE_24, TUE_DEC_1, 3),  # Wed 25, Mon 30, Tue 1
        # four weeks = 20, minus Veterans Day (Wed 11th) and Thanksgiving Thursday and Friday
        (date(2026, 11, 2), date(2026, 11, 30), 17),
        (MON_30, WED_25, -1),  # backwards
    ],
)
def test_business_days_between_skip_weekends_and_the_holiday_list(start, end, days):
    assert business_days_between(start, end) == days


def test_without_holidays_every_weekday_counts():
    assert business_days_between(WED_25, MON_30, NO_HOLIDAYS) == 3
    assert business_days_between(date(2026, 11, 2), date(2026, 11, 30), NO_HOLIDAYS) == 20


def test_the_holiday_list_is_a_setting(settings):
    settings.BUSINESS_HOLIDAYS = frozenset({TUE_24})
    assert business_days_between(MON_23, WED_25) == 1
    assert not is_business_day(TUE_24)
    assert is_business_day(THU_26)  # no longer a holiday


def test_adding_business_days_lands_after_weekends_and_holidays():
    assert add_business_days(FRI_20, 2) == TUE_24
    assert add_business_days(WED_25, 1) == MON_30  # over Thanksgiving and the weekend
    assert add_business_days(WED_25, 2) == TUE_DEC_1
    assert add_business_days(WED_25, 1, NO_HOLIDAYS) == THU_26
    assert add_business_days(FRI_27, 0) == FRI_27
