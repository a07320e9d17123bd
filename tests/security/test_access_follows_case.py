"""Access follows the case (issue 17, item 1). A case of Ana's, with a visit, a concern, a goal
and its progress, and a referral, is reassigned within Sue's team (to Ben, by Sue) and across
teams (to Cara, of Tom's team, by the superuser). Every record goes with the case: the new
consultant and their supervisor open it, Ana (and, across teams, Sue) get 404, in the app and
in the admin. Ana keeps the site only while she holds another open case there."""

import importlib
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultation import selectors, services
from tests.admin.conftest import admin_url, changelist_url, make_records
from tests.admin.test_actions import messages_of, run_action
from tests.factories import CaseFactory, ChildFactory, SiteFactory, VisitFactory

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Move:
    by: str
    to: str
    new_supervisor: str
    old_supervisor_keeps: bool


MOVES = {
    "within the team": Move(by="sue", to="ben", new_supervisor="sue", old_supervisor_keeps=True),
    "across teams": Move(by="admin", to="cara", new_supervisor="tom", old_supervisor_keeps=False),
}

APP_PAGES = {
    "visit detail": lambda r: reverse("consultation:visit_detail", args=[r.visit.uuid]),
    "visit summary": lambda r: reverse("consultation:visit_summary", args=[r.visit.uuid]),
    "visit edit form": lambda r: reverse("consultation:visit_edit", args=[r.visit.uuid]),
    "referral": lambda r: reverse("referrals:referral_detail", args=[r.referral.uuid]),
    "case": lambda r: reverse("consultation:case_detail", args=[r.case.uuid]),
}

ADMIN_PAGES = {
    "visit": lambda r: admin_url(r.visit),
    "concern": lambda r: admin_url(r.concern),
    "goal": lambda r: admin_url(r.goal),
    "goal progress": lambda r: admin_url(r.progress),
    "referral": lambda r: admin_url(r.referral),
    "referral status change": lambda r: admin_url(r.status_change),
    "case": lambda r: admin_url(r.case),
}


def reassigned(demo_users, move: Move):
    """Ana's records, her case then reassigned as `move` says."""
    records = make_records(demo_users["ana"])
    services.cases_reassign(
        cases=[records.case],
        to_consultant=demo_users[move.to],
        by=demo_users[move.by],
        reason="Caseload balance",
    )
    return records


@pytest.mark.parametrize("page", APP_PAGES)
@pytest.mark.parametrize("move", MOVES)
def test_the_new_consultant_opens_the_cases_records_and_the_previous_one_gets_404(
    signed_in, demo_users, move, page
):
    records = reassigned(demo_users, MOVES[move])
    url = APP_PAGES[page](records)
    assert signed_in(MOVES[move].to).get(url).status_code == 200
    assert signed_in("ana").get(url).status_code == 404


@pytest.mark.parametrize("move", MOVES)
def test_the_visit_page_shows_the_new_consultant_its_concerns_and_goal_progress(
    signed_in, demo_users, move
):
    records = reassigned(demo_users, MOVES[move])
    page = signed_in(MOVES[move].to).get(records.visit.get_absolute_url()).content.decode()
    assert records.concern.concern_item.text in page
    assert f"{records.goal.practice_area.name}: {records.progress.rating}/5" in page
    # The visit is the new consultant's record now: the page offers its edit form.
    assert reverse("consultation:visit_edit", args=[records.visit.uuid]) in page


@pytest.mark.parametrize("page", ADMIN_PAGES)
@pytest.mark.parametrize("move", MOVES)
def test_the_admin_follows_the_case_to_the_new_team(signed_in, demo_users, move, page):
    records = reassigned(demo_users, MOVES[move])
    url = ADMIN_PAGES[page](records)
    assert signed_in(MOVES[move].new_supervisor).get(url).status_code == 200
    expected = 200 if MOVES[move].old_supervisor_keeps else 404
    assert signed_in("sue").get(url).status_code == expected


