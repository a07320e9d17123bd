"""A consultant who saved Spanish gets the account pages in Spanish: signing in, two-factor
sign-in, notifications and their email choices, and the idle sign-out warning's words."""

import pytest
from django.urls import reverse

from accounts.models import Notification
from core.pagination import PER_PAGE
from tests.factories import ConsultantFactory

pytestmark = pytest.mark.django_db

PASSWORD = "test-pass-2026"


def page_text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def assert_spanish(html: str, spanish: list[str], english: list[str]) -> None:
    assert '<html lang="es">' in html
    missing = [text for text in spanish if text not in html]
    assert not missing, f"Spanish missing: {missing}"
    left = [text for text in english if text in html]
    assert not left, f"English left: {left}"


@pytest.fixture
def maria(db):
    return ConsultantFactory(username="maria", preferred_language="es")


@pytest.fixture
def client_es(client, maria):
    """Maria signs in through the login page; her saved Spanish needs no browser language."""
    response = client.post(reverse("login"), {"username": "maria", "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_the_login_page_is_in_spanish_for_a_spanish_browser(client):
    html = page_text(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9"))
    assert_spanish(
        html,
        ["Iniciar sesión", "Solo para personal autorizado", "¿Olvidó su contraseña?"],
        ["Sign in", "Forgotten your password?", "Authorised staff only"],
    )


def test_the_two_factor_page_is_in_spanish(client_es):
    html = page_text(client_es.get(reverse("mfa_settings")))
    assert_spanish(
        html,
        [
            "Inicio de sesión en dos pasos",
            "Desactivado.",
            "Configurar el inicio de sesión en dos pasos",
        ],
        ["Two-factor sign-in", "Off.", "Set up two-factor sign-in", "Turn it on"],
    )


def test_the_notifications_page_and_its_pages_are_in_spanish(client_es, maria):
    for n in range(PER_PAGE + 1):
        Notification.objects.create(
            recipient=maria,
            kind=Notification.Kind.CRISIS,
            text=f"Little Acorns {n}",
            link="/",
        )
    html = page_text(client_es.get(reverse("notification_list")))
    assert_spanish(
        html,
        [
            "Marcar todas como leídas",
            "Opciones de correo electrónico",
            "Preocupación de crisis registrada",
            "<strong>sin leer</strong>",
            "Marcar como leída",
            "Página 1 de 2",
            "Siguiente",
            'aria-label="Notificaciones: páginas"',
        ],
        ["Mark all read", "Email choices", "Crisis concern recorded", "unread", "Page 1 of 2"],
    )


def test_the_email_choices_and_their_confirmation_are_in_spanish(client_es):
    url = reverse("notification_preferences")
    html = page_text(client_es.get(url))
    assert_spanish(
        html,
        ["Correo electrónico: Preocupación de crisis registrada", "Resumen semanal", "Guardar"],
        ["Email: ", "Weekly digest", "Tick the kinds"],
    )
    html = page_text(client_es.post(url, {"crisis": "on"}, follow=True))
    assert "Se guardaron sus opciones de correo electrónico." in html


def test_the_idle_sign_out_warning_reads_in_the_pages_language(client_es, signed_in):
    html = page_text(client_es.get(reverse("notification_list")))
    assert 'data-stay-text="Mantener la sesión abierta"' in html
    assert "Su sesión se cerrará en {minutes} minutos." in html
    assert "Se cerró su sesión después de 30 minutos sin actividad." in html
    assert "Stay signed in" not in html

    english = page_text(signed_in(ConsultantFactory()).get(reverse("notification_list")))
    assert 'data-stay-text="Stay signed in"' in english
    assert "You will be signed out in 1 minute — stay signed in?" in english
    assert "You will be signed out in {minutes} minutes — stay signed in?" in english
    assert "You were signed out after 30 minutes without activity." in english
