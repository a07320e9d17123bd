"""The training figures against a hand-worked dataset (period 2026-07-01..2026-09-30).

Sites: S1 Tulsa, S2 Tulsa, S3 Cleveland, S4 Oklahoma (county).
Trainings (T5 is dated 30 June, before the period: it never counts):
  T1 ana  07-10  90 min  S1     teachers 4, directors 1          -> staff 5
  T2 ana  08-15 120 min  S1,S3  teachers 6, directors 2, other 1 -> staff 9
  T3 ben  08-20  60 min  S2     teachers 3                       -> staff 3
  T4 cara 09-05  30 min  S4     teachers 2, other 2              -> staff 4
  -> 4 trainings, 300 min = 5.0 h, 5+9+3+4 = 21 staff, sites S1-S4 = 4.
By county (T2 counts in Tulsa and in Cleveland): Cleveland T2 = 1, 2.0 h, 9, 1 site;
  Oklahoma T4 = 1, 0.5 h, 4, 1; Tulsa T1,T2,T3 = 3, 270 min = 4.5 h, 17, S1,S2 = 2.
By month: 2026-07 T1 = 1, 1.5 h, 5, 1; 2026-08 T2,T3 = 2, 3.0 h, 12, S1,S3,S2 = 3;
  2026-09 T4 = 1, 0.5 h, 4, 1.
Sue (ana and ben): T1-T3 = 3, 4.5 h, 17, 3 sites. Filtered on Tulsa: T1-T3, but only the Tulsa
  sites S1, S2 are reached = 2.
Visits: ana 07-10 60 min and 09-01 45 min, cara 08-01 30 min. Hours by consultant:
  Ana 2 visits 1.75 h, 2 trainings 3.5 h, 5.25 h; Ben 0, 0, 1, 1.0 h, 1.0 h; Cara 1, 0.5 h,
  1, 0.5 h, 1.0 h; total 3 visits 2.25 h, 4 trainings 5.0 h, 7.25 h.
"""

from datetime import date

import pytest

from consultation import services
from consultation.models import Site
from reports.figures import ReportFilter, report_for
from tests.factories import CaseFactory, SiteFactory, VisitFactory, county
from tests.factories_l21 import TrainingFactory

pytestmark = pytest.mark.django_db

PERIOD = ReportFilter(date(2026, 7, 1), date(2026, 9, 30))
TODAY = date(2026, 10, 15)


@pytest.fixture
def trainings(demo_users):
    ana, ben, cara = demo_users["ana"], demo_users["ben"], demo_users["cara"]
    s1 = SiteFactory(county=county("Tulsa"), consultants=[ana])
    s2 = SiteFactory(county=county("Tulsa"), consultants=[ben])
    s3 = SiteFactory(county=county("Cleveland"), consultants=[ana])
    s4 = SiteFactory(county=county("Oklahoma"), consultants=[cara])
    for who, on, minutes, sites, staff in (
        (ana, date(2026, 7, 10), 90, [s1], (4, 1, 0)),
        (ana, date(2026, 8, 15), 120, [s1, s3], (6, 2, 1)),
        (ben, date(2026, 8, 20), 60, [s2], (3, 0, 0)),
        (cara, date(2026, 9, 5), 30, [s4], (2, 0, 2)),
        (ana, date(2026, 6, 30), 60, [s1], (10, 0, 0)),
    ):
        teachers, directors, other = staff
        TrainingFactory(
            consultant=who,
            delivered_on=on,
            minutes=minutes,
            sites=sites,
            teachers=teachers,
            directors=directors,
            other_staff=other,
        )
    for who, site, on, minutes in (
        (ana, s1, date(2026, 7, 10), 60),
        (ana, s3, date(2026, 9, 1), 45),
        (cara, s4, date(2026, 8, 1), 30),
    ):
        case = CaseFactory(consultant=who, site=site, child=None, focus="program")
        VisitFactory(case=case, visit_date=on, duration_minutes=minutes)
    return demo_users


def cells(table) -> dict[str, list]:
    return {row[0]: row[1:] for row in table.cell_rows()}


def test_trainings_by_county_count_a_training_in_each_county_it_reached(trainings):
    report = report_for(trainings["lee"], PERIOD, today=TODAY)
    assert cells(report.table("trainings-by-county")) == {
        "Cleveland": [1, 2.0, 9, 1],
        "Oklahoma": [1, 0.5, 4, 1],
        "Tulsa": [3, 4.5, 17, 2],
        "Total": [4, 5.0, 21, 4],
    }


def test_trainings_by_month(trainings):
    report = report_for(trainings["lee"], PERIOD, today=TODAY)
    assert cells(report.table("trainings-by-month")) == {
        "2026-07": [1, 1.5, 5, 1],
        "2026-08": [2, 3.0, 12, 3],
        "2026-09": [1, 0.5, 4, 1],
        "Total": [4, 5.0, 21, 4],
    }


def test_a_supervisor_counts_their_teams_trainings_only(trainings):
    report = report_for(trainings["sue"], PERIOD, today=TODAY)
    assert cells(report.table("trainings-by-month"))["Total"] == [3, 4.5, 17, 3]


def test_a_county_filter_counts_the_sites_reached_in_that_county(trainings):
    tulsa = ReportFilter(PERIOD.date_from, PERIOD.date_to, county=county("Tulsa"))
    report = report_for(trainings["lee"], tulsa, today=TODAY)
    assert cells(report.table("trainings-by-county")) == {
        "Tulsa": [3, 4.5, 17, 2],
        "Total": [3, 4.5, 17, 2],
    }


def test_consultants_hours_keep_visits_and_trainings_apart(trainings):
    report = report_for(trainings["lee"], PERIOD, today=TODAY)
    assert cells(report.table("hours-by-consultant")) == {
        "Ana Morales": [2, 1.75, 2, 3.5, 5.25],
        "Ben Carter": [0, 0.0, 1, 1.0, 1.0],
        "Cara Nguyen": [1, 0.5, 1, 0.5, 1.0],
        "Total": [3, 2.25, 4, 5.0, 7.25],
    }


def test_the_public_export_suppresses_small_training_counts(trainings, signed_in):
    response = signed_in("lee").get(
        "/reports/export/trainings-by-county/",
        {"period": "custom", "date_from": "2026-07-01", "date_to": "2026-09-30", "public": "1"},
    )
    text = b"".join(response.streaming_content).decode()
    assert response.status_code == 200 and "Staff reached" in text
    assert "Tulsa,<" in text.replace('"', "")  # 3 trainings: under the threshold


def test_a_voided_training_leaves_every_training_figure(trainings):
    """T6 (ana, 08-01, 200 min, S1 and S4, 50 teachers) was recorded in error and voided: the
    figures above stand unchanged, hours by consultant too."""
    ana = trainings["ana"]
    s1, s4 = (Site.objects.get(trainings__minutes=m) for m in (90, 30))
    extra = TrainingFactory(
        consultant=ana, delivered_on=date(2026, 8, 1), minutes=200, sites=[s1, s4], teachers=50
    )
    services.training_void(training=extra, by=trainings["sue"], reason="Recorded twice")
    report = report_for(trainings["lee"], PERIOD, today=TODAY)
    assert cells(report.table("trainings-by-county"))["Total"] == [4, 5.0, 21, 4]
    assert cells(report.table("trainings-by-month"))["2026-08"] == [2, 3.0, 12, 3]
    assert cells(report.table("hours-by-consultant"))["Ana Morales"] == [2, 1.75, 2, 3.5, 5.25]
