"""The reports page's new figures against the hand-worked dataset of conftest.py
(period 2026-07-01..2026-09-30; see test_figures.py for the records).

Per site: S1 Oklahoma (ana) V1 90 + V2 60 min = 2 visits, 2.50 h, children c1, c2, c5 = 3,
  cases open in the period K1, K2, K7 = 3 (K6 is archived), referrals R1, R2, R6 = 3 (R8 is a
  draft). S2 Tulsa (ben) V3 30 + V4 120 = 2 visits, 2.50 h, child c3, cases K3 (opened in June,
  closed 08-31) and K4 = 2, referrals R3, R4 = 2 (R7 was sent in June). S3 Cleveland (cara) V5
  45 min = 1 visit, 0.75 h, child c4, case K5, referrals R5, R9 = 2. Total 5 visits, 5.75 h,
  5 children, 6 cases, 7 referrals.
Dose, with targets child 1 h and program 2 h: closed in the period K3 child (V3 30 min), K1
  child (V1 90 min), K4 program (V4 120 min). Child: 2 closed, median of 30 and 90 = 60 min =
  1.00 h, K1 met -> 1 (50.0%). Program: 1 closed, 2.00 h, met (120 >= 120) -> 100.0%. Total:
  3 closed, median 90 min = 1.50 h, 2 met = 66.7%.
Setting: V1 on site, observation + coaching = both (1.50 h); V2 virtual and V3 phone = meeting;
  V4 on site, observation = classroom (2.00 h); V5 on site, screening = meeting. Meeting:
  60 + 30 + 45 = 135 min = 2.25 h (3 visits). Total 5 visits, 5.75 h.
Year before (2025-07-01..2025-09-30), added in the test: one case opened 2025-07-15 with one
  visit of 60 min on 2025-08-10 -> 1 visit, 1.00 h, 1 case opened; now 5 visits (+4, +400%),
  5.75 h (+4.75, +475%), 5 cases opened (+4).
Rounding (cara's visits only; her V5 is 45 min in July): 405 min added in each month -> July
  450 min = 7.50 h, August and September 6.75 h, total 21.00 h; the chart shows 7.50, 6.75,
  6.75. With 20 min added in each month instead: July 65 min = 1.08 h, then 0.33 and 0.33, total
  1.74 h as the rows add up (105 min would be 1.75 h): the parts add up to the total shown."""

from datetime import date

import pytest
from django.urls import reverse

from reports.figures import ReportFilter, report_for
from reports.views import _report_charts
from tests.factories import CaseFactory, VisitFactory
from tests.reports.conftest import PERIOD, TODAY

pytestmark = pytest.mark.django_db


def report(user, period=PERIOD):
    return report_for(user, ReportFilter(*period), today=TODAY)


def values(table):
    rows = {row.label: row.values for row in table.rows}
    return rows, table.total.values if table.total else None


def test_sites_table_hand_worked(dataset):
    rows, total = values(report(dataset.lead).table("by-site"))
    s1, s2, s3 = (f"{s.name} ({s.county.name})" for s in dataset.sites.values())
    keys = ("visits", "hours", "children", "cases_open", "referrals_sent")
    assert {label: [v[k] for k in keys] for label, v in rows.items()} == {
        s1: [2, 2.5, 3, 3, 3],
        s2: [2, 2.5, 1, 2, 2],
        s3: [1, 0.75, 1, 1, 2],
    }
    assert [total[k] for k in keys] == [5, 5.75, 5, 6, 7]


def test_supervisor_sites_table_holds_their_team_only(dataset):
    rows, total = values(report(dataset.sup_b).table("by-site"))
    assert list(rows) == [f"{dataset.sites['S3'].name} (Cleveland)"]
    assert total["visits"] == 1


def test_dose_by_focus_hand_worked(dataset, settings):
    settings.DOSE_TARGETS = {"child": (1, 6), "classroom": (20, 14), "program": (2, 26)}
    rows, total = values(report(dataset.lead).table("dose-by-focus"))
    keys = ("closed", "median_hours", "met", "met_share")
    assert {label: [v[k] for k in keys] for label, v in rows.items()} == {
        "Child-focused (target 1 h in 6 weeks)": [2, 1.0, 1, 50.0],
        "Classroom-focused (target 20 h in 14 weeks)": [0, None, 0, None],
        "Program-wide (target 2 h in 26 weeks)": [1, 2.0, 1, 100.0],
    }
    assert [total[k] for k in keys] == [3, 1.5, 2, 66.7]


