"""Password change (every signed-in role) and reset by email (never telling who has an account)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from devdata.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.otp import pass_second_step
from tests.security.test_deploy_settings import STRONG_KEY, run_manage

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-fresh-passphrase-2026!"
ROLES = [account[0] for account in DEMO_ACCOUNTS]


def signed_in(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    # Roles that need the second step pass it as a right code would (tests/accounts/test_mfa.py
    # tests the code itself).
    pass_second_step(client, get_user_model().objects.get(username=username))
    return client


def can_sign_in(username: str, password: str) -> bool:
    client = Client()
    client.post(reverse("login"), {"username": username, "password": password})
    return "_auth_user_id" in client.session


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("password_change")).status_code == 200


def change(client: Client, old: str = DEMO_PASSWORD, new: str = NEW_PASSWORD):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


@pytest.mark.parametrize("username", ROLES)
def test_every_role_finds_change_password_in_the_navigation(demo_users, username):
    page = signed_in(username).get(reverse("home"), follow=True)
    assert f'href="{reverse("password_change")}"' in page.content.decode()


@pytest.mark.parametrize("username", ROLES)
def test_every_role_changes_their_password_and_stays_signed_in_here_only(demo_users, username):
    here, elsewhere = signed_in(username), signed_in(username)
    response = change(here)
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    assert "Password changed" in here.get(response["Location"]).content.decode()
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)
    assert can_sign_in(username, NEW_PASSWORD)
    assert not can_sign_in(username, DEMO_PASSWORD)


def test_a_wrong_current_password_or_a_weak_new_one_is_a_form_error(demo_users):
    client = signed_in("ana")
    wrong = change(client, old="not-my-password")
    assert wrong.status_code == 200
    assert "Your old password was entered incorrectly" in wrong.content.decode()
    weak = change(client, new="short")
    assert weak.status_code == 200
    assert "too short" in weak.content.decode()
    assert is_signed_in(client)
    assert can_sign_in("ana", DEMO_PASSWORD)


def test_signed_out_visitors_are_sent_to_sign_in_from_change_password(demo_users):
    response = Client().get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_sign_in_page_links_to_the_reset_page():
    page = Client().get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in page


def ask_reset(email: str):
    return Client().post(reverse("password_reset"), {"email": email}, follow=True)


def test_a_reset_link_by_email_sets_a_new_password(demo_users):
    ask_reset("ANA@demo.invalid")  # any case
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@demo.invalid"]
    link = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)
    client = Client()
    form = client.get(link, follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")
    assert "_auth_user_id" not in client.session  # a reset never signs in by itself
    assert can_sign_in("ana", NEW_PASSWORD)
    # The link works once.
    assert "already been used" in Client().get(link, follow=True).content.decode()


def test_the_reset_page_answers_the_same_whether_or_not_an_account_exists(demo_users):
    get_user_model().objects.filter(username="ben").update(is_active=False)
    known = ask_reset("ana@demo.invalid")
    unknown = ask_reset("nobody@demo.invalid")
    deactivated = ask_reset("ben@demo.invalid")
    assert len(mail.outbox) == 1  # to ana only

    def seen(response):
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        return response.status_code, response.redirect_chain, body

    assert seen(known) == seen(unknown) == seen(deactivated)
    assert "If an account uses that address" in known.content.decode()


def test_a_malformed_address_on_the_reset_page_is_a_form_error_not_a_500():
    response = Client().post(reverse("password_reset"), {"email": "not an address"})
    assert response.status_code == 200
    assert "Enter a valid email address" in response.content.decode()
    # A NUL byte is refused before any view, as everywhere (core.middleware).
    assert Client().post(reverse("password_reset"), {"email": "a@b.org\x00"}).status_code == 400
    assert mail.outbox == []


def test_a_forged_reset_link_says_it_is_invalid(demo_users):
    response = Client().get(
        reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "set-password"})
    )
    assert response.status_code == 200
    assert "already been used or has expired" in response.content.decode()


def test_a_reset_does_not_lift_a_lockout(demo_users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post(reverse("login"), {"username": "ana", "password": "wrong-guess"})
    ask_reset("ana@demo.invalid")
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body).group(1)
    client = Client()
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert not can_sign_in("ana", NEW_PASSWORD)


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({"EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": "2525"}, "smtp 2525"),
        ({"DJANGO_DEBUG": "1"}, "console 587"),
        # In production without SMTP, nothing: a reset link in the logs would open the account.
        ({"DJANGO_DEBUG": "0"}, "dummy 587"),
    ],
)
def test_the_email_backend_follows_the_environment(env, backend):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND.rsplit('.', 2)[-2], s.EMAIL_PORT)",
        **{"DJANGO_SECRET_KEY": STRONG_KEY, "EMAIL_HOST": "", **env},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == backend
