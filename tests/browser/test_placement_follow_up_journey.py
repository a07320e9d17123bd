"""A placement follow-up, as a consultant answers it: ana's closed case for Ava L. reaches its
30-day follow-up; the caseload asks "Is A.L. still enrolled at Red Dirt Head Start?"; she
answers no with the reason, learns otherwise and corrects it to yes from the case page; the
case page shows the answer and the follow-up's history keeps both."""

import re
from datetime import timedelta

import pytest

from consultation.models import ConsultationCase, PlacementFollowUp
from consultation.services.outcomes import placement_follow_ups_schedule
from tests import factories
from tests.browser.checks import audit, login, shoot_widths

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

QUESTION = "Is A.L. still enrolled at Red Dirt Head Start?"


@pytest.fixture
def closed_case(demo_users, ava):
    """Ava's case, closed 30 days ago with her still enrolled: its 30-day follow-up is due
    today, its 90-day one in two months."""
    closed_on = factories.today() - timedelta(days=30)
    case = factories.CaseFactory(
        child=ava,
        consultant=demo_users["ana"],
        opened_on=closed_on - timedelta(days=120),
        status=ConsultationCase.Status.CLOSED,
        closed_on=closed_on,
        closure_reason=ConsultationCase.ClosureReason.GOALS_MET,
        placement_at_closure=ConsultationCase.Placement.RETAINED,
    )
    placement_follow_ups_schedule(case)
    return case


def test_answer_no_with_a_reason_then_correct_it_to_yes(page, shoot, closed_case):
    page.goto("/")
    login(page, "ana")
    page.goto("/caseload/")
    due = page.locator("ul.follow-ups-due")
    assert QUESTION in due.inner_text()
    assert "30 days after closing" in due.inner_text()
    assert "90 days" not in due.inner_text()  # not yet due: not asked
    audit(page)
    shoot_widths(page, shoot, "placement-follow-up-01-caseload")

    due.get_by_role("link", name=re.compile(r"Answer\W+Is A\.L\.")).click()
    assert page.get_by_role("heading", name=QUESTION).is_visible()
    page.get_by_label("No, no longer enrolled").check()
    page.get_by_role("button", name="Save").click()
    # No without a reason is refused next to the field; the choice is kept.
    assert "Say why the child is no longer enrolled." in page.content()
    assert page.get_by_label("No, no longer enrolled").is_checked()
    page.get_by_label("Why not").fill("Family moved to Tulsa")
    audit(page)
    shoot_widths(page, shoot, "placement-follow-up-02-answer-no")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/caseload/")
    assert "Placement follow-up answered." in page.content()
    assert QUESTION not in page.content()  # answered: off the list

    page.goto(closed_case.get_absolute_url())
    follow_ups = page.locator("ul.case-follow-ups")
    assert "No, no longer enrolled: Family moved to Tulsa" in follow_ups.inner_text()
    # The director calls back: Ava is still there. Ana corrects the answer.
    follow_ups.get_by_role("link", name="Correct the 30-day follow-up").click()
    assert page.get_by_label("No, no longer enrolled").is_checked()  # the answer as it stands
    assert page.get_by_label("Why not").input_value() == "Family moved to Tulsa"
    page.get_by_label("Yes, still enrolled").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/caseload/")

    page.goto(closed_case.get_absolute_url())
    follow_ups = page.locator("ul.case-follow-ups")
    thirty = follow_ups.locator("li").filter(has_text="30 days")
    assert re.search(r"Yes, still enrolled \(answered", thirty.inner_text())
    assert "Family moved" not in thirty.inner_text()  # the reason went with the "no"
    assert "not yet due" in follow_ups.locator("li").filter(has_text="90 days").inner_text()
    audit(page)
    shoot_widths(page, shoot, "placement-follow-up-03-case-page")

    follow_up = PlacementFollowUp.objects.get(case=closed_case, days_after=30)
    answers = list(follow_up.history.order_by("history_date").values_list("answer", "why"))
    assert answers == [("no", "Family moved to Tulsa"), ("yes", "")]
    assert follow_up.answered_by.username == "ana"
