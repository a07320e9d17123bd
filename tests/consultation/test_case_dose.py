"""Each case shows its hours to date and weeks open against the target for its focus.

Hand-worked: a child-focused case opened 20 days ago (2 full weeks), with visits of 90 and 60
minutes and a voided one of 120: 150 minutes = 2.50 h of the 10 h target (25%), week 2 of 6."""

from datetime import timedelta

import pytest

from consultation.dose import case_dose, dose_met
from tests.factories import CaseFactory, VisitFactory, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    case = CaseFactory(opened_on=today() - timedelta(days=20))
    VisitFactory(case=case, visit_date=today() - timedelta(days=15), duration_minutes=90)
    VisitFactory(case=case, visit_date=today() - timedelta(days=5), duration_minutes=60)
    voided = today() - timedelta(days=4)
    VisitFactory(case=case, visit_date=voided, duration_minutes=120, is_archived=True)
    return case


def test_hours_to_date_and_weeks_open_against_the_focus_target(case):
    dose = case_dose(case, today())
    assert (dose.minutes, dose.hours, dose.weeks_open) == (150, 2.5, 2)
    assert (dose.target_hours, dose.target_weeks, dose.percent, dose.met) == (10.0, 6, 25, False)


def test_the_target_is_a_setting_per_focus(case, settings):
    settings.DOSE_TARGETS = {"child": (2.5, 4)}
    dose = case_dose(case, today())
    assert dose.met and dose.percent == 100
    assert dose_met(149, "child") is False and dose_met(150, "child") is True
    assert dose_met(150, "classroom") is None  # no target for that focus


def test_case_page_shows_the_dose(client, case):
    client.force_login(case.consultant)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "<strong>2.50 h</strong> of 10 h target" in page
    assert "week 2 of 6" in page
    assert '<progress class="w-100" max="100" value="25"' in page


def test_weeks_past_the_target_are_shown(settings):
    settings.DOSE_TARGETS = {"child": (10, 6)}
    case = CaseFactory(opened_on=today() - timedelta(days=60))
    dose = case_dose(case, today())
    assert dose.weeks_open == 8 and dose.past_target_weeks and not dose.met
