"""Consultant ana's day in a real browser: caseload, a case, a visit log that fails on a zero
duration and is fixed without retyping, the timeline, a referral with consent, and the printed
provider summary. Every page is audited (tests/browser/checks.py) and photographed."""

import re
from datetime import timedelta

import pytest

from consultation.models import ConsultationCase, Visit
from referrals.models import Referral
from tests import factories
from tests.browser.checks import audit, login

# live_server needs a transactional database; serialized_rollback brings the reference data
# of the data migrations (counties, checklists, agencies) back for each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def anas_classroom_case(demo_users):
    """A classroom-focused case of ana's at a centre with two preschoolers and one open goal,
    plus a child-focused case elsewhere with no visit for six weeks (flagged on her caseload)."""
    ana = demo_users["ana"]
    today = factories.today()
    site = factories.SiteFactory(name="Red Earth Early Learning", consultants=[ana])
    room = factories.ClassroomFactory(site=site, name="Sunflower room")
    factories.ChildFactory(first_name="Mia", last_initial="R", classroom=room)
    factories.ChildFactory(
        first_name="Leo",
        last_initial="T",
        classroom=room,
        date_of_birth=today - timedelta(days=3 * 365 + 200),
    )
    case = factories.CaseFactory(
        consultant=ana,
        focus=ConsultationCase.Focus.CLASSROOM,
        child=None,
        classroom=room,
        reason="Teachers ask for help with transitions after lunch",
        opened_on=today - timedelta(days=20),
    )
    factories.GoalFactory(case=case, description="Use a visual schedule before nap time")
    other = factories.CaseFactory(consultant=ana, opened_on=today - timedelta(days=60))
    factories.VisitFactory(case=other, visit_date=today - timedelta(days=42))
    return case


def _open_the_case(page, shoot, case):
    page.goto("/")
    audit(page)
    shoot(page, "consultant-01-login")
    login(page, "ana")
    page.get_by_role("link", name="My caseload").first.click()
    page.wait_for_url("**/caseload/")
    audit(page)
    shoot(page, "consultant-02-caseload")
    assert page.get_by_text("No visit in 30 days").count() == 1
    page.get_by_role("link", name="Classroom-focused: Sunflower room").click()
    page.wait_for_url(f"**/cases/{case.uuid}/")
    audit(page)
    shoot(page, "consultant-03-case")


def _type_a_visit_with_a_zero_duration(page, shoot):
    """Two children's concerns, goal progress, notes: everything but a valid duration."""
    page.get_by_role("link", name="Log a visit", exact=True).click()
    page.wait_for_url("**/visits/new/?case=*")
    audit(page)
    page.get_by_label("Duration (minutes)").fill("0")
    page.get_by_label("Teacher coaching", exact=True).check()
    page.get_by_label("Mia R.", exact=True).check()
    page.get_by_label("Leo T.", exact=True).check()
    mia = page.locator(".child-section", has_text="Mia R.")
    leo = page.locator(".child-section", has_text="Leo T.")
    mia.get_by_label("Has trouble making friends", exact=True).check()
    mia.get_by_label("How often: Has trouble making friends").select_option("often")
    mia.get_by_label("Note: Has trouble making friends").fill("Plays alone at centres")
    leo.get_by_label("Unable to calm (self-soothe)", exact=True).check()
    leo.get_by_label("How often: Unable to calm (self-soothe)").select_option("sometimes")
    page.get_by_label("Progress", exact=True).select_option("3")
    page.get_by_label("Progress note", exact=True).fill("Schedule posted at child height")
    page.get_by_label("Notes shared with the provider").fill("Lunch-to-nap transition observed.")
    page.get_by_label("Next steps", exact=True).fill("Model a first-then board with Ms. Teacher.")
    shoot(page, "consultant-04-log-a-visit")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()