def test_default_targets_are_not_met_by_a_few_hours(dataset):
    _rows, total = values(report(dataset.lead).table("dose-by-focus"))
    assert (total["closed"], total["met"], total["met_share"]) == (3, 0, 0.0)


def test_hours_in_the_classroom_apart_from_meetings(dataset):
    rows, total = values(report(dataset.lead).table("hours-by-setting"))
    assert {label: (v["visits"], v["hours"]) for label, v in rows.items()} == {
        "In the classroom": (1, 2.0),
        "Meeting (teachers, families, staff)": (3, 2.25),
        "Both in one visit": (1, 1.5),
        "No activity recorded": (0, 0.0),
    }
    assert (total["visits"], total["hours"]) == (5, 5.75)


def test_every_headline_figure_has_the_year_before_and_the_change(dataset):
    case = CaseFactory(
        child=dataset.children["c1"], consultant=dataset.ana, opened_on=date(2025, 7, 15)
    )
    VisitFactory(case=case, visit_date=date(2025, 8, 10), duration_minutes=60)
    result = report(dataset.lead)
    assert (result.previous_filter.date_from, result.previous_filter.date_to) == (
        date(2025, 7, 1),
        date(2025, 9, 30),
    )
    compared = {c.column.key: c for c in result.comparisons()}
    assert len(compared) == len(result.headline)
    assert (compared["visits"].previous, compared["visits"].change_text) == (1, "+4 (+400%)")
    assert (compared["hours"].previous, compared["hours"].change) == (1.0, 4.75)
    assert compared["hours"].change_text == "+4.75 (+475%)"
    assert (compared["cases_opened"].previous, compared["cases_opened"].change) == (1, 4)
    assert compared["referrals_sent"].change_text == "+7"  # none the year before
    assert compared["retained_rate"].change_text == "—"  # no at-risk case closed then
    assert compared["overdue_follow_ups"].as_of_today


def test_page_shows_the_comparison_beside_each_figure(client, dataset):
    client.force_login(dataset.lead)
    page = client.get(
        reverse("reports:index"),
        {"period": "quarter", "fiscal_year": "2027", "quarter": "1"},
    ).content.decode()
    assert "SFY 2027 Q1 (Jul-Sep): 2026-07-01 to 2026-09-30" in page
    assert "2025-07-01 to 2025-09-30" in page
    assert page.count("Year before:") == 20  # every headline figure but the count of today


def test_monthly_hours_add_up_to_the_total_and_the_chart_agrees(dataset):
    # 6.75 h in each month of the quarter: the review saw 6.8 + 6.8 + 6.8 beside 20.25.
    for month in (7, 8, 9):
        for minutes in (200, 205):
            VisitFactory(
                consultant=dataset.cara, visit_date=date(2026, month, 3), duration_minutes=minutes
            )
    result = report_for(dataset.lead, ReportFilter(*PERIOD, consultant=dataset.cara), today=TODAY)
    months, total = values(result.table("by-month"))
    # cara's V5 (45 min in July) is there too: July 450 min = 7.50 h.
    assert [v["hours"] for v in months.values()] == [7.5, 6.75, 6.75]
    assert total["hours"] == sum([7.5, 6.75, 6.75]) == result.headline["hours"] == 21.0
    chart = next(c for c in _report_charts(result) if c.slug == "hours-by-month")
    assert [bar.value_text for bar in chart.bars] == ["7.50", "6.75", "6.75"]


def test_thirds_of_an_hour_add_up_as_shown_not_as_minutes(dataset):
    for month in (7, 8, 9):
        VisitFactory(consultant=dataset.cara, visit_date=date(2026, month, 3), duration_minutes=20)
    result = report_for(
        dataset.lead, ReportFilter(*PERIOD, consultant=dataset.cara, county=None), today=TODAY
    )
    months, total = values(result.table("by-month"))
    assert [v["hours"] for v in months.values()] == [1.08, 0.33, 0.33]  # July: 45 + 20 min
    assert total["hours"] == 1.74  # 1.08 + 0.33 + 0.33, though 105 min is 1.75 h
    modes, mode_total = values(result.table("hours-by-mode"))
    assert mode_total["hours"] == sum(round(v["hours"] * 100) for v in modes.values()) / 100


def test_page_downloads_are_two_labelled_groups(client, dataset):
    client.force_login(dataset.lead)
    page = client.get(reverse("reports:index")).content.decode()
    assert (
        page.count('class="download-group download-full"')
        == page.count('class="download-group download-public"') + 1
    )  # the visit-level file is internal only
    assert "contains small counts: internal use only" in page
    assert ">Full CSV: internal only</a>" in page and ">Public CSV</a>" in page
