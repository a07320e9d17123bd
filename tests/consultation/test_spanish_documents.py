"""Printed documents in the family's or the provider's language, or the one asked for."""

from datetime import date

import pytest
from django.urls import reverse

from consultation.models import Activity, ConcernItem, FamilyLanguage
from tests.factories import (
    ChildFactory,
    ClassroomFactory,
    ConsultantFactory,
    GoalFactory,
    ObservedConcernFactory,
    SiteFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultant():
    return ConsultantFactory(first_name="Ana", last_name="Ruiz")


def summary_of(client, visit, query: str = "") -> str:
    response = client.get(reverse("consultation:visit_summary", args=[visit.uuid]) + query)
    assert response.status_code == 200
    return response.content.decode()


def consent_form_of(client, child, query: str = "") -> str:
    response = client.get(reverse("consultation:consent_form", args=[child.uuid]) + query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def spanish_visit(consultant):
    """A visit at a site whose staff read Spanish, with an activity, a concern and a goal."""
    site = SiteFactory(consultants=[consultant], provider_language="es")
    child = ChildFactory(classroom=ClassroomFactory(site=site), first_name="Lucía")
    visit = VisitFactory(
        case__child=child, case__consultant=consultant, visit_date=date(2026, 11, 3)
    )
    visit.activities.add(Activity.objects.get(name="Teacher coaching"))
    visit.children.add(child)
    item = ConcernItem.objects.get(age_band="preschool", text="Has trouble making friends")
    ObservedConcernFactory(visit=visit, child=child, concern_item=item, frequency="often")
    GoalFactory(case=visit.case, visit=visit, target_date=date(2027, 1, 15))
    return visit


def test_the_summary_prints_in_the_sites_provider_language(client, consultant, spanish_visit):
    client.force_login(consultant)
    page = summary_of(client, spanish_visit)
    assert '<html lang="es">' in page
    assert "Resumen de la visita de consulta" in page
    # Reference names from their stored Spanish fields, and the choice labels translated.
    assert "Acompañamiento al maestro" in page
    assert "le cuesta hacer amigos (con frecuencia)" in page
    # Dates in the Spanish format.
    assert "martes 3 de noviembre de 2026" in page
    assert "15 de enero de 2027" in page
    assert "Consultation visit summary" not in page and "Teacher coaching" not in page


def test_a_consultant_prints_the_summary_in_english_on_request(client, consultant, spanish_visit):
    client.force_login(consultant)
    page = summary_of(client, spanish_visit, "?lang=en")
    assert "Consultation visit summary" in page and "Teacher coaching" in page
    assert "Tuesday, November 3, 2026" in page
    # The switch offers both.
    assert 'href="?lang=es"' in page and 'href="?lang=en"' in page


def test_without_a_provider_language_the_summary_follows_the_page(client, consultant):
    site = SiteFactory(consultants=[consultant])
    visit = VisitFactory(case__child__classroom__site=site, case__consultant=consultant)
    client.force_login(consultant)
    assert "Consultation visit summary" in summary_of(client, visit)
    consultant.preferred_language = "es"
    consultant.save()
    assert "Resumen de la visita de consulta" in summary_of(client, visit)
    assert "Consultation visit summary" in summary_of(client, visit, "?lang=en")


def test_an_unknown_lang_is_ignored(client, consultant, spanish_visit):
    client.force_login(consultant)
    assert "Resumen de la visita de consulta" in summary_of(client, spanish_visit, "?lang=xx")


@pytest.fixture
def family_child(consultant):
    site = SiteFactory(consultants=[consultant])
    return ChildFactory(
        classroom=ClassroomFactory(site=site),
        preferred_language=FamilyLanguage.SPANISH,
        date_of_birth=date(2022, 3, 9),
    )


def test_the_consent_form_prints_in_the_familys_language(client, consultant, family_child):
    client.force_login(consultant)
    page = consent_form_of(client, family_child)
    assert "Consentimiento para la consulta y para compartir información" in page
    assert "nacido/a el 9 de marzo de 2022" in page
    # The services named from their stored Spanish names.
    assert "Programa de Orientación Infantil (Child Guidance)" in page
    assert "Any of these services" not in page


def test_a_consultant_prints_the_consent_form_in_english_on_request(
    client, consultant, family_child
):
    client.force_login(consultant)
    page = consent_form_of(client, family_child, "?lang=en")
    assert "Consent for consultation and for sharing information" in page
    assert "born March 9, 2022" in page
    assert "Child Guidance Program" in page


@pytest.mark.parametrize(
    "language", [FamilyLanguage.OTHER, FamilyLanguage.NOT_RECORDED, FamilyLanguage.DECLINED]
)
def test_a_family_language_without_a_catalogue_prints_in_the_pages_language(
    client, consultant, family_child, language
):
    family_child.preferred_language = language
    family_child.save()
    client.force_login(consultant)
    assert "Consent for consultation" in consent_form_of(client, family_child)
    assert "Consentimiento para la consulta" in consent_form_of(client, family_child, "?lang=es")


def test_the_crisis_lines_footer_is_in_spanish_on_spanish_pages(client, consultant, family_child):
    client.force_login(consultant)
    page = consent_form_of(client, family_child)
    assert "Líneas de crisis:" in page
    assert "988 Línea de Prevención del Suicidio y Crisis" in page
    assert "(llamar o enviar un mensaje de texto)" in page


def test_the_family_language_is_saved_from_the_child_form(client, consultant, family_child):
    client.force_login(consultant)
    url = reverse("consultation:child_edit", args=[family_child.uuid])
    form = client.get(url).context["form"]
    data = {
        **{name: form.initial.get(name, "") for name in form.fields},
        "classroom": family_child.classroom.uuid,
        "date_of_birth": family_child.date_of_birth.isoformat(),
        "preferred_language": FamilyLanguage.DECLINED,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    family_child.refresh_from_db()
    assert family_child.preferred_language == FamilyLanguage.DECLINED


def test_the_provider_language_is_saved_from_the_site_form(client, consultant):
    site = SiteFactory(consultants=[consultant])
    client.force_login(consultant)
    url = reverse("consultation:site_edit", args=[site.uuid])
    form = client.get(url).context["form"]
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(county=site.county.pk, provider_language="es")
    assert client.post(url, data).status_code == 302
    site.refresh_from_db()
    assert site.provider_language == "es"
