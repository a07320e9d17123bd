"""Every figure of the reports page against the hand-worked dataset of conftest.py.

How the expected numbers were derived (period 2026-07-01..2026-09-30, today 2026-10-15):

Visits in the period (V6 is dated 30 June, V7 is archived: neither counts):
  V1 ana  S1 Oklahoma  07-10  90 min on site  obs+coaching  rooms R1     kids c1,c2
  V2 ana  S1 Oklahoma  08-30  60 min virtual  coaching      rooms R1,R2  kids c5
  V3 ben  S2 Tulsa     08-05  30 min phone    reflective    rooms R3     kids c3
  V4 ben  S2 Tulsa     09-12 120 min on site  observation   rooms R3     kids c3
  V5 cara S3 Cleveland 07-20  45 min on site  screening     rooms R4     kids c4
  -> 5 visits, 90+60+30+120+45 = 345 min = 5.75 h; sites S1,S2,S3 = 3; rooms R1-R4 = 4;
     children c1,c2,c3,c4,c5 = 5. On site 90+120+45 = 255 min = 4.25 h (3 visits),
     virtual 1 h (1), phone 0.5 h (1). Observation V1+V4 = 210 min = 3.5 h; coaching V1+V2 =
     150 min = 2.5 h; reflective 0.5 h; screening 0.75 h.
Cases (K6 is archived): opened in the period K1 child at-risk 07-01, K2 classroom 08-01,
  K4 program 09-01, K5 child at-risk 07-05 (cara), K7 child at-risk 08-15 -> 5 (child 3,
  classroom 1, program 1), at risk at intake 3. Closed in the period: K3 child at-risk 08-31
  expelled (opened in June), K1 09-20 retained, K4 09-30 -> 3 (child 2, program 1);
  at-risk closed 2, retained 1 -> expulsion prevented 1/2 = 50.0%.
Concerns (O7 is on V6, before the period): O1 V1 c1 toddler, O2 V1 c2 preschool, O3 V2 c5
  (born 31 Aug 2023: 35 months on 30 Aug 2026, so toddler), O4 V3 c3 infant, O5 V4 c3 infant,
  O6 V5 c4 preschool -> 6; infant 2 (1 child), toddler 2 (2), preschool 2 (2); 5 children.
Goals set in the period (G5 was set in June): G1 K1 targeted met, G2 K1 relationships in
  progress, G3 K2 environments met, G4 K5 intensive not started -> 4 set, 2 met, 50.0%.
Referrals sent in the period (R7 sent in June, R8 is a draft): R1 K1 CG 07-12 started 07-22
  (10 days), R2 K1 BT 07-15 started 08-04 (20 days) then closed, R3 K3 SS 08-06 waitlisted,
  R4 K4 CG 09-02 started 09-12 (10 days), R5 K5 CG 07-21 started 08-20 (30 days), R6 K1 CG
  09-25 still sent, R9 K5 BT 09-10 declined -> 7 sent, 4 reached services started = 57.1%.
  Days [10, 10, 20, 30]: median at rank 1 + 0.5*3 = 2.5 -> 10 + 0.5*(20-10) = 15.0;
  90th percentile at rank 1 + 0.9*3 = 3.7 -> 20 + 0.7*(30-20) = 27.0.
Follow-ups overdue on 15 Oct: R3 (waitlisted, due 08-20) and R7 (accepted, due 06-24), both
  Tulsa; R6 is due 10-20, the others are started, declined or closed -> 2.
"""

import pytest

from reports.figures import ReportFilter, report_for
from tests.reports.conftest import PERIOD, TODAY

pytestmark = pytest.mark.django_db


def figures(user, **filters):
    return report_for(user, ReportFilter(*PERIOD, **filters), today=TODAY)


def as_dict(table):
    rows = [*table.rows, *([table.total] if table.total else [])]
    return {row.label: row.values for row in rows}


def pick(values, *keys):
    return tuple(values[key] for key in keys)


