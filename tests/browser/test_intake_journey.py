"""A request for consultation in a real browser: supervisor sue records it, contacts the
caller and assigns it to ana; ana opens the case from it and logs the first visit with the
visit form; the case then shows received -> contacted -> first visit with the business days
between, and program lead lee sees those days in the timeliness table for that quarter. Pages
audited and photographed at 390, 768 and 1280 px."""

import re
from datetime import timedelta

import pytest

from core.business_days import add_business_days, is_business_day
from reports import periods
from tests import factories
from tests.browser.checks import audit, login, shoot_widths

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def quarter(demo_users):
    """A weekday in last quarter, clear of holidays, and the steps' days after it: contacted
    1 business day later, the case opened the next, the first visit 4 business days after the
    request."""
    start, end = periods.last_quarter(factories.today())
    received = start + timedelta(days=14)
    while not (is_business_day(received) and is_business_day(add_business_days(received, 1))):
        received += timedelta(days=1)
    site = factories.SiteFactory(name="Redbud Learning Center", consultants=[demo_users["ana"]])
    child = factories.ChildFactory(
        first_name="Noor", classroom=factories.ClassroomFactory(site=site)
    )
    return {
        "start": start,
        "end": end,
        "received": received,
        "contacted": add_business_days(received, 1),
        "opened": add_business_days(received, 2),
        "visited": add_business_days(received, 4),
        "site": site,
        "child": child,
    }


def fill_date(page, label: str, day) -> None:
    page.get_by_label(re.compile(rf"^\s*{label}")).fill(day.isoformat())


def test_request_to_case_to_first_visit_and_the_days_in_the_report(page, shoot, quarter):
    supervisor_records_contacts_and_assigns(page, shoot, quarter)
    consultant_opens_the_case_and_sees_the_days(page, shoot, quarter)
    lead_sees_the_days_in_the_quarters_timeliness(page, shoot, quarter)


def supervisor_records_contacts_and_assigns(page, shoot, quarter) -> None:
    page.goto("/")
    login(page, "sue")
    page.get_by_role("link", name="Intake").first.click()
    page.get_by_role("link", name="Record a request").click()
    fill_date(page, "Date received", quarter["received"])
    page.get_by_label(re.compile(r"^\s*Who asked")).select_option("director")
    page.get_by_label(re.compile(r"^\s*Site")).select_option(str(quarter["site"].uuid))
    page.get_by_label(re.compile(r"^\s*Child")).select_option(str(quarter["child"].uuid))
    page.get_by_label(re.compile(r"^\s*Reason")).select_option("behaviour")
    page.get_by_label("A child is at risk of suspension or expulsion").check()
    audit(page)
    page.get_by_role("button", name="Record the request").click()
    assert page.locator(".intake-status").inner_text().startswith("Received")
    audit(page)
    shoot_widths(page, shoot, "intake-01-received")

    page.get_by_role("link", name="Record contact").click()
    fill_date(page, "Contacted on", quarter["contacted"])
    page.get_by_role("button", name="Record contact").click()
    page.get_by_role("link", name="Assign to a consultant").click()
    page.get_by_label(re.compile(r"^\s*Consultant")).select_option(label="Ana Morales")
    fill_date(page, "Assigned on", quarter["contacted"])
    page.get_by_role("button", name="Assign to a consultant").click()
    assert page.locator(".intake-status").inner_text().startswith("Assigned")
    shoot_widths(page, shoot, "intake-02-assigned")


def consultant_opens_the_case_and_sees_the_days(page, shoot, quarter) -> None:
    page.context.clear_cookies()
    page.goto("/")
    login(page, "ana")
    page.get_by_role("link", name="Intake").first.click()
    audit(page)
    shoot_widths(page, shoot, "intake-03-queue")
    page.locator(".intake-queue a").first.click()
    page.get_by_role("link", name="Open the case").click()
    fill_date(page, "Case opened on", quarter["opened"])
    page.get_by_role("button", name="Open the case").click()
    page.wait_for_url("**/cases/**")
    case = quarter["child"].cases.get()
    log_the_first_visit(page, shoot, quarter)
    page.wait_for_url(f"**/cases/{case.uuid}/")
    assert page.locator(".intake-days-to-contact").inner_text() == "(1 business day)"
    total = page.locator(".intake-days-total").inner_text()
    assert total == "4 business days from request to first visit."
    audit(page)
    shoot_widths(page, shoot, "intake-05-case")


def log_the_first_visit(page, shoot, quarter) -> None:
    """The first visit through the visit form, from the case page, as ana logs one; then back
    to the case by its link on the saved visit."""
    page.get_by_role("link", name="Log a visit", exact=True).click()
    page.wait_for_url("**/visits/new/?case=*")
    fill_date(page, "Visit date", quarter["visited"])
    page.get_by_label(re.compile(r"^\s*Start time")).fill("09:30")
    page.get_by_label("Duration (minutes)").fill("60")
    page.get_by_label("On site", exact=True).check()
    noor = page.get_by_label(re.compile(r"^Noor "))
    if noor.count():
        noor.first.check()
    audit(page)
    shoot_widths(page, shoot, "intake-04-first-visit")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/visits/[0-9a-f-]{36}/$"))
    visit = quarter["child"].cases.get().visits.get()
    assert visit.visit_date == quarter["visited"]
    page.get_by_role("link", name=re.compile(r"^Child-focused")).first.click()


def lead_sees_the_days_in_the_quarters_timeliness(page, shoot, quarter) -> None:
    page.context.clear_cookies()
    page.goto("/")
    login(page, "lee")
    start, end = quarter["start"], quarter["end"]
    page.goto(f"/reports/?period=custom&date_from={start}&date_to={end}")
    section = page.locator('section[aria-labelledby="timeliness-heading"]')
    headers = [h.strip() for h in section.locator("thead th").all_inner_texts()]
    total_row = [section.locator("tfoot th").first.inner_text()]
    total_row += section.locator("tfoot td").all_inner_texts()
    contact = next(i for i, h in enumerate(headers) if h.startswith("Median days to first contact"))
    visit = next(i for i, h in enumerate(headers) if h.startswith("Median days to first visit"))
    assert (total_row[contact], total_row[visit]) == ("1", "4")
    section.scroll_into_view_if_needed()
    shoot_widths(page, shoot, "intake-06-timeliness")
