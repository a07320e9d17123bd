"""The supervisor's admin on a tablet: the cases changelist keeps a compact set of columns
(case, consultant, status, last visit, flags) with no sideways scrolling at 768 and 390 px, its
filters fold into a panel; and sue approves ana's closure request on a 768 px tablet. Each
width is photographed and audited with axe (tests/browser/checks.py)."""

from datetime import timedelta

import pytest

from consultation import services
from consultation.models import ConsultationCase
from tests import factories
from tests.browser.checks import ADMIN_PAGES, audit, login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CASES = "/admin/consultation/consultationcase/"
TABLET = {"width": 768, "height": 1024}
COMPACT = ["Case", "Consultant", "Status", "Last visit", "Flags"]


@pytest.fixture
def anas_request(demo_users, settings):
    """ana asked to close a case five days ago; a second case of hers stays open."""
    settings.CLOSURE_SIGN_OFF = True
    ana = demo_users["ana"]
    today = factories.today()
    site = factories.SiteFactory(name="Prairie Sky Child Care", consultants=[ana])
    room = factories.ClassroomFactory(site=site, name="Bluebird room")
    case = factories.CaseFactory(
        consultant=ana,
        child=factories.ChildFactory(first_name="Ava", last_initial="K", classroom=room),
        opened_on=today - timedelta(days=70),
    )
    factories.VisitFactory(case=case, visit_date=today - timedelta(days=10))
    factories.CaseFactory(
        consultant=ana,
        child=factories.ChildFactory(first_name="Noah", last_initial="P", classroom=room),
        at_risk_of_expulsion=True,
    )
    services.case_close_request(
        case=case,
        by=ana,
        closure_reason=ConsultationCase.ClosureReason.GOALS_MET,
        closed_on=today - timedelta(days=5),
        placement_at_closure=ConsultationCase.Placement.RETAINED,
    )
    return case


def visible_headers(page) -> list[str]:
    headers = page.locator("#result_list thead th:visible .text")
    return [text.strip().capitalize() for text in headers.all_text_contents() if text.strip()]


# What sticks out past the width, named in a failure.
WIDEST_JS = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 8).map(e => `${e.tagName}#${e.id}.${e.className}`)"""


def scrolls_sideways(page) -> dict[str, bool]:
    return page.evaluate(
        """() => {
            const results = document.querySelector('#changelist-form .results');
            return {
                page: document.documentElement.scrollWidth > window.innerWidth,
                table: !!results && results.scrollWidth > results.clientWidth + 1,
            };
        }"""
    )


def test_cases_changelist_at_390_768_and_1280(page, shoot, anas_request):
    page.goto("/")
    login(page, "sue")
    page.goto(CASES)
    panel = page.locator("#changelist-filter-panel")
    for width, height in ((1280, 900), (768, 1024), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.reload()
        shoot(page, f"admin-tablet-cases-{width}")
        if width == 1280:
            assert panel.evaluate("p => p.open")
            assert "Site" in visible_headers(page)
            continue
        if width == 768:
            assert visible_headers(page) == COMPACT
        else:  # a phone: each case is a block of the same cells, without the header row
            cells = page.locator("#result_list tbody tr").first.locator("th:visible, td:visible")
            assert cells.count() == len(COMPACT) + 1  # and the checkbox
        assert scrolls_sideways(page) == {"page": False, "table": False}, page.evaluate(WIDEST_JS)
        assert not panel.evaluate("p => p.open"), "filters fold away on a narrow screen"
        row = page.locator("#result_list tbody tr", has_text="A.K.")
        assert "closure requested" in row.inner_text()
    page.get_by_text("Filters", exact=True).click()
    assert page.get_by_role("link", name="Closure requested").is_visible()
    shoot(page, "admin-tablet-cases-390-filters-open")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    audit(page, ADMIN_PAGES)  # axe, reach and no sideways scrolling at 1280, 768 and 390 px


def test_sue_approves_anas_closure_request_on_a_tablet(page, shoot, anas_request):
    case = anas_request
    page.set_viewport_size(TABLET)
    page.goto("/")
    login(page, "sue")
    page.goto(CASES)
    page.get_by_text("Filters", exact=True).click()
    page.get_by_role("link", name="Closure requested").click()
    page.wait_for_url("**/consultationcase/?closure=requested")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    assert "closure requested" in rows.first.inner_text()
    audit(page, ADMIN_PAGES)
    page.set_viewport_size(TABLET)  # the audit ends at the desktop width; sue is on her tablet
    shoot(page, "closure-signoff-01-requested-768")

    rows.first.locator("input.action-select").check()
    page.get_by_label("Action:").select_option("approve_closures")
    page.get_by_role("button", name="Go").click()
    page.wait_for_load_state()
    assert page.get_by_text("Approved the closure of 1 case(s)").is_visible()
    assert scrolls_sideways(page)["page"] is False
    shoot(page, "closure-signoff-02-approved-768")

    case.refresh_from_db()
    assert case.status == ConsultationCase.Status.CLOSED
    assert case.closed_on == factories.today() - timedelta(days=5)
    page.goto(f"{CASES}{case.pk}/history/")
    history = page.locator("#content").inner_text()
    assert "closure approved" in history
    assert "closure requested" in history
    audit(page, ADMIN_PAGES)
    page.set_viewport_size(TABLET)
    shoot(page, "closure-signoff-03-history-768")
