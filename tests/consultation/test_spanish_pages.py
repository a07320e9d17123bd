"""The consultant pages in Spanish for a consultant who chose it: the caseload and a case."""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import CaseFactory, ConsultantFactory, GoalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish_consultant():
    return ConsultantFactory(preferred_language="es")


def test_the_caseload_in_spanish(client, spanish_consultant):
    CaseFactory(consultant=spanish_consultant)
    client.force_login(spanish_consultant)
    page = client.get(reverse("consultation:caseload")).content.decode()
    assert "<h1" in page and "Mis casos" in page
    assert "1 caso abierto" in page
    assert "Registrar una visita" in page
    assert "Condado de Oklahoma" in page
    assert "My caseload" not in page and "open case" not in page


def test_a_case_page_in_spanish_with_spanish_reference_names(client, spanish_consultant):
    case = CaseFactory(consultant=spanish_consultant, opened_on=date(2026, 9, 1))
    GoalFactory(case=case, target_date=date(2027, 2, 1))
    client.force_login(spanish_consultant)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Cronología" in page and "Solicitar el cierre" in page
    assert "abierto el 1 Sep 2026" in page.replace("sep", "Sep")
    assert "meta para el 1 Feb 2027" in page.replace("feb", "Feb")
    goal = case.goals.get()
    assert goal.practice_area.name_es in page


def test_the_same_pages_stay_in_english_for_others(client):
    case = CaseFactory()
    client.force_login(case.consultant)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Timeline" in page and "Request closure" in page