def _everything_typed_is_still_there(page):
    mia = page.locator(".child-section", has_text="Mia R.")
    leo = page.locator(".child-section", has_text="Leo T.")
    assert page.get_by_label("Teacher coaching", exact=True).is_checked()
    assert (
        page.get_by_label("Mia R.", exact=True).is_checked()
        and page.get_by_label("Leo T.", exact=True).is_checked()
    )
    assert mia.get_by_label("Has trouble making friends", exact=True).is_checked()
    assert mia.get_by_label("How often: Has trouble making friends").input_value() == "often"
    assert mia.get_by_label("Note: Has trouble making friends").input_value() == (
        "Plays alone at centres"
    )
    assert leo.get_by_label("Unable to calm (self-soothe)", exact=True).is_checked()
    assert page.get_by_label("Progress", exact=True).input_value() == "3"
    assert (
        page.get_by_label("Progress note", exact=True).input_value()
        == "Schedule posted at child height"
    )
    assert page.get_by_label("Notes shared with the provider").input_value() == (
        "Lunch-to-nap transition observed."
    )


def _fix_the_duration_and_save(page, shoot, case) -> Visit:
    page.get_by_label("Duration (minutes)").fill("75")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/visits/[0-9a-f-]{36}/$"))
    visit = Visit.objects.get(case=case)
    assert visit.duration_minutes == 75
    assert visit.concerns.count() == 2
    assert visit.goal_progress.get().rating == 3
    audit(page)
    shoot(page, "consultant-06-visit-saved")
    page.get_by_role("link", name="Classroom-focused: Sunflower room").click()
    page.wait_for_url(f"**/cases/{case.uuid}/")
    timeline = page.locator("ol").filter(has_text="Case opened")
    assert timeline.get_by_role("link", name="Visit (on site, 75 min)").is_visible()
    assert timeline.get_by_text("Concern for M.R.: Has trouble making friends").is_visible()
    audit(page)
    shoot(page, "consultant-07-timeline")
    return visit


def _refer_mia(page, shoot, case):
    page.get_by_role("link", name="Make a referral").click()
    page.wait_for_url("**/referrals/new/?case=*")
    audit(page)
    page.get_by_label("Child").select_option(label="Mia R.")
    page.get_by_label("Service type").select_option(label="Child Guidance Program")
    # The agency list narrows to those that provide the service (static/js/referral_form.js).
    agency = factories.agency_for(factories.service_type("Child Guidance Program"))
    page.get_by_label("Agency").select_option(label=agency.name)
    page.get_by_label("Reason").fill("Family asked for help with friendships at home too")
    shoot(page, "consultant-08-referral")
    page.get_by_role("button", name="Save the referral").click()
    page.wait_for_url(re.compile(r"/referrals/[0-9a-f-]{36}/$"))
    referral = Referral.objects.get(case=case)
    assert referral.status == Referral.Status.SENT
    assert referral.consent == referral.child.consents.get()  # Mia's consent to share
    audit(page)
    shoot(page, "consultant-09-referral-sent")


def test_consultant_logs_a_visit_refers_and_prints_the_summary(page, shoot, anas_classroom_case):
    case = anas_classroom_case
    _open_the_case(page, shoot, case)
    _type_a_visit_with_a_zero_duration(page, shoot)
    assert page.get_by_role("alert").filter(has_text="The visit was not saved").is_visible()
    assert "is-invalid" in page.get_by_label("Duration (minutes)").get_attribute("class")
    _everything_typed_is_still_there(page)
    audit(page)
    shoot(page, "consultant-05-visit-error")
    visit = _fix_the_duration_and_save(page, shoot, case)
    _refer_mia(page, shoot, case)
    page.goto(visit.get_absolute_url())
    page.get_by_role("link", name="Provider summary (print)").click()
    page.wait_for_url(f"**/visits/{visit.uuid}/summary/")
    audit(page)
    shoot(page, "consultant-10-provider-summary")
    check_print_layout(page)
    shoot(page, "consultant-11-provider-summary-print")


def check_print_layout(page):
    """Printed on A4 (about 680 CSS px inside 15 mm margins): no navigation bar, no footer,
    no buttons, nothing wider than the paper, and the PDF renders."""
    page.set_viewport_size({"width": 680, "height": 960})
    page.emulate_media(media="print")
    assert not page.locator("nav.navbar").is_visible()
    assert not page.locator("footer").is_visible()
    assert not page.get_by_role("button", name="Print").is_visible()
    assert page.get_by_role("heading", name="Consultation visit summary").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    pdf = page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF")
    # One sheet for one visit's summary: fits the page.
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