@pytest.mark.parametrize(
    "model", ["consultation.visit", "consultation.observedconcern", "consultation.goalprogress"]
)
def test_the_admin_lists_follow_the_case_to_the_new_team(signed_in, demo_users, model):
    records = reassigned(demo_users, MOVES["across teams"])
    record = {
        "consultation.visit": records.visit,
        "consultation.observedconcern": records.concern,
        "consultation.goalprogress": records.progress,
    }[model]
    change = admin_url(record)
    assert change in signed_in("tom").get(changelist_url(model)).content.decode()
    assert change not in signed_in("sue").get(changelist_url(model)).content.decode()


@pytest.mark.parametrize("move", MOVES)
def test_the_previous_consultant_loses_the_site_without_another_open_case_there(
    signed_in, demo_users, move
):
    records = reassigned(demo_users, MOVES[move])
    ana = signed_in("ana")
    assert ana.get(records.case.site.get_absolute_url()).status_code == 404
    assert ana.get(records.case.child.get_absolute_url()).status_code == 404
    assert signed_in(MOVES[move].to).get(records.case.site.get_absolute_url()).status_code == 200


def test_the_previous_consultant_keeps_the_site_through_another_open_case_there(
    signed_in, demo_users
):
    ana = demo_users["ana"]
    records = make_records(ana)
    other_child = ChildFactory(classroom=records.case.child.classroom)
    CaseFactory(consultant=ana, child=other_child)
    services.cases_reassign(
        cases=[records.case],
        to_consultant=demo_users["ben"],
        by=demo_users["sue"],
        reason="Caseload balance",
    )
    client = signed_in("ana")
    assert client.get(records.case.site.get_absolute_url()).status_code == 200
    assert client.get(other_child.get_absolute_url()).status_code == 200
    # ...but the reassigned case's records are Ben's.
    assert client.get(records.visit.get_absolute_url()).status_code == 404


def test_a_visit_without_a_case_is_its_authors(signed_in, demo_users):
    ana = demo_users["ana"]
    site = SiteFactory(consultants=[ana, demo_users["ben"]])
    visit = VisitFactory(case=None, site=site, consultant=ana)
    assert signed_in("ana").get(visit.get_absolute_url()).status_code == 200
    assert signed_in("ben").get(visit.get_absolute_url()).status_code == 404


def test_the_new_consultant_voids_the_visit_and_the_previous_one_cannot(demo_users):
    records = reassigned(demo_users, MOVES["within the team"])
    with pytest.raises(ValidationError, match="holds the visit's case"):
        services.visit_void(visit=records.visit, by=demo_users["ana"], reason="Logged twice")
    services.visit_void(visit=records.visit, by=demo_users["ben"], reason="Logged twice")
    records.visit.refresh_from_db()
    assert records.visit.is_archived
    assert records.visit.consultant == demo_users["ana"]  # who logged it stays on record


# The reassign confirmation says who keeps what ------------------------------------------------


CASES = changelist_url("consultation.consultationcase")


def test_reassign_confirmation_says_the_previous_consultant_loses_the_site(signed_in, demo_users):
    case = CaseFactory(consultant=demo_users["ana"])
    page = run_action(signed_in("sue"), "reassign_cases", [case]).content.decode()
    assert f"Ana Morales loses access to {case.site.name}" in page


def test_reassign_confirmation_says_another_open_case_keeps_the_site(signed_in, demo_users):
    ana = demo_users["ana"]
    case = CaseFactory(consultant=ana)
    CaseFactory(consultant=ana, child=ChildFactory(classroom=case.classroom))
    page = run_action(signed_in("sue"), "reassign_cases", [case]).content.decode()
    assert f"Ana Morales keeps {case.site.name} through 1 other open case(s) there" in page


def test_access_after_reassigning_reads_in_one_query(demo_users, django_assert_num_queries):
    ana = demo_users["ana"]
    cases = [CaseFactory(consultant=ana) for _ in range(5)]
    for case in cases:
        case.consultant, case.site  # noqa: B018 (read already, as the action's query does)
    # One query counts the other open cases of every (consultant, site) of the selection.
    with django_assert_num_queries(1):
        access = selectors.access_after_reassigning(cases)
    assert len(access) == 5