HEADLINE_KEYS = (
    "visits", "hours", "sites", "classrooms", "children", "cases_opened", "cases_closed",
    "at_risk_opened", "at_risk_closed", "retained", "retained_rate", "concerns", "goals_set",
    "goals_met", "goals_met_share", "referrals_sent", "services_started", "completion_rate",
    "days_median", "days_p90", "overdue_follow_ups",
)  # fmt: skip


def test_program_lead_headline_figures_match_the_hand_count(dataset):
    report = figures(dataset.lead)
    assert pick(report.headline, *HEADLINE_KEYS) == (
        5, 5.75, 3, 4, 5, 5, 3, 3, 2, 1, 50.0, 6, 4, 2, 50.0, 7, 4, 57.1, 15.0, 27.0, 2
    )  # fmt: skip


def test_figures_by_county_match_the_hand_count(dataset):
    # Oklahoma (S1): V1,V2 = 150 min; rooms R1,R2; kids c1,c2,c5; opened K1,K2,K7 (K1,K7 at
    #   risk); closed K1 (retained); concerns O1-O3; goals G1-G3 (2 met); referrals R1,R2,R6,
    #   started R1 (10 d), R2 (20 d): median 15, p90 10 + 0.9*10 = 19.
    # Tulsa (S2): V3,V4 = 150 min; R3; c3; opened K4; closed K3 (at risk, expelled), K4;
    #   concerns O4,O5; no goals; referrals R3,R4, started R4 (10 d); overdue R3, R7.
    # Cleveland (S3): V5 = 45 min; R4; c4; opened K5 (at risk); concern O6; G4 not met;
    #   referrals R5 (30 d), R9 declined.
    by_county = as_dict(figures(dataset.lead).table("by-county"))
    assert list(by_county) == ["Cleveland", "Oklahoma", "Tulsa", "Total"]
    assert pick(by_county["Oklahoma"], *HEADLINE_KEYS) == (
        2, 2.5, 1, 2, 3, 3, 1, 2, 1, 1, 100.0, 3, 3, 2, 66.7, 3, 2, 66.7, 15.0, 19.0, 0
    )  # fmt: skip
    assert pick(by_county["Tulsa"], *HEADLINE_KEYS) == (
        2, 2.5, 1, 1, 1, 1, 2, 0, 1, 0, 0.0, 2, 0, 0, None, 2, 1, 50.0, 10.0, 10.0, 2
    )  # fmt: skip
    assert pick(by_county["Cleveland"], *HEADLINE_KEYS) == (
        1, 0.75, 1, 1, 1, 1, 0, 1, 0, 0, None, 1, 1, 0, 0.0, 2, 1, 50.0, 30.0, 30.0, 0
    )  # fmt: skip
    assert pick(by_county["Total"], *HEADLINE_KEYS) == pick(
        figures(dataset.lead).headline, *HEADLINE_KEYS
    )


def test_figures_by_month_match_the_hand_count(dataset):
    # July: V1,V5 = 135 min; S1,S3; R1,R4; c1,c2,c4; opened K1,K5 (both at risk); concerns
    #   O1,O2,O6; goals G1 (met),G2,G4; sent R1,R2,R5 all started: days [10,20,30] -> median
    #   20, p90 at rank 2.8 -> 20 + 0.8*10 = 28.
    # August: V2,V3 = 90 min; S1,S2; R1,R2,R3; c5,c3; opened K2,K7 (K7 at risk); closed K3
    #   (at risk, not retained); concerns O3,O4; goal G3 met; sent R3, not started.
    # September: V4 = 120 min; S2; R3; c3; opened K4; closed K1 (retained), K4; concern O5;
    #   sent R4 (10 d), R6, R9.
    # Overdue follow-ups are a count of today, not of a month: no column here.
    by_month = as_dict(figures(dataset.lead).table("by-month"))
    keys = HEADLINE_KEYS[:-1]
    assert list(by_month) == ["2026-07", "2026-08", "2026-09", "Total"]
    assert pick(by_month["2026-07"], *keys) == (
        2, 2.25, 2, 2, 3, 2, 0, 2, 0, 0, None, 3, 3, 1, 33.3, 3, 3, 100.0, 20.0, 28.0
    )  # fmt: skip
    assert pick(by_month["2026-08"], *keys) == (
        2, 1.5, 2, 3, 2, 2, 1, 1, 1, 0, 0.0, 2, 1, 1, 100.0, 1, 0, 0.0, None, None
    )  # fmt: skip
    assert pick(by_month["2026-09"], *keys) == (
        1, 2.0, 1, 1, 1, 1, 2, 0, 1, 1, 100.0, 1, 0, 0, None, 3, 1, 33.3, 10.0, 10.0
    )  # fmt: skip
    # Distinct children: 3 + 2 + 1 by month, but c3 was seen in August and September: 5.
    assert by_month["Total"]["children"] == 5


