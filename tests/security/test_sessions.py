"""Automatic logoff (idle and absolute), a new session key at login, logout everywhere on a
password change."""

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from devdata.accounts import DEMO_PASSWORD
from tests.otp import pass_second_step

pytestmark = pytest.mark.django_db


class Clock:
    """Moves django.utils.timezone.now, which the session store and the middleware both read."""

    def __init__(self, monkeypatch):
        self.offset = timedelta()
        real_now = timezone.now
        monkeypatch.setattr(timezone, "now", lambda: real_now() + self.offset)

    def advance(self, **kwargs):
        self.offset += timedelta(**kwargs)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("consultation:caseload")).status_code == 200


def sign_in(client: Client, username: str = "ana") -> None:
    response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    # Supervisors then give a two-factor code (tests/accounts/test_mfa.py): as if typed.
    pass_second_step(client, User.objects.get(username=username))


def test_timeouts_are_named_settings_with_the_required_values(settings):
    assert timedelta(minutes=30) == settings.SESSION_IDLE_TIMEOUT
    assert timedelta(hours=12) == settings.SESSION_ABSOLUTE_TIMEOUT
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_user_is_signed_out_after_30_minutes_without_activity(client, demo_users, clock):
    sign_in(client)
    clock.advance(minutes=29)
    assert is_signed_in(client)
    clock.advance(minutes=31)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not is_signed_in(client)


def test_activity_keeps_the_session_alive_past_30_minutes(client, demo_users, clock):
    sign_in(client)
    for _ in range(6):
        clock.advance(minutes=20)
        assert is_signed_in(client)


def test_idle_logoff_also_holds_in_the_session_store(client, demo_users, clock):
    # Besides the middleware's check, the server-side session itself expires after the idle time.
    sign_in(client)
    session = Session.objects.get()
    assert session.expire_date <= timezone.now() + timedelta(minutes=30, seconds=5)


def test_idle_logoff_by_the_middleware_alone(client, demo_users, clock, settings):
    # The store's expiry pushed far out: the middleware's own idle check still signs the user out.
    settings.SESSION_COOKIE_AGE = 24 * 3600
    sign_in(client)
    clock.advance(minutes=31)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "without activity" in response.content.decode()


def test_user_is_signed_out_12_hours_after_signing_in_even_when_active(client, demo_users, clock):
    sign_in(client)
    for _ in range(35):  # every 20 minutes for 11 hours 40 minutes
        clock.advance(minutes=20)
        assert is_signed_in(client)
    clock.advance(minutes=21)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "time limit" in response.content.decode()
    assert not is_signed_in(client)


def test_signing_in_again_after_logoff_starts_fresh_clocks(client, demo_users, clock):
    sign_in(client)
    clock.advance(hours=13)
    assert not is_signed_in(client)
    sign_in(client)
    assert is_signed_in(client)


def test_login_gives_a_new_session_key(client, demo_users):
    session = client.session  # an anonymous session exists before signing in
    session["marker"] = "anonymous"
    session.save()
    key_before = session.session_key
    sign_in(client)
    key_after = client.session.session_key
    assert key_after != key_before
    assert not Session.objects.filter(session_key=key_before).exists()
    assert client.session[SESSION_KEY] == str(demo_users["ana"].pk)


def test_password_change_signs_the_user_out_everywhere(demo_users):
    tablet, laptop = Client(), Client()
    sign_in(tablet)
    sign_in(laptop)
    ana = demo_users["ana"]
    ana.set_password("a-brand-new-passphrase-2026")
    ana.save()
    assert not is_signed_in(tablet)
    assert not is_signed_in(laptop)


def test_password_change_in_the_admin_keeps_the_changer_signed_in_only(demo_users):
    here, elsewhere = Client(), Client()
    sign_in(here, "sue")
    sign_in(elsewhere, "sue")
    response = here.post(
        reverse("admin:password_change"),
        {
            "old_password": DEMO_PASSWORD,
            "new_password1": "sue-new-passphrase-2026!",
            "new_password2": "sue-new-passphrase-2026!",
        },
    )
    assert response.status_code == 302
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)


def test_password_validators_refuse_short_common_and_numeric_passwords(demo_users):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["short-pw", "password1234", "849302758103"]:
        with pytest.raises(ValidationError):
            validate_password(weak, user=demo_users["ana"])
    validate_password("correct horse battery staple", user=demo_users["ana"])
