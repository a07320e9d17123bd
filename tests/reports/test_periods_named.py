"""The period control: fiscal year, named quarter, month, custom dates; typed dates win; old
links still work. Dates worked out by hand for Oklahoma's July-June state fiscal year."""

from datetime import date

import pytest
from django.urls import reverse

from reports import periods
from reports.forms import ReportFilterForm
from tests.factories import ProgramLeadFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 10, 15)  # SFY 2027, its Q2 (October-December)


def resolve(**data):
    form = ReportFilterForm(data, user=ProgramLeadFactory(), today=TODAY)
    assert form.is_valid(), form.errors
    return form


@pytest.mark.parametrize(
    ("data", "period", "dates"),
    [
        ({}, "fiscal_year", (date(2026, 7, 1), date(2027, 6, 30))),
        ({"period": "fiscal_year", "fiscal_year": "2025"}, "fiscal_year",
         (date(2024, 7, 1), date(2025, 6, 30))),
        ({"period": "quarter", "fiscal_year": "2027", "quarter": "1"}, "quarter",
         (date(2026, 7, 1), date(2026, 9, 30))),
        ({"period": "quarter", "fiscal_year": "2027", "quarter": "3"}, "quarter",
         (date(2027, 1, 1), date(2027, 3, 31))),
        ({"period": "quarter", "fiscal_year": "2026", "quarter": "4"}, "quarter",
         (date(2026, 4, 1), date(2026, 6, 30))),
        ({"period": "quarter"}, "quarter", (date(2026, 10, 1), date(2026, 12, 31))),
        ({"period": "month", "month": "2028-02"}, "month", (date(2028, 2, 1), date(2028, 2, 29))),
        ({"period": "custom", "date_from": "2026-07-04", "date_to": "2026-08-09"}, "custom",
         (date(2026, 7, 4), date(2026, 8, 9))),
    ],
)  # fmt: skip
def test_each_period_resolves_to_its_dates(data, period, dates):
    form = resolve(**data)
    assert form.cleaned_data["period"] == period
    assert (form.cleaned_data["date_from"], form.cleaned_data["date_to"]) == dates
    # The boxes show the dates used, whatever was chosen.
    assert (form["date_from"].value(), form["date_to"].value()) == tuple(
        d.isoformat() for d in dates
    )


def test_typed_dates_win_over_a_named_period_and_make_it_custom():
    # The page showed SFY 2027 Q1; the user typed new dates and left the select on "quarter".
    form = resolve(
        period="quarter", fiscal_year="2027", quarter="1", date_from="2026-08-01",
        date_to="2026-08-20", shown_from="2026-07-01", shown_to="2026-09-30",
    )  # fmt: skip
    assert form.cleaned_data["period"] == "custom"
    assert (form.cleaned_data["date_from"], form.cleaned_data["date_to"]) == (
        date(2026, 8, 1),
        date(2026, 8, 20),
    )
    assert form["period"].value() == "custom"
    assert form.period_label() == "Custom dates"


def test_dates_left_as_shown_follow_the_newly_chosen_period():
    # The boxes still hold the dates shown for Q1; the user picked Q3: Q3 is used and shown.
    form = resolve(
        period="quarter", fiscal_year="2027", quarter="3", date_from="2026-07-01",
        date_to="2026-09-30", shown_from="2026-07-01", shown_to="2026-09-30",
    )  # fmt: skip
    assert form.cleaned_data["date_from"] == date(2027, 1, 1)
    assert form["date_from"].value() == "2027-01-01"
    assert form["shown_from"].value() == "2027-01-01"
    assert form.period_label() == "SFY 2027 Q3 (Jan-Mar)"


def test_one_typed_date_without_the_other_asks_for_it():
    form = ReportFilterForm(
        {"period": "fiscal_year", "date_from": "2026-08-01"}, user=ProgramLeadFactory(), today=TODAY
    )
    assert not form.is_valid()
    assert form.errors["date_to"] == ["Give the last day of the period."]


@pytest.mark.parametrize(
    "data",
    [
        {"period": "month", "month": "2026-13"},
        {"period": "month", "month": "٢٠٢٦-٠١"},
        {"period": "month", "month": "9999-01"},
        {"period": "quarter", "quarter": "5"},
        {"period": "fiscal_year", "fiscal_year": "1066"},
    ],
)
def test_bad_period_input_is_an_error_beside_its_field(data):
    form = ReportFilterForm(data, user=ProgramLeadFactory(), today=TODAY)
    assert not form.is_valid()
    assert set(form.errors) & {"month", "quarter", "fiscal_year"}


@pytest.mark.parametrize(
    ("old", "dates"),
    [
        ("this_fiscal_year", (date(2026, 7, 1), date(2027, 6, 30))),
        ("last_fiscal_year", (date(2025, 7, 1), date(2026, 6, 30))),
        ("last_quarter", (date(2026, 7, 1), date(2026, 9, 30))),
        ("this_month", (date(2026, 10, 1), date(2026, 10, 31))),
    ],
)
def test_old_quick_choices_still_work(old, dates):
    form = resolve(period=old)
    assert (form.cleaned_data["date_from"], form.cleaned_data["date_to"]) == dates


def test_fiscal_year_start_month_is_a_setting(settings):
    settings.FISCAL_YEAR_START_MONTH = 10  # a federal fiscal year, October-September
    assert periods.fiscal_year(2027) == (date(2026, 10, 1), date(2027, 9, 30))
    assert periods.fiscal_quarter(2027, 2) == (date(2027, 1, 1), date(2027, 3, 31))
    assert periods.fiscal_quarter_of(date(2026, 12, 31)) == (2027, 1)


def test_previous_year_is_the_same_dates_a_year_before():
    assert periods.previous_year(date(2026, 7, 1), date(2026, 9, 30)) == (
        date(2025, 7, 1),
        date(2025, 9, 30),
    )
    # A period ending on 29 February ends on the 28th a year before.
    assert periods.previous_year(date(2028, 2, 1), date(2028, 2, 29)) == (
        date(2027, 2, 1),
        date(2027, 2, 28),
    )


def test_page_shows_the_dates_used_and_typed_dates_switch_to_custom(client, dataset):
    client.force_login(dataset.lead)
    response = client.get(
        reverse("reports:index"),
        {"period": "fiscal_year", "fiscal_year": "2027", "date_from": "2026-07-01",
         "date_to": "2026-09-30", "shown_from": "2026-07-01", "shown_to": "2027-06-30"},
    )  # fmt: skip
    page = response.content.decode()
    report_filter = response.context["report"].filter
    assert (report_filter.date_from, report_filter.date_to) == (date(2026, 7, 1), date(2026, 9, 30))
    assert "Custom dates: 2026-07-01 to 2026-09-30" in page
    assert 'value="2026-09-30"' in page and 'value="2027-06-30"' not in page
    assert '<option value="custom" selected>' in page
    # The export links carry the dates used, nothing left to resolve.
    assert "period=custom&amp;date_from=2026-07-01&amp;date_to=2026-09-30&amp;format=csv" in page
    assert 'src="/static/js/report_period.js"' in page
