"""The case, child and site pages in Spanish for a consultant who chose it (their saved language,
accounts.language_middleware): the caseload with a measure and a follow-up due, a case page, a
child page and the site list; and a refused form says why in Spanish."""

from datetime import timedelta

import pytest
from django.urls import reverse

from consultation.models import ConsultationCase, MeasureDue
from tests.factories import (
    CaseFactory,
    ChildFactory,
    ClassroomFactory,
    ConsultantFactory,
    SiteFactory,
    instrument,
    today,
)
from tests.factories_outcomes import ChildDemographicsFactory, PlacementFollowUpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultant():
    return ConsultantFactory(preferred_language="es")


@pytest.fixture
def case(consultant):
    """A child-focused case of Red Dirt Head Start's A.L., with a measure due and a follow-up."""
    site = SiteFactory(name="Red Dirt Head Start")
    child = ChildFactory(
        first_name="Amara", last_initial="L", classroom=ClassroomFactory(site=site)
    )
    case = CaseFactory(consultant=consultant, child=child)
    MeasureDue.objects.create(
        case=case, instrument=instrument("perm"), point="baseline", due_by=today() - timedelta(1)
    )
    PlacementFollowUpFactory(case=case)
    return case


def page(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_caseload_in_spanish(client, consultant, case):
    text = page(client, consultant, reverse("consultation:caseload"))
    assert "Medidas pendientes: 0 pendientes" in text and "1 atrasadas" in text
    assert "Seguimientos de la permanencia por responder: 1" in text
    assert "¿A.L. sigue inscrito en Red Dirt Head Start?" in text
    assert "Centrado en el niño o niña: A.L." in text
    for english in ("Measures due", "Placement follow-ups", "still enrolled", "Child-focused"):
        assert english not in text


def test_a_case_page_in_spanish(client, consultant, case):
    text = page(client, consultant, case.get_absolute_url())
    assert "Dosis" in text and "Medidas" in text and "Registrar una medida" in text
    assert "inicial:" in text and "atrasada" in text
    assert "Eventos de exclusión" in text and "Seguimientos de la permanencia" in text
    assert "por responder" in text and "Activo" in text
    for english in ("Dose", "Record a measure", "overdue", "Exclusion events", "to answer"):
        assert english not in text


def test_a_child_page_in_spanish(client, consultant, case):
    ChildDemographicsFactory(child=case.child)
    text = page(client, consultant, case.child.get_absolute_url())
    assert "Fecha de nacimiento" in text and "Consentimiento hoy" in text
    assert "Registrar el consentimiento" in text and "Corregir este registro" in text
    assert "Niña" in text and "Negro o afroamericano" in text and "Preescolar (3-5 años)" in text
    assert "Caso (Centrado en el niño o niña) abierto el" in text
    for english in ("Date of birth", "Consent today", "Record consent", "Girl", "Preschool"):
        assert english not in text


def test_the_site_list_and_a_site_page_in_spanish(client, consultant, case):
    text = page(client, consultant, reverse("consultation:site_list"))
    assert "Centros" in text and "Agregar un centro" in text and "Casos abiertos" in text
    assert "Centro de cuidado infantil" in text
    for english in ("Add a site", "Open cases", "Licence", "Child care centre"):
        assert english not in text
    text = page(client, consultant, case.site.get_absolute_url())
    assert "Aulas" in text and "Agregar un niño o niña" in text and "Visitas recientes" in text
    for english in ("Classrooms", "Add a child", "Recent visits", "Preschoolers"):
        assert english not in text


def test_a_refused_case_form_says_why_in_spanish(client, consultant, case):
    client.force_login(consultant)
    url = reverse("consultation:case_create")
    response = client.post(
        url,
        {
            "focus": ConsultationCase.Focus.PROGRAM,
            "site": str(case.site.uuid),
            "opened_on": "0001-01-01",
            "reason": "Rotación del personal",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "No se aceptan fechas anteriores al" in text and "revise el año" in text
    assert "check the year" not in text
    assert "Motivo de la solicitud" in text and "Reason for request" not in text
    assert ConsultationCase.objects.count() == 1
