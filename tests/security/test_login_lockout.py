"""Login protection: 10 failed sign-ins in 15 minutes lock the account at that address, right
password or not, until the cool-off ends or a superuser unlocks it. Every failure is kept with
time and address. (Behind a proxy: test_proxy_lockout.py.)"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from devdata.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"


def attempt(client: Client, password: str, username: str = "ana", ip: str = ATTACKER, url=None):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        HTTP_USER_AGENT="pytest-agent",
    )


def fail(times: int, username: str = "ana", ip: str = ATTACKER) -> None:
    client = Client()
    for _ in range(times):
        attempt(client, "wrong-guess", username=username, ip=ip)


def signs_in(username: str = "ana", ip: str = ATTACKER) -> bool:
    client = Client()
    response = attempt(client, DEMO_PASSWORD, username=username, ip=ip)
    return (
        response.status_code == 302 and client.get(reverse("home"), follow=True).status_code == 200
    )


def test_limit_and_window_are_the_required_ones(settings):
    assert settings.AXES_FAILURE_LIMIT == 10
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME


def test_nine_failures_do_not_lock_the_account(demo_users):
    fail(9)
    assert signs_in()


def test_ten_failures_lock_the_account_even_with_the_right_password(demo_users):
    fail(10)
    response = attempt(Client(), DEMO_PASSWORD)
    assert response.status_code == 429
    assert not signs_in()


def test_lockout_holds_the_account_at_that_address_only(demo_users):
    fail(10)
    assert not signs_in(ip=ATTACKER)
    # The same account from elsewhere, and other accounts from the same address, sign in:
    # colleagues often share one address (an office, a proxy).
    assert signs_in(ip="198.51.100.99")
    assert signs_in("ben", ip=ATTACKER)


def test_failures_are_counted_per_account_and_address(demo_users):
    for n in range(9):
        fail(1, ip=f"203.0.113.{n + 1}")
    fail(9, username="ben")
    assert signs_in(ip="203.0.113.1")
    assert signs_in("ben")


def test_lockout_page_is_a_clear_page_not_an_error(demo_users):
    fail(10)
    response = attempt(Client(), DEMO_PASSWORD)
    html = response.content.decode()
    assert response.status_code == 429
    assert "Sign-in locked" in html
    assert "15 minutes" in html and "administrator" in html
    assert "988" in html  # the normal page frame, crisis lines included


def test_each_failure_is_logged_with_time_and_source_address(demo_users):
    fail(3)
    failures = AccessFailureLog.objects.filter(username="ana")
    assert failures.count() == 3
    for failure in failures:
        assert failure.ip_address == ATTACKER
        assert failure.attempt_time is not None
        assert failure.user_agent == "pytest-agent"


def test_lock_ends_after_the_15_minute_cool_off(demo_users):
    fail(10)
    assert not signs_in()
    for row in AccessAttempt.objects.all():
        row.attempt_time -= timedelta(minutes=16)
        row.save()
    assert signs_in()


def test_superuser_unlocks_an_account_in_the_admin(demo_users):
    fail(10)
    admin_client = Client()
    admin_client.force_login(demo_users["admin"])
    changelist = reverse("admin:axes_accessattempt_changelist")
    page = admin_client.get(changelist + "?q=ana")
    assert page.status_code == 200 and "ana" in page.content.decode()
    ids = [
        str(pk) for pk in AccessAttempt.objects.filter(username="ana").values_list("pk", flat=True)
    ]
    response = admin_client.post(
        changelist, {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    )
    assert response.status_code == 302
    assert signs_in()


def test_superuser_unlocks_an_account_from_the_command_line(demo_users):
    fail(10)
    call_command("axes_reset_username", "ana")
    assert signs_in()


@pytest.mark.parametrize("username", ["sue", "lee"])
def test_staff_who_are_not_superusers_cannot_see_or_clear_lockouts(demo_users, username):
    fail(10)
    client = Client()
    client.force_login(demo_users[username])
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403
    assert AccessAttempt.objects.filter(username="ana").exists()


def test_admin_sign_in_page_is_protected_by_the_same_lock(demo_users):
    fail(10, username="sue")
    response = attempt(Client(), DEMO_PASSWORD, username="sue", url=reverse("admin:login"))
    assert response.status_code == 429


def test_a_successful_sign_in_clears_earlier_failures(demo_users):
    fail(9)
    assert signs_in(ip=ATTACKER)
    fail(9)
    assert signs_in(ip=ATTACKER)
