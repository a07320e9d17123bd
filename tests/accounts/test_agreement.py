"""The confidentiality agreement: asked for after signing in, before anything else is reachable;
accepted once per version, dated; a new version is asked for again."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.agreements import AgreementAcceptance, ConfidentialityAgreement
from accounts.models import User
from devdata.accounts import DEMO_PASSWORD
from tests.factories import ConsultantFactory
from tests.otp import pass_second_step

pytestmark = pytest.mark.django_db

AGREEMENT = reverse("confidentiality_agreement")


@pytest.fixture
def newcomer():
    return ConsultantFactory(username="newcomer", accepted_agreement=False)


def sign_in(username: str, password: str = "test-pass-2026") -> Client:
    client = Client()
    response = client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="192.0.2.44"
    )
    assert response.status_code == 302
    # Roles that need the second step pass it as a right code would (tests/accounts/test_mfa.py
    # tests the code itself); the agreement comes after it.
    pass_second_step(client, User.objects.get(username=username))
    return client


def accept(client: Client, agreement: ConfidentialityAgreement, next_url: str = ""):
    return client.post(
        AGREEMENT,
        {"agreement": str(agreement.uuid), "agree": "on", "next": next_url},
        REMOTE_ADDR="192.0.2.44",
    )


def current() -> ConfidentialityAgreement:
    return ConfidentialityAgreement.objects.in_force(timezone.localdate()).get(version=1)


def test_a_first_version_is_in_force_after_migrating():
    agreement = current()
    assert "share nothing" in agreement.text


@pytest.mark.parametrize(
    "url",
    [
        reverse("home"),
        reverse("consultation:caseload"),
        reverse("consultation:site_list"),
        reverse("referrals:referral_list"),
        reverse("admin:index"),
        "/no-such-page/",
    ],
)
def test_before_accepting_every_page_leads_to_the_agreement(newcomer, url):
    response = sign_in("newcomer").get(url)
    if url == "/no-such-page/":
        assert response.status_code == 404  # reveals nothing either
        return
    assert response.status_code == 302
    assert response["Location"].startswith(AGREEMENT + "?next=")


def test_signing_in_lands_on_the_agreement_which_names_its_version(newcomer):
    page = sign_in("newcomer").get(reverse("home"), follow=True)
    assert page.redirect_chain[-1][0].startswith(AGREEMENT)
    body = page.content.decode()
    assert "Version 1" in body
    assert "Accept and continue" in body


def test_before_accepting_a_post_is_refused_and_writes_nothing(newcomer):
    client = sign_in("newcomer")
    response = client.post(reverse("consultation:site_create"), {"name": "Sneaky site"})
    assert response.status_code == 302
    assert response["Location"] == AGREEMENT
    from consultation.models import Site

    assert not Site.objects.filter(name="Sneaky site").exists()


@pytest.mark.parametrize("url_name", ["password_change", "keepalive"])
def test_before_accepting_password_change_and_sign_out_stay_open(newcomer, url_name):
    client = sign_in("newcomer")
    assert client.get(reverse(url_name)).status_code in {200, 204}
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_accepting_is_dated_and_versioned_then_continues_to_the_page_asked_for(newcomer):
    client = sign_in("newcomer")
    asked = reverse("consultation:site_list")
    response = accept(client, current(), next_url=asked)
    assert response.status_code == 302
    assert response["Location"] == asked
    acceptance = AgreementAcceptance.objects.get(user=newcomer)
    assert acceptance.agreement.version == 1
    assert timezone.now() - acceptance.accepted_at < timedelta(minutes=1)
    assert acceptance.ip_address == "192.0.2.44"
    assert client.get(asked).status_code == 200
    # The next sign-in goes straight through.
    assert sign_in("newcomer").get(asked).status_code == 200


def test_accepting_needs_the_box_ticked(newcomer):
    client = sign_in("newcomer")
    response = client.post(AGREEMENT, {"agreement": str(current().uuid)})
    assert response.status_code == 200
    assert "Tick the box to accept the agreement." in response.content.decode()
    assert not AgreementAcceptance.objects.filter(user=newcomer).exists()
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize("posted", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_accepting_another_version_than_the_one_in_force_is_refused(newcomer, posted):
    client = sign_in("newcomer")
    response = client.post(AGREEMENT, {"agreement": posted, "agree": "on"})
    assert response.status_code == 200
    assert not AgreementAcceptance.objects.filter(user=newcomer).exists()


def test_a_new_version_is_asked_for_again_at_the_next_sign_in(newcomer):
    accept(sign_in("newcomer"), current())
    second = ConfidentialityAgreement.objects.create(
        version=2, effective_date=timezone.localdate(), text="Version two: also shred printouts."
    )
    client = sign_in("newcomer")
    response = client.get(reverse("consultation:caseload"))
    assert response["Location"].startswith(AGREEMENT)
    assert "shred printouts" in client.get(AGREEMENT).content.decode()
    accept(client, second)
    assert client.get(reverse("consultation:caseload")).status_code == 200
    assert sorted(newcomer.agreement_acceptances.values_list("agreement__version", flat=True)) == [
        1,
        2,
    ]


def test_a_version_not_yet_in_force_is_not_asked_for(newcomer):
    ConfidentialityAgreement.objects.create(
        version=2, effective_date=timezone.localdate() + timedelta(days=1), text="Tomorrow's."
    )
    client = sign_in("newcomer")
    accept(client, current())
    assert client.get(reverse("consultation:caseload")).status_code == 200


def test_the_next_address_must_be_on_this_site(newcomer):
    response = accept(sign_in("newcomer"), current(), next_url="https://evil.example/")
    assert response["Location"] == reverse("home")


def test_demo_accounts_have_accepted_so_the_demo_signs_in_in_one_step(demo_users):
    client = sign_in("ana", DEMO_PASSWORD)
    assert client.get(reverse("consultation:caseload")).status_code == 200


def test_superuser_adds_a_version_in_the_admin_and_an_accepted_one_stays_as_it_was(
    demo_users, newcomer
):
    client = sign_in("admin", DEMO_PASSWORD)
    response = client.post(
        reverse("admin:accounts_confidentialityagreement_add"),
        {"version": "2", "effective_date": timezone.localdate().isoformat(), "text": "New text."},
    )
    assert response.status_code == 302
    assert ConfidentialityAgreement.objects.filter(version=2, text="New text.").exists()
    first = current()
    rewrite = client.post(
        reverse("admin:accounts_confidentialityagreement_change", args=[first.pk]),
        {"version": "1", "effective_date": first.effective_date.isoformat(), "text": "Rewritten"},
    )
    assert rewrite.status_code == 403
    first.refresh_from_db()
    assert "share nothing" in first.text  # accepted by the demo accounts: read-only
    delete = reverse("admin:accounts_confidentialityagreement_delete", args=[first.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
