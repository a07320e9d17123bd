"""Measures, as a consultant meets them: opening a case puts its baselines on the case page and
the caseload; a PERM baseline is recorded from there; a DECA-P2 score out of range is refused
and fixed without retyping; an exclusion event is recorded; closing the case makes the
follow-ups due, and one is recorded."""

import re

import pytest

from consultation.models import Administration, ConsultationCase, MeasureDue
from tests.browser.checks import audit, login, shoot_widths

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def record_deca_p2_fixing_a_score(page, shoot, case) -> None:
    page.get_by_role("link", name=re.compile("Record DECA-P2 .* baseline")).click()
    for label, value in (
        ("Total Protective Factors", "95"),
        ("Initiative", "41"),
        ("Self-Regulation", "37"),
        ("Attachment/Relationships", "44"),
        ("Behavioral Concerns", "66"),
    ):
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Save the scores").click()
    summary = page.locator(".error-summary")
    assert "Total Protective Factors runs 20 to 80: 95 is outside it." in summary.inner_text()
    assert page.get_by_label("Initiative", exact=True).input_value() == "41"  # kept
    audit(page)
    shoot_widths(page, shoot, "measures-03-score-out-of-range")
    page.get_by_label("Total Protective Factors", exact=True).fill("38")
    page.get_by_role("button", name="Save the scores").click()
    page.wait_for_url(f"**{case.get_absolute_url()}")


def record_an_exclusion(page, shoot, case) -> None:
    page.get_by_role("link", name="Record an exclusion").click()
    page.get_by_label("Sent home early").check()
    page.get_by_label("Who decided").select_option(label="Director")
    audit(page)
    shoot_widths(page, shoot, "measures-04-record-exclusion")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**{case.get_absolute_url()}")
    assert "Sent home early" in page.locator("ul.exclusions").inner_text()


def test_baseline_a_refused_score_fixed_an_exclusion_and_a_follow_up_at_closing(
    page, shoot, ava, settings
):
    settings.CLOSURE_SIGN_OFF = False  # ana closes at once (sign-off: test_closure_sign_off)
    page.goto("/")
    login(page, "ana")
    page.goto(f"/cases/new/?child={ava.uuid}")
    page.get_by_label("Reason for request").fill("Hits peers at clean-up; director worried")
    page.get_by_role("button", name=re.compile("Open the case")).click()
    page.wait_for_url(re.compile(r"/cases/[0-9a-f-]{36}/$"))
    case = ConsultationCase.objects.get(child=ava)
    assert MeasureDue.objects.filter(case=case, point="baseline").count() == 2

    page.goto("/caseload/")
    assert "Measures due: 2 due" in page.locator("#measures-due-title").inner_text()
    audit(page)
    shoot_widths(page, shoot, "measures-01-caseload")

    page.goto(case.get_absolute_url())
    page.get_by_role("link", name=re.compile("Record PERM .* baseline")).click()
    page.get_by_label("Total risk score").fill("14")
    audit(page)
    shoot_widths(page, shoot, "measures-02-record-perm")
    page.get_by_role("button", name="Save the scores").click()
    page.wait_for_url(f"**{case.get_absolute_url()}")

    record_deca_p2_fixing_a_score(page, shoot, case)
    assert Administration.objects.filter(case=case, point="baseline").count() == 2

    record_an_exclusion(page, shoot, case)

    page.goto(f"{case.get_absolute_url()}close/")
    page.get_by_label("Reason for closing").select_option(label="Goals met")
    page.get_by_label("Placement at closure").select_option(label="Retained (still enrolled)")
    page.get_by_role("button", name="Close").click()
    page.wait_for_url(f"**{case.get_absolute_url()}")
    page.get_by_role("link", name=re.compile("Record PERM .* follow-up")).click()
    page.get_by_label("Total risk score").fill("6")
    page.get_by_role("button", name="Save the scores").click()
    page.wait_for_url(f"**{case.get_absolute_url()}")
    measures = page.locator("#measures-title").locator("xpath=ancestor::section")
    assert "Total risk score 6" in measures.inner_text()
    audit(page)
    shoot_widths(page, shoot, "measures-05-case-page")
