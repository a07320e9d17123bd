"""A crisis reaches the supervisor, in a real browser: consultant ana records "destructive to self
or others" on a visit; supervisor sue signs in, sees the count in the navigation, opens her
notifications (no child named), and marks it read. Every page is audited and photographed at
390, 768 and 1280 px."""

import re
from datetime import timedelta

import pytest
from django.core import mail

from accounts.models import Notification
from tests import factories
from tests.browser.checks import audit, login, shoot_widths

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def anas_case(demo_users):
    ana = demo_users["ana"]
    today = factories.today()
    site = factories.SiteFactory(name="Cimarron Kids Academy", consultants=[ana])
    room = factories.ClassroomFactory(site=site, name="Owl room")
    child = factories.ChildFactory(first_name="Ruby", last_initial="S", classroom=room)
    return factories.CaseFactory(consultant=ana, child=child, opened_on=today - timedelta(days=10))


def _ana_records_a_crisis_concern(page, shoot, case) -> None:
    page.goto("/")
    login(page, "ana")
    page.goto(f"/visits/new/?case={case.uuid}")
    page.get_by_label("Duration (minutes)").fill("45")
    page.get_by_label("Teacher coaching", exact=True).check()
    page.get_by_label("Ruby S.", exact=True).check()
    ruby = page.locator(".child-section", has_text="Ruby S.")
    ruby.get_by_label("Destructive to self or others crisis lines", exact=True).check()
    ruby.get_by_label("How often: Destructive to self or others").select_option("often")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/visits/[0-9a-f-]{36}/$"))
    assert page.get_by_text("988").first.is_visible()  # the crisis prompt, as before
    shoot(page, "notifications-01-crisis-recorded")
    page.context.clear_cookies()


def test_supervisor_sees_the_crisis_concern_ana_records(page, shoot, anas_case, demo_users):
    _ana_records_a_crisis_concern(page, shoot, anas_case)
    notification = Notification.objects.get()
    assert notification.recipient == demo_users["sue"]
    assert [m.to for m in mail.outbox] == [[demo_users["sue"].email]]
    assert "Ruby" not in mail.outbox[0].body and "R.S." not in mail.outbox[0].body

    page.goto("/")
    login(page, "sue")
    link = page.locator("#nav-notifications")
    assert re.search(r"Notifications\s*1\s*unread", link.inner_text())
    link.click()
    page.wait_for_url("**/accounts/notifications/")
    item = page.locator("#notifications li").first
    assert "Cimarron Kids Academy" in item.inner_text()
    assert "unread" in item.inner_text()
    assert "Ruby" not in page.content()
    audit(page)
    shoot_widths(page, shoot, "notifications-02-sue")

    item.get_by_role("link", name=re.compile("Cimarron Kids Academy")).click()
    page.wait_for_url(re.compile(r"/visits/[0-9a-f-]{36}/$"))
    assert page.get_by_text("Destructive to self or others").first.is_visible()
    page.go_back()
    page.wait_for_url("**/accounts/notifications/")
    page.get_by_role("button", name=re.compile("^Mark read")).click()
    page.wait_for_url("**/accounts/notifications/")
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "unread" not in page.locator("#nav-notifications").inner_text()
    audit(page)
    shoot_widths(page, shoot, "notifications-03-read")

    page.get_by_role("link", name="Email choices").click()
    page.wait_for_url("**/accounts/notifications/email/")
    assert page.get_by_label("Email: Crisis concern recorded").is_checked()
    audit(page)
    shoot_widths(page, shoot, "notifications-04-email-choices")
