"""The visit day in a real browser: what a consultant types survives a sign-out and is resumed
from the caseload, Enter never saves, a child's checklist follows the visit date across a
birthday, and a round of errors is summarised with links to the fields."""

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session

from consultation.models import ConcernItem, Visit, VisitDraft
from tests import factories
from tests.browser.checks import audit, check_logging_controls, login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def open_form(page, case):
    page.goto("/")
    login(page, "ana")
    page.goto(f"/visits/new/?case={case.uuid}")
    page.wait_for_load_state()


def omar(page):
    return page.locator(".child-section", has_text="Omar D.")


def type_a_visit(page):
    page.get_by_label("Duration (minutes)").fill("50")
    page.get_by_label("Teacher coaching", exact=True).check()
    page.get_by_label("Omar D.", exact=True).check()
    omar(page).get_by_label("Has trouble making friends", exact=True).check()
    omar(page).get_by_label("How often: Has trouble making friends").select_option("often")
    page.get_by_label("Notes shared with the provider").fill("Circle time went well.")


def test_a_visit_typed_before_the_session_ended_comes_back_after_signing_in(page, anas_case):
    open_form(page, anas_case)
    type_a_visit(page)
    page.locator(".js-draft-status").filter(has_text="Draft kept").wait_for()
    assert VisitDraft.objects.filter(case=anas_case).exists()
    Session.objects.all().delete()  # the server signs ana out (idle time, say)
    page.get_by_label("Next steps", exact=True).fill("Try the first-then board.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    login(page, "ana")
    page.wait_for_url(re.compile(r"/visits/new/\?case="))
    assert page.get_by_label("Duration (minutes)").input_value() == "50"
    assert omar(page).get_by_label("Has trouble making friends", exact=True).is_checked()
    assert page.get_by_label("Next steps", exact=True).input_value() == "Try the first-then board."
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/visits/[0-9a-f-]{36}/$"))
    visit = Visit.objects.get(case=anas_case)
    assert visit.duration_minutes == 50 and visit.next_steps == "Try the first-then board."
    assert visit.concerns.get().concern_item.text == "Has trouble making friends"
    assert not VisitDraft.objects.exists()  # the draft goes once the visit is saved


def test_an_unfinished_visit_is_resumed_from_the_caseload(page, anas_case):
    open_form(page, anas_case)
    type_a_visit(page)
    page.locator(".js-draft-status").filter(has_text="Draft kept").wait_for()
    page.goto("/caseload/")
    drafts = page.get_by_role("region", name="1 unfinished visit")
    drafts.get_by_role("link", name="Resume this visit").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").filter(has_text="Restored your unfinished visit").is_visible()
    assert page.get_by_label("Duration (minutes)").input_value() == "50"
    assert page.get_by_label("Teacher coaching", exact=True).is_checked()
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/visits/[0-9a-f-]{36}/$"))
    assert Visit.objects.get(case=anas_case).shared_notes == "Circle time went well."


def test_enter_in_duration_does_not_save(page, anas_case):
    open_form(page, anas_case)
    duration = page.get_by_label("Duration (minutes)")
    duration.fill("45")
    duration.press("Enter")
    page.wait_for_timeout(500)
    assert "/visits/new/" in page.url
    assert not Visit.objects.exists()


def test_a_childs_checklist_follows_the_visit_date_across_a_birthday(page, anas_case):
    open_form(page, anas_case)
    ivy = page.locator(".child-section", has_text="Ivy B.")
    page.get_by_label("Ivy B.", exact=True).check()
    toddler_item = ConcernItem.objects.filter(age_band="toddler", is_active=True).first()
    infant_item = ConcernItem.objects.filter(age_band="infant", is_active=True).first()
    assert ivy.get_by_label(toddler_item.text, exact=True).is_visible()
    a_week_ago = (factories.today() - timedelta(days=7)).isoformat()
    page.locator("#id_visit-visit_date").fill(a_week_ago)
    page.locator("#id_visit-visit_date").dispatch_event("change")
    assert ivy.get_by_label(infant_item.text, exact=True).is_visible()
    assert ivy.get_by_label(toddler_item.text, exact=True).count() == 0
    assert "Infant" in ivy.locator(".js-band").inner_text()


def test_a_round_of_errors_is_summarised_and_each_link_takes_you_to_the_field(
    page, shoot, anas_case
):
    open_form(page, anas_case)
    page.get_by_label("Duration (minutes)").fill("0")
    page.get_by_label("Omar D.", exact=True).check()
    omar(page).get_by_label("Has trouble making friends", exact=True).check()  # no frequency
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    links = summary.get_by_role("link")
    assert links.count() == 2  # the duration and the frequency, in one round
    links.filter(has_text="Duration").click()
    assert page.evaluate("document.activeElement.id") == "id_visit-duration_minutes"
    links.filter(has_text="How often").click()
    assert page.evaluate("document.activeElement.name").endswith("-frequency")
    shoot(page, "visit-day-01-error-summary")
    assert not Visit.objects.exists()


def test_the_visit_form_on_a_tablet_and_a_phone(page, shoot, anas_case):
    open_form(page, anas_case)
    page.get_by_label("Omar D.", exact=True).check()
    audit(page)
    check_logging_controls(page)
    for width in (390, 768, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        shoot(page, f"visit-day-02-form-{width}")


def test_a_child_without_consent_gets_no_checklist_but_a_way_to_record_it(page, anas_case):
    factories.ChildFactory(
        first_name="Noa", last_initial="P", classroom=anas_case.classroom, consent=False
    )
    open_form(page, anas_case)
    page.get_by_label("Noa P.", exact=True).check()
    noa = page.locator(".child-section", has_text="Noa P.")
    note = noa.locator(".child-checklist")
    assert "No consultation consent is in force on this date" in note.inner_text()
    assert noa.locator("select").count() == 0  # nothing to tick
    assert note.get_by_role("link", name="Record consent").get_attribute("target") == "_blank"