# A site's consultants: assigned, plus those with an open case there ---------------------------


SITES = changelist_url("consultation.site")


def test_supervisor_takes_a_consultant_off_a_site(signed_in, demo_users):
    ana = demo_users["ana"]
    site = SiteFactory(consultants=[ana])
    assert signed_in("ana").get(site.get_absolute_url()).status_code == 200
    response = run_action(
        signed_in("sue"), "take_consultant_off", [site], SITES, apply="1", consultant=ana.pk
    )
    assert response.status_code == 302
    assert "Ana Morales is taken off 1 site(s)." in messages_of(response)
    assert not site.consultants.exists()
    assert signed_in("ana").get(site.get_absolute_url()).status_code == 404


def test_a_consultant_taken_off_a_site_keeps_it_while_holding_an_open_case_there(
    signed_in, demo_users
):
    ana = demo_users["ana"]
    case = CaseFactory(consultant=ana)  # the factory assigns her to the site too
    response = run_action(
        signed_in("sue"), "take_consultant_off", [case.site], SITES, apply="1", consultant=ana.pk
    )
    assert f"They keep {case.site.name} through open cases" in messages_of(response)
    assert not case.site.consultants.exists()
    assert signed_in("ana").get(case.site.get_absolute_url()).status_code == 200
    services.case_close(case=case, closure_reason="goals_met", placement_at_closure="retained")
    assert signed_in("ana").get(case.site.get_absolute_url()).status_code == 404


def test_supervisor_assigns_a_consultant_of_her_team_to_a_site(signed_in, demo_users):
    ben = demo_users["ben"]
    site = SiteFactory(consultants=[demo_users["ana"]])
    response = run_action(
        signed_in("sue"), "assign_consultant", [site], SITES, apply="1", consultant=ben.pk
    )
    assert "Ben Carter is assigned to 1 site(s)." in messages_of(response)
    assert signed_in("ben").get(site.get_absolute_url()).status_code == 200


def test_supervisor_cannot_take_another_teams_consultant_off_a_site(signed_in, demo_users):
    cara = demo_users["cara"]
    site = SiteFactory(consultants=[demo_users["ana"], cara])
    response = run_action(
        signed_in("sue"), "take_consultant_off", [site], SITES, apply="1", consultant=cara.pk
    )
    assert response.status_code == 200  # the form again: Cara is not offered
    assert site.consultants.filter(pk=cara.pk).exists()
    with pytest.raises(ValidationError, match="not on your team"):
        services.site_consultant_remove(sites=[site], consultant=cara, by=demo_users["sue"])
    assert site.consultants.filter(pk=cara.pk).exists()


# Existing databases: the lists the old reassignment left behind ---------------------------------


def test_migration_takes_off_the_consultants_a_past_reassignment_left_on_a_site(demo_users):
    from django.apps import apps

    migration = importlib.import_module("consultation.migrations.0009_access_follows_case")
    ana, ben, cara = demo_users["ana"], demo_users["ben"], demo_users["cara"]

    def reassigned_the_old_way(case, to):
        case.consultant = to
        case.save()  # history keeps who held it before
        case.site.consultants.add(to)

    left = CaseFactory(consultant=ana)  # the factory puts Ana on the site's list
    reassigned_the_old_way(left, ben)
    still_working_there = CaseFactory(consultant=ana)
    CaseFactory(consultant=ana, child=ChildFactory(classroom=still_working_there.classroom))
    reassigned_the_old_way(still_working_there, ben)
    assigned = SiteFactory(consultants=[cara])

    migration.take_off_left_consultants(apps, None)

    assert set(left.site.consultants.all()) == {ben}
    assert set(still_working_there.site.consultants.all()) == {ana, ben}
    assert set(assigned.consultants.all()) == {cara}