def test_hours_by_mode_and_by_activity(dataset):
    report = figures(dataset.lead)
    assert as_dict(report.table("hours-by-mode")) == {
        "On site": {"visits": 3, "hours": 4.25},
        "Virtual": {"visits": 1, "hours": 1.0},
        "Phone": {"visits": 1, "hours": 0.5},
        "Total": {"visits": 5, "hours": 5.75},
    }
    assert as_dict(report.table("hours-by-activity")) == {
        "Classroom observation": {"visits": 2, "hours": 3.5},
        "Teacher coaching": {"visits": 2, "hours": 2.5},
        "Reflective consultation": {"visits": 1, "hours": 0.5},
        "Screening": {"visits": 1, "hours": 0.75},
    }


def test_cases_by_focus(dataset):
    assert as_dict(figures(dataset.lead).table("cases-by-focus")) == {
        "Child-focused": {"opened": 3, "closed": 2},
        "Classroom-focused": {"opened": 1, "closed": 0},
        "Program-wide": {"opened": 1, "closed": 1},
        "Total": {"opened": 5, "closed": 3},
    }


def test_concerns_by_age_band_use_the_band_on_the_visit_date(dataset):
    # c5 is 35 months old on 30 Aug 2026 (a toddler), though 36 months a month later.
    report = figures(dataset.lead)
    assert as_dict(report.table("concerns-by-age-band")) == {
        "Infant (0-11 months)": {"observations": 2, "children": 1},
        "Toddler (12-35 months)": {"observations": 2, "children": 2},
        "Preschool (3-5 years)": {"observations": 2, "children": 2},
        "Total": {"observations": 6, "children": 5},
    }
    assert as_dict(report.table("concerns-by-item")) == {
        "Infant: Hard to calm or soothe": {"observations": 2},
        "Toddler: Extremely fearful": {"observations": 2},
        "Preschool: Does not play well with others": {"observations": 1},
        "Preschool: Destructive to self or others": {"observations": 1},
        "Total": {"observations": 6},
    }


def test_goals_by_tier_and_status(dataset):
    goals = as_dict(figures(dataset.lead).table("goals-by-tier"))
    keys = ("not_started", "in_progress", "met", "discontinued", "total", "share_met")
    assert pick(goals["Effective workforce"], *keys) == (0, 0, 0, 0, 0, None)
    assert pick(goals["Nurturing and responsive relationships"], *keys) == (0, 1, 0, 0, 1, 0.0)
    assert pick(goals["High-quality supportive environments"], *keys) == (0, 0, 1, 0, 1, 100.0)
    assert pick(goals["Targeted social-emotional supports"], *keys) == (0, 0, 1, 0, 1, 100.0)
    intensive = "Intensive intervention (individual behaviour support plan)"
    assert pick(goals[intensive], *keys) == (1, 0, 0, 0, 1, 0.0)
    assert pick(goals["Total"], *keys) == (1, 1, 2, 0, 4, 50.0)


