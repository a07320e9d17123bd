"""Consent, as a consultant meets it: a child without consent cannot be the subject of a case,
and the refusal leads to where consent is recorded; once recorded, the case opens and a
referral is sent; once the family withdraws it, the next referral is refused."""

import re
from datetime import timedelta

import pytest

from consultation.models import Consent, ConsultationCase
from referrals.models import Referral
from tests import factories
from tests.browser.checks import audit, login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def leo(demo_users):
    """A three-year-old at one of ana's sites, with no consent on file."""
    site = factories.SiteFactory(
        name="Prairie Wind Early Learning", consultants=[demo_users["ana"]]
    )
    room = factories.ClassroomFactory(site=site, name="Sunflowers")
    return factories.ChildFactory(
        first_name="Leo",
        last_initial="T",
        classroom=room,
        date_of_birth=factories.today() - timedelta(days=3 * 365),
        consent=False,
    )


def open_a_case_for(page, child) -> None:
    page.goto(f"/cases/new/?child={child.uuid}")
    page.get_by_label("Reason for request").fill("Bites at transitions; teacher asks for help")
    page.get_by_role("button", name=re.compile("Open the case")).click()


def refer(page, child, service: str) -> None:
    page.goto(f"/referrals/new/?child={child.uuid}")
    page.get_by_label("Service type").select_option(label=service)
    agency = factories.agency_for(factories.service_type(service))
    page.get_by_label("Agency").select_option(label=agency.name)
    page.get_by_label("Reason").fill("Family asked for support at home")
    page.get_by_role("button", name="Save the referral").click()


def record_consent(page, shoot) -> None:
    page.get_by_label("Caregiver's name").fill("Rosa T.")
    page.get_by_label("Relationship to the child").select_option(label="Parent")
    page.get_by_label("Sharing information with a referral agency").check()
    audit(page)
    shoot(page, "consent-02-record")
    page.get_by_role("button", name="Save").click()


def test_consent_recorded_opens_the_case_and_sends_a_referral_until_revoked(page, shoot, leo):
    page.goto("/")
    login(page, "ana")
    open_a_case_for(page, leo)
    refusal = page.locator(".error-summary")
    assert "no consultation consent is in force" in refusal.inner_text()
    assert not ConsultationCase.objects.exists()
    shoot(page, "consent-01-case-refused")
    page.locator("form").get_by_role("link", name="Record consent for Leo T.").click()
    page.wait_for_url(f"**/children/{leo.uuid}/consent/new/")
    record_consent(page, shoot)
    page.wait_for_url(f"**/children/{leo.uuid}/")
    assert Consent.objects.get(child=leo).covers == "consultation and sharing with any agency"
    audit(page)
    for width in (390, 768, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        shoot(page, f"consent-03-child-page-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})

    open_a_case_for(page, leo)
    page.wait_for_url(re.compile(r"/cases/[0-9a-f-]{36}/$"))
    refer(page, leo, "Child Guidance Program")
    page.wait_for_url(re.compile(r"/referrals/[0-9a-f-]{36}/$"))
    assert Referral.objects.get().status == Referral.Status.SENT

    page.goto(leo.get_absolute_url())
    page.get_by_role("link", name="Revoke…").click()
    page.get_by_label("Reported by").fill("Rosa T., by phone")
    shoot(page, "consent-04-revoke")
    page.get_by_role("button", name="Revoke consent").click()
    page.wait_for_url(f"**/children/{leo.uuid}/")
    assert "Consent revoked on" in page.locator(".consent-list").inner_text()

    refer(page, leo, "Behavioural and speech therapy")
    assert "consent was revoked on" in page.locator(".error-summary").inner_text()
    assert Referral.objects.count() == 1  # the next referral was refused
    shoot(page, "consent-05-referral-refused")


def test_the_printable_consent_form(page, shoot, leo):
    page.goto("/")
    login(page, "ana")
    page.goto(leo.get_absolute_url())
    page.get_by_role("link", name="Print a consent form").click()
    page.wait_for_url(f"**/children/{leo.uuid}/consent-form/")
    audit(page)
    page.emulate_media(media="print")
    shoot(page, "consent-06-printable-form")
    assert not page.locator(".crisis-footer").is_visible()  # the page prints the form alone


def test_the_sites_a_site_and_the_referrals_on_a_tablet_and_a_phone(page, shoot, leo):
    """The consultant pages no journey above reaches: axe, labels and widths at 390, 768 and
    1280 px, as every page audited."""
    page.goto("/")
    login(page, "ana")
    site = leo.classroom.site
    for path, name in (
        ("/sites/", "sites"),
        (site.get_absolute_url(), "site"),
        (f"{site.get_absolute_url()}?children=archived", "site-archived"),
        ("/referrals/", "referrals"),
    ):
        page.goto(path)
        audit(page)
        shoot(page, f"consultant-pages-{name}")
