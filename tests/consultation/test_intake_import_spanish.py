"""The intake and import pages in Spanish for a supervisor who chose it: the queue, a request,
the import page and a preview whose refused rows give their reasons in Spanish."""

from datetime import timedelta

import pytest
from django.urls import reverse

from consultation.models import ImportRun
from tests.factories import (
    ClassroomFactory,
    ConsultantFactory,
    SiteFactory,
    SupervisorFactory,
    today,
)
from tests.factories_intake import assigned_intake
from tests.factories_l21 import upload
from tests.factories_supervision import session_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish_team():
    """Sue-like supervisor who reads Spanish; her consultant on a site OK-1 with a classroom."""
    supervisor = SupervisorFactory(preferred_language="es")
    consultant = ConsultantFactory(supervisor=supervisor)
    site = SiteFactory(licence_number="OK-1", name="Acorns", consultants=[consultant])
    ClassroomFactory(site=site, name="Bluebirds")
    return {"sup": supervisor, "ana": consultant, "site": site}


def page_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_intake_queue_and_a_request_in_spanish(client, spanish_team):
    received = today() - timedelta(days=20)
    intake = assigned_intake(
        spanish_team["ana"], site=spanish_team["site"], received_on=received, expulsion_risk=True
    )
    client.force_login(spanish_team["sup"])

    queue = page_of(client, reverse("consultation:intake_queue"))
    assert "Cola de solicitudes" in queue and "Registrar una solicitud" in queue
    assert "1 solicitud abierta" in queue and "días hábiles" in queue
    assert "Conducta" in queue and "Asignada" in queue and "riesgo de expulsión" in queue
    assert "Condado de Oklahoma" in queue
    for english in ("Intake queue", "open request", "business day", "Behaviour", "Assigned to"):
        assert english not in queue

    detail = page_of(client, intake.get_absolute_url())
    assert "Solicitud: Conducta" in detail and "Pasos" in detail
    assert "Primer contacto antes del" in detail and "(días hábiles)" in detail
    assert "origen: director(a)" in detail  # who made the request
    assert "Poner en lista de espera" in detail  # a next step the supervisor may take
    assert "Volver a la cola de solicitudes" in detail
    for english in ("Request:", "Steps", "First contact by", "Waitlist", "Back to the intake"):
        assert english not in detail


def test_the_import_page_and_a_preview_with_refused_rows_in_spanish(client, spanish_team):
    client.force_login(spanish_team["sup"])
    index = reverse("consultation:import_index")

    page = page_of(client, index)
    assert "Importar centros, aulas y niños" in page
    assert "Qué contiene el archivo" in page and "Aulas" in page
    assert "Ver la vista previa de la importación" in page
    for english in ("Import sites", "What the file lists", "Preview the import", "Classrooms"):
        assert english not in page

    content = (
        "site_licence_number,classroom,first_name,last_initial,date_of_birth\n"
        f"OK-1,Bluebirds,Ava,M,{today() - timedelta(days=700):%Y-%m-%d}\n"  # to add
        "OK-1,Nowhere,Ben,T,2024-01-05\n"  # no such classroom: refused
        "OK-1,Bluebirds,Cal,R,31/02/2024\n"  # not a date: refused
    ).encode()
    response = client.post(index, {"kind": "children", "file": upload(content)})
    assert response.status_code == 200
    run = ImportRun.objects.get(user=spanish_team["sup"])

    preview = page_of(client, reverse("consultation:import_preview", args=[run.uuid]))
    assert "Todavía no se ha guardado nada." in preview
    assert "Filas rechazadas" in preview and "Por qué se rechazó, por columna" in preview
    assert "No hay un aula “Nowhere” en este centro: impórtela primero." in preview
    assert "“31/02/2024” no es una fecha" in preview
    assert "Guardar los registros (nuevos: 1; cambiados: 0)" in preview
    assert "Descargar las 2 filas rechazadas" in preview
    for english in (
        "Nothing has been written",
        "Refused rows",
        "is not a date",
        "No classroom",
        "import it first",
        "Write 1 new",
    ):
        assert english not in preview


def test_the_same_preview_stays_in_english_for_others(client, spanish_team):
    spanish_team["sup"].preferred_language = ""
    spanish_team["sup"].save(update_fields=["preferred_language"])
    client.force_login(spanish_team["sup"])
    content = b"site_licence_number,classroom,first_name,last_initial,date_of_birth\n"
    content += b"OK-1,Nowhere,Ben,T,2024-01-05\n"
    page = client.post(
        reverse("consultation:import_index"), {"kind": "children", "file": upload(content)}
    ).content.decode()
    assert "No classroom “Nowhere” at this site: import it first." in page
    assert "Refused rows" in page


def test_my_supervision_in_spanish(client):
    consultant = ConsultantFactory(preferred_language="es")
    session_with(consultant, minutes=90)
    client.force_login(consultant)
    page = page_of(client, reverse("consultation:supervision_list"))
    assert "Mi supervisión" in page and "Individual · 90 minutos" in page
    assert "Con " in page and "Sesiones de supervisión reflexiva" in page
    assert "My supervision" not in page and "90 minutes" not in page