def test_referrals_by_service_type_and_status(dataset):
    # Child Guidance: R1, R4, R5 started, R6 still sent; days [10, 10, 30] -> median 10,
    #   p90 at rank 2.8 -> 10 + 0.8*20 = 26. Behavioural: R2 closed (after starting, 20 d),
    #   R9 declined. SoonerStart: R3 waitlisted.
    referrals = as_dict(figures(dataset.lead).table("referrals-by-service"))
    keys = (
        "sent", "accepted", "services_started", "declined", "waitlisted", "closed", "total",
        "started", "completion_rate", "days_median", "days_p90",
    )  # fmt: skip
    assert pick(referrals["Child Guidance Program"], *keys) == (
        1, 0, 3, 0, 0, 0, 4, 3, 75.0, 10.0, 26.0
    )  # fmt: skip
    assert pick(referrals["Behavioural and speech therapy"], *keys) == (
        0, 0, 0, 1, 0, 1, 2, 1, 50.0, 20.0, 20.0
    )  # fmt: skip
    assert pick(referrals["SoonerStart early intervention"], *keys) == (
        0, 0, 0, 0, 1, 0, 1, 0, 0.0, None, None
    )  # fmt: skip
    assert pick(referrals["Early Childhood Warmline"], *keys) == (
        0, 0, 0, 0, 0, 0, 0, 0, None, None, None
    )  # fmt: skip
    assert pick(referrals["Total"], *keys) == (1, 0, 3, 1, 1, 1, 7, 4, 57.1, 15.0, 27.0)


def test_supervisor_sees_only_their_teams_figures(dataset):
    # Team A (ana, ben) without cara's work: visits V1-V4 = 300 min, sites S1,S2, rooms
    # R1,R2,R3, kids c1,c2,c5,c3; opened K1,K2,K4,K7 (K1,K7 at risk); closed K1,K3,K4;
    # concerns O1-O5; goals G1,G2,G3 (2 met); referrals R1,R2,R3,R4,R6 with R1,R2,R4 started:
    # days [10,10,20] -> median 10, p90 at rank 2.8 -> 10 + 0.8*10 = 18; overdue R3, R7.
    report = figures(dataset.sup_a)
    assert pick(report.headline, *HEADLINE_KEYS) == (
        4, 5.0, 2, 3, 4, 4, 3, 2, 2, 1, 50.0, 5, 3, 2, 66.7, 5, 3, 60.0, 10.0, 18.0, 2
    )  # fmt: skip
    assert list(as_dict(report.table("by-county"))) == ["Oklahoma", "Tulsa", "Total"]
    # Team B is cara alone: V5, K5, O6, G4, R5 (started, 30 days) and R9.
    other = figures(dataset.sup_b)
    assert pick(other.headline, *HEADLINE_KEYS) == (
        1, 0.75, 1, 1, 1, 1, 0, 1, 0, 0, None, 1, 1, 0, 0.0, 2, 1, 50.0, 30.0, 30.0, 0
    )  # fmt: skip


def test_county_filter_keeps_only_that_countys_records(dataset):
    from tests.factories import county

    report = figures(dataset.lead, county=county("Tulsa"))
    assert pick(report.headline, "visits", "hours", "cases_opened", "cases_closed") == (
        2, 2.5, 1, 2
    )  # fmt: skip
    assert pick(report.headline, "referrals_sent", "services_started", "overdue_follow_ups") == (
        2, 1, 2
    )  # fmt: skip


def test_consultant_and_site_type_filters(dataset):
    # ana: V1, V2 (150 min); K1, K2, K7 opened; K1 closed; R1, R2, R6 sent.
    report = figures(dataset.lead, consultant=dataset.ana)
    assert pick(report.headline, "visits", "hours", "cases_opened", "referrals_sent") == (
        2, 2.5, 3, 3
    )  # fmt: skip
    # Head Start is S3 only: cara's V5 and K5.
    report = figures(dataset.lead, site_type="head_start")
    assert pick(report.headline, "visits", "hours", "cases_opened", "at_risk_opened") == (
        1, 0.75, 1, 1
    )  # fmt: skip


def test_a_period_with_nothing_in_it_gives_zeros_not_errors(dataset):
    from datetime import date

    report = report_for(
        dataset.lead, ReportFilter(date(2020, 1, 1), date(2020, 3, 31)), today=TODAY
    )
    assert report.headline["visits"] == 0
    assert report.headline["hours"] == 0
    assert report.headline["completion_rate"] is None
    assert report.headline["days_median"] is None
    # Overdue follow-ups do not depend on the period.
    assert report.headline["overdue_follow_ups"] == 2
    assert [row.label for row in report.table("by-month").rows] == [
        "2020-01", "2020-02", "2020-03"
    ]  # fmt: skip
