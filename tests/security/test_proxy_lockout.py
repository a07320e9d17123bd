"""Behind a proxy (DJANGO_TRUSTED_PROXY_COUNT=1): the lockout keys on the account and the client's
own address, read from the hop the proxy appended to X-Forwarded-For; one person's typos lock
neither their colleagues behind the same proxy nor the account from elsewhere."""

from pathlib import Path

import pytest
import yaml
from axes.models import AccessFailureLog
from django.test import Client
from django.urls import reverse

from accounts.models import AccessRecord
from devdata.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PROXY = "10.0.0.2"  # the TLS proxy: REMOTE_ADDR of every request
OFFICE = "203.0.113.7"
HOME = "198.51.100.23"


@pytest.fixture(autouse=True)
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def through_proxy(username: str, password: str, client_address: str, forged: str = ""):
    """A sign-in as the proxy passes it on: it appends the address it received from."""
    forwarded = f"{forged}, {client_address}" if forged else client_address
    client = Client()
    response = client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    return response, client


def signs_in(username: str, client_address: str) -> bool:
    response, client = through_proxy(username, DEMO_PASSWORD, client_address)
    return response.status_code == 302 and "_auth_user_id" in client.session


def typos(times: int, username: str, client_address: str, forged: str = "") -> None:
    for n in range(times):
        through_proxy(username, "typo", client_address, forged=f"{forged}{n}" if forged else "")


def test_one_users_typos_lock_only_that_user_at_that_address(demo_users, settings):
    typos(settings.AXES_FAILURE_LIMIT, "ana", OFFICE)
    response, _ = through_proxy("ana", DEMO_PASSWORD, OFFICE)
    assert response.status_code == 429  # locked, right password or not
    # Colleagues behind the same proxy, even at the same office address, sign in.
    assert signs_in("ben", OFFICE)
    assert signs_in("sue", HOME)
    # Ana from another address too.
    assert signs_in("ana", HOME)


def test_failures_are_logged_with_the_clients_address_not_the_proxys(demo_users):
    typos(2, "ana", OFFICE)
    assert set(AccessFailureLog.objects.values_list("ip_address", flat=True)) == {OFFICE}


def test_an_address_forged_in_x_forwarded_for_does_not_escape_the_lockout(demo_users, settings):
    # Each guess claims another address on the left; the proxy's own entry is the one counted.
    typos(settings.AXES_FAILURE_LIMIT, "ana", OFFICE, forged="192.0.2.")
    response, _ = through_proxy("ana", DEMO_PASSWORD, OFFICE, forged="192.0.2.200")
    assert response.status_code == 429


def test_access_records_keep_the_clients_address(demo_users):
    assert signs_in("ana", OFFICE)
    _, client = through_proxy("ana", DEMO_PASSWORD, OFFICE)
    client.get("/no-such-case/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"6.6.6.6, {OFFICE}")
    assert set(AccessRecord.objects.values_list("ip_address", flat=True)) <= {OFFICE}


def test_compose_publishes_the_app_to_the_proxy_only_and_trusts_one_proxy():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    web = compose["services"]["web"]
    assert str(web["environment"]["DJANGO_TRUSTED_PROXY_COUNT"]) == "1"
    assert web["ports"], "the proxy needs a port to reach"
    for port in web["ports"]:
        assert str(port).startswith("127.0.0.1:"), port
