"""Which language a page is in: the user's saved choice, then the browser's, then English."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from accounts.services import user_set_language
from tests.factories import ConsultantFactory

pytestmark = pytest.mark.django_db

SPANISH_SIGN_OUT = "Cerrar sesión"


def home(client, accept: str | None = None):
    """A signed-in page every role may open (home itself sends consultants on)."""
    headers = {"HTTP_ACCEPT_LANGUAGE": accept} if accept else {}
    return client.get(reverse("consultation:site_list"), **headers)


def test_without_a_choice_or_a_browser_language_pages_are_in_english(client):
    client.force_login(ConsultantFactory())
    response = home(client)
    assert response["Content-Language"] == "en"
    assert "Sign out" in response.content.decode()
    assert '<html lang="en">' in response.content.decode()


def test_without_a_saved_choice_the_browsers_language_is_used(client):
    client.force_login(ConsultantFactory())
    response = home(client, "es-MX,es;q=0.9,en;q=0.5")
    assert response["Content-Language"] == "es"
    assert SPANISH_SIGN_OUT in response.content.decode()
    assert '<html lang="es">' in response.content.decode()


def test_a_browser_language_without_a_catalogue_falls_back_to_english(client):
    client.force_login(ConsultantFactory())
    assert home(client, "fr-FR,fr;q=0.9")["Content-Language"] == "en"


def test_the_saved_choice_wins_over_the_browsers_language(client):
    client.force_login(ConsultantFactory(preferred_language="en"))
    response = home(client, "es-ES,es;q=0.9")
    assert response["Content-Language"] == "en"
    assert SPANISH_SIGN_OUT not in response.content.decode()


def test_a_saved_spanish_choice_needs_no_browser_language(client):
    client.force_login(ConsultantFactory(preferred_language="es"))
    response = home(client)
    assert response["Content-Language"] == "es"
    assert SPANISH_SIGN_OUT in response.content.decode()


def test_signed_out_pages_follow_the_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="es")
    assert response["Content-Language"] == "es"


def test_the_language_page_is_in_the_navigation(client):
    client.force_login(ConsultantFactory())
    assert reverse("language_settings") in home(client).content.decode()


def test_choosing_a_language_saves_it_and_the_next_page_is_in_it(client):
    user = ConsultantFactory()
    client.force_login(user)
    response = client.post(reverse("language_settings"), {"preferred_language": "es"}, follow=True)
    user.refresh_from_db()
    assert user.preferred_language == "es"
    assert "Se guardó su idioma." in response.content.decode()
    assert home(client, "en-US")["Content-Language"] == "es"


def test_following_the_browser_again_clears_the_choice(client):
    user = ConsultantFactory(preferred_language="es")
    client.force_login(user)
    client.post(reverse("language_settings"), {"preferred_language": ""})
    user.refresh_from_db()
    assert user.preferred_language == ""
    assert home(client, "en-US")["Content-Language"] == "en"


def test_an_unknown_language_is_refused_next_to_the_field_and_nothing_saved(client):
    user = ConsultantFactory(preferred_language="en")
    client.force_login(user)
    response = client.post(reverse("language_settings"), {"preferred_language": "xx"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert User.objects.get(pk=user.pk).preferred_language == "en"


def test_the_service_refuses_a_language_without_a_catalogue():
    user = ConsultantFactory(preferred_language="en")
    with pytest.raises(ValidationError):
        user_set_language(user=user, language="fr")
    assert User.objects.get(pk=user.pk).preferred_language == "en"
