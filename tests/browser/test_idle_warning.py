"""The idle sign-out warning (static/js/session.js), in a real browser with its clock run on:
two minutes before the sign-out it asks to stay signed in, counts down to one minute, and "Stay
signed in" keeps the session; left alone, it says the person was signed out. Its words come from
the page, so a consultant who saved Spanish reads them in Spanish."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.models import User
from tests.browser.checks import login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WARNING = ".idle-warning"


def idle_ms() -> int:
    return int(settings.SESSION_IDLE_TIMEOUT.total_seconds() * 1000)


def open_notifications_and_wait_until_two_minutes_are_left(page) -> None:
    page.goto("/accounts/notifications/")
    page.clock.run_for(idle_ms() - 115_000)


def test_the_warning_counts_down_and_stay_signed_in_keeps_the_session(page, shoot, demo_users):
    page.goto("/")
    login(page, "ana")
    page.clock.install()
    open_notifications_and_wait_until_two_minutes_are_left(page)
    warning = page.locator(WARNING)
    expect(warning).to_contain_text("You will be signed out in 2 minutes — stay signed in?")
    page.clock.run_for(60_000)
    expect(warning).to_contain_text("You will be signed out in 1 minute — stay signed in?")
    shoot(page, "idle-01-warning-en", full_page=False)
    warning.get_by_role("button", name="Stay signed in").click()
    expect(warning).to_be_hidden()

    User.objects.filter(username="ana").update(preferred_language="es")
    open_notifications_and_wait_until_two_minutes_are_left(page)
    expect(warning).to_contain_text("Su sesión se cerrará en 2 minutos. ¿Desea mantenerla abierta?")
    expect(warning.get_by_role("button", name="Mantener la sesión abierta")).to_be_visible()
    shoot(page, "idle-02-warning-es", full_page=False)
    page.clock.run_for(120_000)
    minutes = idle_ms() // 60_000
    expect(warning).to_contain_text(
        f"Se cerró su sesión después de {minutes} minutos sin actividad."
    )
    expect(warning.get_by_role("button")).to_be_hidden()
