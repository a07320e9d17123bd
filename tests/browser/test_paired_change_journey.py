"""Outcomes end to end: consultant ana records a baseline PERM when she opens Ava's case, an
exclusion event, and a follow-up PERM when she closes it; program lead lee then finds the pair
in the paired-change figure of the reports page (one pair: 14 at baseline, 6 at follow-up, an
improvement, since a lower PERM score is better). The reports page shows leads the full
figures; only the public exports suppress small cells, so n = 1 is on the page. Every page is
audited (tests/browser/checks.py) and photographed at 390, 768 and 1280 px."""

import re

import pytest

from consultation.models import Administration, ConsultationCase, ExclusionEvent
from tests.browser.checks import audit, login, shoot_widths

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def record_perm(page, case, point: str, score: str) -> None:
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name=re.compile(f"Record PERM .* {point}")).click()
    page.get_by_label("Total risk score").fill(score)
    page.get_by_role("button", name="Save the scores").click()
    page.wait_for_url(f"**{case.get_absolute_url()}")


def open_record_and_close(page, shoot, ava) -> ConsultationCase:
    page.goto(f"/cases/new/?child={ava.uuid}")
    page.get_by_label("Reason for request").fill("Hits peers at clean-up; director worried")
    page.get_by_role("button", name=re.compile("Open the case")).click()
    page.wait_for_url(re.compile(r"/cases/[0-9a-f-]{36}/$"))
    case = ConsultationCase.objects.get(child=ava)
    record_perm(page, case, "baseline", "14")

    page.get_by_role("link", name="Record an exclusion").click()
    page.get_by_label("Sent home early").check()
    page.get_by_label("Who decided").select_option(label="Director")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**{case.get_absolute_url()}")
    shoot_widths(page, shoot, "outcomes-01-baseline-and-exclusion")

    page.goto(f"{case.get_absolute_url()}close/")
    page.get_by_label("Reason for closing").select_option(label="Goals met")
    page.get_by_label("Placement at closure").select_option(label="Retained (still enrolled)")
    page.get_by_role("button", name="Close").click()
    page.wait_for_url(f"**{case.get_absolute_url()}")
    record_perm(page, case, "follow-up", "6")
    return case


def test_lead_sees_the_pair_a_consultant_recorded(page, shoot, ava, settings):
    settings.CLOSURE_SIGN_OFF = False  # ana closes at once (sign-off: test_admin_tablet)
    page.goto("/")
    login(page, "ana")
    case = open_record_and_close(page, shoot, ava)
    assert Administration.objects.filter(case=case, is_void=False).count() == 2
    assert ExclusionEvent.objects.filter(case=case).count() == 1

    page.context.clear_cookies()
    page.goto("/")
    login(page, "lee")
    page.goto("/reports/")
    section = page.locator("section", has=page.locator("#paired-change-heading"))
    row = section.locator("tbody tr", has_text="PERM: Total risk score")
    cells = [text.strip() for text in row.locator("td").all_inner_texts()]
    # Pairs, mean baseline, mean follow-up, mean change, direction, improved, share improved;
    # no cut-off for the PERM; no missing follow-up.
    assert cells == [
        "1",
        "14.0",
        "6.0",
        "-8.0",
        "Improved (lower is better)",
        "1",
        "100.0%",
        "—",
        "—",
        "—",
        "0",
    ]
    audit(page)
    section.scroll_into_view_if_needed()
    shoot_widths(page, shoot, "outcomes-02-lead-paired-change")

    page.get_by_role("link", name=re.compile("Cases with a baseline and no follow-up")).click()
    page.wait_for_url(re.compile(r"/reports/missing-follow-ups/"))
    # Ava's DECA-P2 baseline was due, never recorded: no baseline, so nothing is missing.
    assert "No missing follow-ups for these filters." in page.content()
    audit(page)
    shoot_widths(page, shoot, "outcomes-03-lead-missing-follow-ups")
