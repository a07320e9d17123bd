"""The visit pages in Spanish for a consultant who chose it: the form (its labels, the
checklists with the Spanish reference names, the script's words), a visit's page, and the
error summary of a bad post."""

import html

import pytest

from consultation.models import Activity, ObservedConcern
from tests.consultation.visit_page import assert_nothing_saved, form_data, url_for
from tests.factories import VisitFactory, concern_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish(client, setting):
    consultant = setting["consultant"]
    consultant.preferred_language = "es"
    consultant.save(update_fields=["preferred_language"])
    client.force_login(consultant)
    return setting


def page_of(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_visit_form_in_spanish(client, spanish):
    activity = Activity.objects.filter(is_active=True).first()
    activity.name_es = "Observación en el aula"
    activity.save()
    item = concern_item("preschool")
    item.text_es = "Le cuesta hacer amigos"
    item.save()
    goal = spanish["goal"]
    page = page_of(client.get(url_for(spanish["case"])))
    for spanish_text, english_text in [
        ("Registrar una visita", "Log a visit"),
        ("Cuándo y cómo", "When and how"),
        ("Fecha de la visita", "Visit date"),
        ("Duración (minutos)", "Duration (minutes)"),
        ("En el centro", "On site"),
        ("Actividades y estrategias", "Activities and strategies"),
        ("Quiénes participaron", "Who was involved"),
        ("Niños participantes", "Children involved"),
        ("Lista de preocupaciones de", "Concern checklist for"),
        ("¿Frecuencia?", "How often?"),
        ("Nota (opcional)", "Note (optional)"),
        ("Avance en las metas abiertas", "Progress on open goals"),
        ("Nueva meta", "New goal"),
        ("Notas y próximos pasos", "Notes and next steps"),
        ("Guardar y registrar otra", "Save and log another"),
        ("Preescolar (3-5 años)", "Preschool (3-5 years)"),
        # The script's words come from the page.
        ("Borrador guardado a las {time}", "Draft kept at"),
        ("Ningún niño de este centro coincide.", "No child of this site matches."),
    ]:
        assert spanish_text in page, spanish_text
        assert english_text not in page, english_text
    # Reference data in Spanish where it was filled in.
    assert "Observación en el aula" in page and f">{activity.name}<" not in page
    assert "Le cuesta hacer amigos" in page and item.text not in page
    assert goal.practice_area.name_es in page


def test_a_visits_page_in_spanish(client, spanish):
    visit = VisitFactory(case=spanish["case"], consultant=spanish["consultant"])
    item = concern_item("preschool")
    item.text_es = "Le cuesta hacer amigos"
    item.save()
    ObservedConcern.objects.create(
        visit=visit, child=spanish["preschooler"], concern_item=item, frequency="often"
    )
    page = page_of(client.get(visit.get_absolute_url()))
    for spanish_text, english_text in [
        ("Resumen para el proveedor (imprimir)", "Provider summary (print)"),
        ("Preocupaciones observadas", "Observed concerns"),
        ("Avance de las metas", "Goal progress"),
        ("Notas compartidas con el proveedor", "Notes shared with the provider"),
        ("Notas privadas del caso", "Private case notes"),
        ("Próximos pasos", "Next steps"),
        ("Registrar otra en este centro", "Log another at this site"),
        ("Le cuesta hacer amigos", item.text),
    ]:
        assert spanish_text in page, spanish_text
        assert english_text not in page, english_text
    assert "90 minutos · En el centro" in page


def test_the_error_summary_of_a_bad_post_in_spanish(client, spanish):
    key = f"concern-{spanish['preschooler'].pk}-{concern_item('preschool').pk}-frequency"
    data = form_data(spanish, **{"visit-duration_minutes": "", key: ""})
    page = page_of(client.post(url_for(spanish["case"]), data))
    assert "La visita no se guardó: hay 2 cosas que corregir" in page
    assert "Todo lo que escribió sigue aquí." in page
    assert "Duración (minutos): Indique cuánto duró la visita, en minutos." in page
    assert "Indique con qué frecuencia se observó." in page
    assert "The visit was not saved" not in page
    assert "Say how long the visit lasted" not in page
    assert "Say how often it was seen" not in page
    assert_nothing_saved()
