"""Two-factor sign-in: the code after the password, setting it up, backup codes, the roles that
must use it, and resets by a supervisor or an administrator.

These tests sign in through the login page (or client.login()), which stops at the code:
client.force_login() would pass the second step (tests/otp.py)."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccessRecord, TwoFactorEvent
from devdata.accounts import DEMO_PASSWORD, demo_totp_code
from tests.factories import ConsultantFactory, SupervisorFactory

pytestmark = pytest.mark.django_db

VERIFY = reverse("mfa_verify")
ENROL = reverse("mfa_enrol")
SETTINGS = reverse("mfa_settings")


def password_sign_in(username: str, password: str = DEMO_PASSWORD) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302, "the password step failed"
    return client


def code_for(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def backup_codes_from(response) -> list[str]:
    return re.findall(r"<li>([a-z2-7]{8})</li>", response.content.decode())


@pytest.mark.parametrize("username", ["sue", "lee", "admin"])
def test_password_alone_reaches_nothing_but_the_code_page_for_roles_that_need_it(
    demo_users, username
):
    client = password_sign_in(username)
    for url in (reverse("home"), reverse("consultation:caseload"), "/admin/", SETTINGS):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(VERIFY), url
    page = client.get(VERIFY)
    assert page.status_code == 200
    assert "Enter your code" in page.content.decode()
    # The navigation offers nothing but signing out until the code is given.
    assert reverse("consultation:caseload") not in page.content.decode()
    assert reverse("logout") in page.content.decode()


def test_a_post_before_the_code_changes_nothing(demo_users):
    client = password_sign_in("sue")
    response = client.post(SETTINGS)
    assert response.status_code == 302 and response["Location"] == VERIFY
    assert not TwoFactorEvent.objects.exists()


def test_the_right_code_opens_the_page_asked_for_in_a_new_session(demo_users):
    client = password_sign_in("sue")
    before = client.session.session_key
    target = reverse("consultation:site_list")
    response = client.post(VERIFY, {"code": demo_totp_code(), "next": target})
    assert response.status_code == 302 and response["Location"] == target
    assert client.session.session_key != before
    assert client.get(target).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_and_counted(demo_users):
    client = password_sign_in("sue")
    wrong = f"{(int(demo_totp_code()) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 200
    assert "That code did not work" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302
    device = TOTPDevice.objects.get(user=demo_users["sue"])
    assert device.throttling_failure_count == 1
    # django-otp then makes the user wait: even the right code is refused at once.
    response = client.post(VERIFY, {"code": demo_totp_code()})
    assert "wait a moment" in response.content.decode()


def test_a_code_is_not_accepted_twice(demo_users):
    code = demo_totp_code()
    first = password_sign_in("sue")
    assert first.post(VERIFY, {"code": code}).status_code == 302
    second = password_sign_in("sue")
    response = second.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert second.get(reverse("home")).status_code == 302


@pytest.mark.parametrize(
    "code", ["", "12345", "1234567", "³²¹⁴⁵⁶", "١٢٣٤٥٦", "12\x003456", "x" * 500, "' OR 1=1 --"]
)
def test_crafted_codes_get_a_form_error_never_a_server_error(demo_users, code):
    client = password_sign_in("sue")
    response = client.post(VERIFY, {"code": code})
    if "\x00" in code:  # refused before any view, as every NUL is (core.middleware)
        assert response.status_code == 400
    else:
        assert response.status_code == 200
        page = response.content.decode()
        assert 'class="invalid-feedback"' in page or "did not work" in page
    assert client.get(reverse("home")).status_code == 302


def test_an_unsafe_next_address_is_ignored(demo_users):
    client = password_sign_in("sue")
    response = client.post(VERIFY, {"code": demo_totp_code(), "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_signing_out_works_before_the_code(demo_users):
    client = password_sign_in("sue")
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(VERIFY)["Location"].startswith(reverse("login"))


def test_a_supervisor_without_a_device_sets_one_up_then_keeps_the_backup_codes(db):
    supervisor = SupervisorFactory(username="nina")
    client = password_sign_in("nina", "test-pass-2026")
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0].startswith(ENROL)
    page = response.content.decode()
    assert "<svg" in page and "<script" not in page.split("<main", 1)[1].split("</main>")[0]
    device = TOTPDevice.objects.get(user=supervisor, confirmed=False)
    secret = re.search(r'id="mfa-secret">([A-Z2-7 ]+)<', page).group(1)
    assert secret.replace(" ", "") == __import__("base64").b32encode(device.bin_key).decode()
    # Reloading shows the same secret (the app may already hold it).
    assert secret in client.get(ENROL).content.decode()

    response = client.post(ENROL, {"code": code_for(device)}, follow=True)
    codes = backup_codes_from(response)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "shown only this once" in response.content.decode()
    assert client.get(reverse("mfa_backup_codes"))["Location"] == SETTINGS
    assert client.get(reverse("consultation:caseload")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    event = TwoFactorEvent.objects.get()
    assert (event.kind, event.user, event.actor) == ("enrolled", supervisor, supervisor)


def test_setting_up_asks_for_the_apps_code(db):
    SupervisorFactory(username="nina")
    client = password_sign_in("nina", "test-pass-2026")
    client.get(ENROL)
    response = client.post(ENROL, {"code": "000000"})
    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get(reverse("home")).status_code == 302


def test_someone_with_only_the_password_cannot_set_up_a_second_device(demo_users):
    client = password_sign_in("sue")
    response = client.get(ENROL)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert client.post(ENROL, {"code": "123456"})["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=demo_users["sue"]).count() == 1


def test_a_backup_code_signs_in_once(demo_users):
    client = Client()
    client.force_login(demo_users["sue"])
    codes = backup_codes_from(client.post(SETTINGS, follow=True))
    assert len(codes) == 10

    first = password_sign_in("sue")
    assert first.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
    assert first.get(reverse("home")).status_code == 200
    assert StaticToken.objects.filter(device__user=demo_users["sue"]).count() == 9
    second = password_sign_in("sue")
    assert second.post(VERIFY, {"code": codes[0]}).status_code == 200
    assert second.get(reverse("home")).status_code == 302


def test_new_backup_codes_replace_the_old_ones_and_are_recorded(demo_users):
    client = Client()
    client.force_login(demo_users["sue"])
    old = backup_codes_from(client.post(SETTINGS, follow=True))
    new = backup_codes_from(client.post(SETTINGS, follow=True))
    assert not set(old) & set(new)
    assert not StaticToken.objects.filter(token__in=old).exists()
    assert TwoFactorEvent.objects.filter(kind="backup_codes").count() == 2
    assert "10 left" in client.get(SETTINGS).content.decode()


def test_a_consultant_signs_in_with_the_password_alone_until_they_turn_it_on(demo_users):
    client = password_sign_in("ana")
    home = client.get(reverse("consultation:caseload"))
    assert home.status_code == 200
    assert SETTINGS in home.content.decode(), "the navigation links to Two-factor sign-in"
    assert "<strong>Off.</strong>" in client.get(SETTINGS).content.decode()

    client.get(ENROL)
    device = TOTPDevice.objects.get(user=demo_users["ana"])
    assert client.post(ENROL, {"code": code_for(device)}).status_code == 302
    assert client.get(reverse("consultation:caseload")).status_code == 200

    # From now on ana is asked for the code too.
    again = password_sign_in("ana")
    assert again.get(reverse("consultation:caseload"))["Location"].startswith(VERIFY)


def test_the_roles_that_must_use_it_come_from_the_setting(settings, db):
    ConsultantFactory(username="carl")
    SupervisorFactory(username="nina")
    settings.MFA_REQUIRED_ROLES = {"consultant"}
    consultant = password_sign_in("carl", "test-pass-2026")
    assert consultant.get(reverse("home"), follow=True).redirect_chain[-1][0].startswith(ENROL)
    supervisor = password_sign_in("nina", "test-pass-2026")
    assert supervisor.get(reverse("home")).status_code == 200


def test_superusers_must_use_it_whatever_their_role(settings, db):
    settings.MFA_REQUIRED_ROLES = {"superuser"}
    ConsultantFactory(username="root", is_superuser=True, is_staff=True)
    client = password_sign_in("root", "test-pass-2026")
    assert client.get("/admin/")["Location"].startswith(VERIFY)


def reset_url(user) -> str:
    return reverse("mfa_reset", args=[user.uuid])


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def test_a_supervisor_resets_their_consultants_device_and_it_is_recorded(demo_users, signed_in):
    ana = demo_users["ana"]
    device = enrolled(ana)
    ana_session = password_sign_in("ana")
    assert ana_session.post(VERIFY, {"code": code_for(device)}).status_code == 302

    sue = signed_in("sue")
    listed = sue.get(SETTINGS).content.decode()
    assert reset_url(ana) in listed and reset_url(demo_users["cara"]) not in listed
    assert "Reset two-factor sign-in for" in sue.get(reset_url(ana)).content.decode()
    response = sue.post(reset_url(ana), REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=ana).exists()
    event = TwoFactorEvent.objects.get(kind="reset")
    assert (event.user, event.actor, event.ip_address) == (ana, demo_users["sue"], "198.51.100.7")
    # ana's session no longer counts as past the second step; a consultant goes on without it.
    caseload = reverse("consultation:caseload")
    response = ana_session.get(caseload, follow=True)
    assert response.status_code == 200 and response.request["PATH_INFO"] == caseload
    assert "<strong>Off.</strong>" in ana_session.get(SETTINGS).content.decode()


def test_another_teams_supervisor_cannot_reset_a_consultants_device(demo_users, signed_in):
    cara = demo_users["cara"]
    enrolled(cara)
    sue = signed_in("sue")
    assert sue.get(reset_url(cara)).status_code == 404
    assert sue.post(reset_url(cara)).status_code == 404
    assert TOTPDevice.objects.filter(user=cara).exists()
    assert not TwoFactorEvent.objects.exists()
    assert AccessRecord.objects.filter(action="denied", path=reset_url(cara)).count() == 2


@pytest.mark.parametrize("username", ["ana", "lee", "tom"])
def test_no_one_else_resets_a_supervisors_or_colleagues_device(demo_users, signed_in, username):
    for target in ("sue", "ben"):
        assert signed_in(username).post(reset_url(demo_users[target])).status_code == 404
    assert TOTPDevice.objects.filter(user=demo_users["sue"]).exists()


def test_a_superuser_resets_a_supervisor_who_then_sets_it_up_again(demo_users, signed_in):
    sue_session = password_sign_in("sue")
    assert sue_session.post(VERIFY, {"code": demo_totp_code()}).status_code == 302
    assert signed_in("admin").post(reset_url(demo_users["sue"])).status_code == 302
    response = sue_session.get(reverse("consultation:caseload"), follow=True)
    assert response.redirect_chain[-1][0].startswith(ENROL)
    assert TwoFactorEvent.objects.get().actor == demo_users["admin"]
