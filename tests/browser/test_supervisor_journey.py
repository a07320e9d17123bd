"""Supervisor sue's review in the Django admin, in a real browser: the cases with no visit in 30
days, one reassigned to ben through the action's confirmation page, and the case's history
showing the change. Every page is audited (tests/browser/checks.py) and photographed."""

from datetime import timedelta

import pytest

from consultation.models import ConsultationCase
from tests import factories
from tests.browser.checks import ADMIN_PAGES, audit, login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def sues_team_cases(demo_users):
    """ana holds two cases: one last visited 40 days ago (flagged) and one visited last week."""
    ana = demo_users["ana"]
    today = factories.today()
    site = factories.SiteFactory(name="Prairie Sky Child Care", consultants=[ana])
    room = factories.ClassroomFactory(site=site, name="Bluebird room")
    stale = factories.CaseFactory(
        consultant=ana,
        child=factories.ChildFactory(first_name="Ava", last_initial="K", classroom=room),
        opened_on=today - timedelta(days=70),
    )
    factories.VisitFactory(case=stale, visit_date=today - timedelta(days=40))
    recent = factories.CaseFactory(
        consultant=ana,
        child=factories.ChildFactory(first_name="Noah", last_initial="P", classroom=room),
        opened_on=today - timedelta(days=30),
    )
    factories.VisitFactory(case=recent, visit_date=today - timedelta(days=5))
    return stale, recent


def test_supervisor_reassigns_a_case_without_recent_visits(page, shoot, sues_team_cases):
    stale, recent = sues_team_cases

    page.goto("/")
    shoot(page, "supervisor-01-login")
    login(page, "sue")
    page.get_by_role("link", name="Admin", exact=True).first.click()
    page.wait_for_url("**/admin/")
    audit(page, ADMIN_PAGES)
    shoot(page, "supervisor-02-admin-home")

    page.get_by_role("link", name="Consultation cases").first.click()
    page.wait_for_url("**/admin/consultation/consultationcase/")
    audit(page, ADMIN_PAGES)
    page.get_by_role("link", name="No visit in 30 days").click()
    page.wait_for_url("**/consultationcase/?contact=none")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    assert "A.K." in rows.first.inner_text()
    audit(page, ADMIN_PAGES)
    shoot(page, "supervisor-03-no-visit-in-30-days")

    rows.first.locator("input.action-select").check()
    page.get_by_label("Action:").select_option("reassign_cases")
    page.get_by_role("button", name="Go").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Reassign cases").is_visible()
    audit(page, ADMIN_PAGES)
    page.get_by_label("Reassign to").select_option(label="Ben Carter")
    page.get_by_label("Reason").fill("Ana is on leave this month")
    shoot(page, "supervisor-04-reassign")
    page.get_by_role("button", name="Reassign cases").click()
    page.wait_for_load_state()
    assert page.get_by_text("Reassigned 1 case(s) to Ben Carter.").is_visible()
    stale.refresh_from_db()
    recent.refresh_from_db()
    assert stale.consultant.username == "ben"
    assert recent.consultant.username == "ana"
    audit(page, ADMIN_PAGES)
    shoot(page, "supervisor-05-reassigned")

    page.goto(f"/admin/consultation/consultationcase/{stale.pk}/change/")
    audit(page, ADMIN_PAGES)
    shoot(page, "supervisor-06-case")
    page.get_by_role("link", name="History").click()
    page.wait_for_url(f"**/consultationcase/{stale.pk}/history/")
    history = page.locator("#content")
    assert "Ben Carter" in history.inner_text()
    assert "sue" in history.inner_text().lower()
    audit(page, ADMIN_PAGES)
    shoot(page, "supervisor-07-history")
    assert ConsultationCase.history.filter(id=stale.pk).count() >= 2
