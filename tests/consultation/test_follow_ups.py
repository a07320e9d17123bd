"""Placement follow-ups: closing a child-focused case asks about the child 30 and 90 days later;
they show on the caseload from their day (not before), on the case page, and are answered yes,
no with why, or unknown through a small form; outside the consultant's scope they do not exist."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import AccessRecord
from consultation import services
from consultation.models import ConsultationCase, PlacementFollowUp
from tests.factories import CaseFactory, ChildFactory, ClassroomFactory, SiteFactory, today
from tests.factories_outcomes import PlacementFollowUpFactory

pytestmark = pytest.mark.django_db


def closed_case(consultant, days_ago: int, **kwargs) -> ConsultationCase:
    """A child-focused case of Red Dirt Head Start's A.L., closed `days_ago` days ago."""
    site = SiteFactory(name="Red Dirt Head Start")
    child = ChildFactory(
        first_name="Amara", last_initial="L", classroom=ClassroomFactory(site=site)
    )
    case = CaseFactory(
        consultant=consultant, child=child, opened_on=today() - timedelta(days=days_ago + 60)
    )
    return services.case_close(
        case=case,
        closure_reason=ConsultationCase.ClosureReason.GOALS_MET,
        closed_on=today() - timedelta(days=days_ago),
        placement_at_closure=ConsultationCase.Placement.RETAINED,
        **kwargs,
    )


QUESTION = "Is A.L. still enrolled at Red Dirt Head Start?"


def test_closing_a_child_case_schedules_follow_ups_at_30_and_90_days(demo_users):
    case = closed_case(demo_users["ana"], days_ago=0)
    assert [
        (f.days_after, f.due_on, f.child, f.answer) for f in case.placement_follow_ups.all()
    ] == [
        (30, today() + timedelta(days=30), case.child, ""),
        (90, today() + timedelta(days=90), case.child, ""),
    ]


def test_classroom_cases_have_no_placement_follow_ups(demo_users):
    classroom = ClassroomFactory()
    case = CaseFactory(
        consultant=demo_users["ana"], focus="classroom", child=None, classroom=classroom
    )
    services.case_close(case=case, closure_reason="goals_met")
    assert not PlacementFollowUp.objects.exists()


@pytest.mark.parametrize(
    ("days_ago", "shown"), [(29, []), (30, ["30 days"]), (89, ["30 days"]), (90, ["30", "90"])]
)
def test_follow_ups_appear_on_the_caseload_on_day_30_and_day_90_not_before(
    signed_in, demo_users, days_ago, shown
):
    closed_case(demo_users["ana"], days_ago=days_ago)
    page = signed_in("ana").get(reverse("consultation:caseload")).content.decode()
    assert page.count("days after closing, due") == len(shown)
    assert (QUESTION in page) == bool(shown)
    for days in shown:
        assert f"({days.split()[0]} days after closing" in page


def test_answering_no_needs_why_and_nothing_is_saved_without_it(signed_in, demo_users):
    case = closed_case(demo_users["ana"], days_ago=30)
    follow_up = case.placement_follow_ups.get(days_after=30)
    url = reverse("consultation:follow_up_answer", args=[follow_up.uuid])
    client = signed_in("ana")
    response = client.post(url, {"answer": "no", "why": "  "})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Say why the child is no longer enrolled." in page and "error-summary" in page
    follow_up.refresh_from_db()
    assert follow_up.answer == "" and follow_up.answered_on is None
    response = client.post(url, {"answer": "maybe"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


def test_an_answer_is_saved_leaves_the_caseload_and_shows_on_the_case(signed_in, demo_users):
    case = closed_case(demo_users["ana"], days_ago=30)
    follow_up = case.placement_follow_ups.get(days_after=30)
    client = signed_in("ana")
    url = reverse("consultation:follow_up_answer", args=[follow_up.uuid])
    assert QUESTION in client.get(url).content.decode()  # the form page, read and audited
    response = client.post(url, {"answer": "no", "why": "Family moved to Tulsa"})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.answer, follow_up.why, follow_up.answered_on, follow_up.answered_by) == (
        "no",
        "Family moved to Tulsa",
        today(),
        demo_users["ana"],
    )
    assert QUESTION not in client.get(reverse("consultation:caseload")).content.decode()
    page = client.get(case.get_absolute_url()).content.decode()
    assert "No, no longer enrolled: Family moved to Tulsa" in page and "not yet due" in page
    audit = AccessRecord.objects.filter(url_name="consultation:follow_up_answer").first()
    assert audit is not None and audit.object_id == str(follow_up.uuid)


def test_why_is_dropped_for_yes_and_unknown(demo_users):
    follow_up = PlacementFollowUpFactory(case=CaseFactory(consultant=demo_users["ana"]))
    services.follow_up_answer(follow_up=follow_up, by=demo_users["ana"], answer="unknown", why="x")
    follow_up.refresh_from_db()
    assert (follow_up.answer, follow_up.why) == ("unknown", "")


def test_a_follow_up_not_yet_due_or_of_another_consultant_is_not_found(signed_in, demo_users):
    case = closed_case(demo_users["ana"], days_ago=10)
    early = case.placement_follow_ups.get(days_after=30)
    theirs = PlacementFollowUpFactory(case=CaseFactory(consultant=demo_users["cara"]))
    client = signed_in("ana")
    for follow_up in (early, theirs):
        url = reverse("consultation:follow_up_answer", args=[follow_up.uuid])
        assert client.get(url).status_code == 404
        assert client.post(url, {"answer": "yes"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.answer == ""


def test_supervisor_lists_the_teams_unanswered_due_follow_ups(signed_in, demo_users):
    due = PlacementFollowUpFactory(case=CaseFactory(consultant=demo_users["ana"]))
    PlacementFollowUpFactory(
        case=CaseFactory(consultant=demo_users["ana"]), due_on=today() + timedelta(days=5)
    )
    PlacementFollowUpFactory(case=CaseFactory(consultant=demo_users["cara"]))  # not sue's team
    url = reverse("admin:consultation_placementfollowup_changelist") + "?unanswered=due"
    response = signed_in("sue").get(url)
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [due]
