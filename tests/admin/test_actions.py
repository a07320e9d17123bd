"""The case actions a supervisor runs from the changelist: reassign, close, export, archive."""

import csv
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages

from consultation.models import Child, ConsultationCase, Visit
from consultation.selectors import sites_visible_to
from tests.admin.conftest import changelist_url
from tests.factories import CaseFactory, ChildFactory, ClassroomFactory, VisitFactory

pytestmark = pytest.mark.django_db

CASES = changelist_url("consultation.consultationcase")


def run_action(client, action: str, objects, url: str = CASES, **data):
    return client.post(
        url, {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in objects], **data}
    )


def messages_of(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


# Reassign -------------------------------------------------------------------------------------


def test_reassign_page_offers_only_consultants_of_the_team(signed_in, demo_users):
    case = CaseFactory(consultant=demo_users["ana"])
    page = run_action(signed_in("sue"), "reassign_cases", [case]).content.decode()
    assert "Reassign cases" in page
    assert f'value="{demo_users["ben"].pk}"' in page
    assert f'value="{demo_users["ana"].pk}"' in page
    assert f'value="{demo_users["cara"].pk}"' not in page


def test_supervisor_reassigns_cases_within_the_team_and_history_names_her(signed_in, demo_users):
    ana, ben, sue = demo_users["ana"], demo_users["ben"], demo_users["sue"]
    cases = [CaseFactory(consultant=ana), CaseFactory(consultant=ana)]
    response = run_action(
        signed_in("sue"),
        "reassign_cases",
        cases,
        apply="1",
        to_consultant=ben.pk,
        reason="Caseload balance",
    )
    assert response.status_code == 302
    assert "Reassigned 2 case(s) to Ben Carter" in messages_of(response)
    assert "Ana Morales loses access to Little Acorns" in messages_of(response)
    for case in cases:
        case.refresh_from_db()
        assert case.consultant == ben
        # Ben has the site through the open case; Ana, who holds no other case there, is off it.
        assert case.site in sites_visible_to(ben)
        assert case.site not in sites_visible_to(ana)
        latest = case.history.latest()
        assert latest.history_user == sue
        assert latest.history_change_reason == (
            "admin: reassigned from Ana Morales to Ben Carter: Caseload balance"
        )


def test_reassign_to_a_consultant_of_another_team_is_refused(signed_in, demo_users):
    case = CaseFactory(consultant=demo_users["ana"])
    response = run_action(
        signed_in("sue"),
        "reassign_cases",
        [case],
        apply="1",
        to_consultant=demo_users["cara"].pk,
        reason="Caseload balance",
    )
    assert response.status_code == 200
    assert "cases are not reassigned across teams" in messages_of(response)
    case.refresh_from_db()
    assert case.consultant == demo_users["ana"]


def test_service_refuses_cross_team_reassignment_with_a_clear_message(demo_users):
    from django.core.exceptions import ValidationError

    from consultation.services import cases_reassign

    case = CaseFactory(consultant=demo_users["ana"])
    with pytest.raises(ValidationError, match="not on your team"):
        cases_reassign(
            cases=[case],
            to_consultant=demo_users["cara"],
            by=demo_users["sue"],
            reason="Caseload balance",
        )
    case.refresh_from_db()
    assert case.consultant == demo_users["ana"]


def test_supervisor_cannot_reassign_another_teams_case_by_forging_its_id(signed_in, demo_users):
    theirs = CaseFactory(consultant=demo_users["cara"])
    run_action(
        signed_in("sue"),
        "reassign_cases",
        [theirs],
        apply="1",
        to_consultant=demo_users["ben"].pk,
        reason="Caseload balance",
    )
    theirs.refresh_from_db()
    assert theirs.consultant == demo_users["cara"]


def test_superuser_reassigns_across_teams(signed_in, demo_users):
    case = CaseFactory(consultant=demo_users["ana"])
    run_action(
        signed_in("admin"),
        "reassign_cases",
        [case],
        apply="1",
        to_consultant=demo_users["cara"].pk,
        reason="Caseload balance",
    )
    case.refresh_from_db()
    assert case.consultant == demo_users["cara"]


def test_program_lead_is_not_offered_write_actions(signed_in, demo_users):
    case = CaseFactory(consultant=demo_users["ana"])
    client = signed_in("lee")
    page = client.get(CASES).content.decode()
    assert "export_csv" in page
    for action in ("reassign_cases", "close_cases", "archive_cases"):
        assert action not in page
    run_action(
        client,
        "reassign_cases",
        [case],
        apply="1",
        to_consultant=demo_users["ben"].pk,
        reason="Caseload balance",
    )
    case.refresh_from_db()
    assert case.consultant == demo_users["ana"]


# Close ----------------------------------------------------------------------------------------


def test_closing_child_cases_asks_for_placement_and_closes_nothing_without_it(
    signed_in, demo_users
):
    case = CaseFactory(consultant=demo_users["ana"])
    response = run_action(
        signed_in("sue"), "close_cases", [case], apply="1", closure_reason="goals_met"
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    case.refresh_from_db()
    assert case.status == ConsultationCase.Status.ACTIVE


def test_closing_several_cases_with_one_reason(signed_in, demo_users):
    ana = demo_users["ana"]
    child_case = CaseFactory(consultant=ana)
    room_case = CaseFactory(
        consultant=ana,
        focus=ConsultationCase.Focus.CLASSROOM,
        child=None,
        classroom=ClassroomFactory(),
    )
    response = run_action(
        signed_in("sue"),
        "close_cases",
        [child_case, room_case],
        apply="1",
        closure_reason="goals_met",
        placement_at_closure="retained",
        closure_note="Teachers carry on with the plan.",
    )
    assert response.status_code == 302
    assert "Closed 2 case(s)" in messages_of(response)
    child_case.refresh_from_db()
    room_case.refresh_from_db()
    assert child_case.status == room_case.status == ConsultationCase.Status.CLOSED
    assert child_case.placement_at_closure == "retained"
    assert room_case.placement_at_closure == ""
    assert child_case.history.latest().history_change_reason == "admin"


def test_closing_is_all_or_nothing(signed_in, demo_users):
    ana = demo_users["ana"]
    fine = CaseFactory(consultant=ana)
    visited_later = CaseFactory(consultant=ana)
    VisitFactory(case=visited_later)  # visited 7 days ago: cannot close 30 days ago
    from datetime import timedelta

    from tests.factories import today

    response = run_action(
        signed_in("sue"),
        "close_cases",
        [fine, visited_later],
        apply="1",
        closure_reason="goals_met",
        placement_at_closure="retained",
        closed_on=(today() - timedelta(days=30)).isoformat(),
    )
    assert "No case was closed" in messages_of(response)
    for case in (fine, visited_later):
        case.refresh_from_db()
        assert case.status == ConsultationCase.Status.ACTIVE


# Export ---------------------------------------------------------------------------------------


def test_export_lists_selected_cases_with_initials_and_no_names_or_birth_dates(
    signed_in, demo_users
):
    child = ChildFactory(first_name="Jasmine", last_initial="Q")
    mine = CaseFactory(consultant=demo_users["ana"], child=child)
    VisitFactory(case=mine, duration_minutes=90)
    theirs = CaseFactory(consultant=demo_users["cara"])
    response = run_action(signed_in("sue"), "export_csv", [mine, theirs])
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["case"] for r in rows] == [str(mine.uuid)]  # another team's case is not exported
    assert rows[0]["subject"] == "J.Q."
    assert rows[0]["visits"] == "1" and rows[0]["hours last 90 days"] == "1.5"
    assert "Jasmine" not in body
    assert child.date_of_birth.isoformat() not in body


# Archive --------------------------------------------------------------------------------------


def test_archived_case_leaves_the_list_but_stays_behind_the_archived_filter(signed_in, demo_users):
    case = CaseFactory(consultant=demo_users["ana"])
    client = signed_in("sue")
    run_action(client, "archive_cases", [case])
    case.refresh_from_db()
    assert case.is_archived
    change_url = f"/{case.pk}/change/"
    assert change_url not in client.get(CASES).content.decode()
    assert change_url in client.get(CASES, {"archived": "yes"}).content.decode()


def test_voiding_visits_asks_why_and_archiving_children_goes_through_the_services(
    signed_in, demo_users
):
    visit = VisitFactory(case=CaseFactory(consultant=demo_users["ana"]))
    client = signed_in("sue")
    visits = changelist_url("consultation.visit")
    asked = run_action(client, "void_visits", [visit], url=visits)
    assert asked.status_code == 200 and "Why are these visits voided?" in asked.content.decode()
    assert not Visit.objects.get(pk=visit.pk).is_archived
    run_action(client, "void_visits", [visit], url=visits, apply="1", reason="Logged twice")
    voided = Visit.objects.get(pk=visit.pk)
    assert voided.is_archived and voided.void_reason == "Logged twice"
    assert voided.voided_by == demo_users["sue"]

    child_with_open_case = visit.case.child
    children = changelist_url("consultation.child")
    asked = run_action(client, "archive_children", [child_with_open_case], url=children)
    assert "Why are these children archived?" in asked.content.decode()
    response = run_action(
        client, "archive_children", [child_with_open_case], url=children, apply="1", reason="Left"
    )
    assert "Close this child's open cases" in messages_of(response)
    assert not Child.objects.get(pk=child_with_open_case.pk).is_archived
    left = ChildFactory(classroom=child_with_open_case.classroom)
    run_action(client, "archive_children", [left], url=children, apply="1", reason="Moved away")
    archived = Child.objects.get(pk=left.pk)
    assert archived.is_archived and archived.archive_reason == "Moved away"


def test_export_quotes_text_a_spreadsheet_would_run_as_a_formula(signed_in, demo_users):
    from tests.factories import SiteFactory

    site = SiteFactory(name='=HYPERLINK("http://example.invalid")')
    case = CaseFactory(
        consultant=demo_users["ana"], focus="program", child=None, classroom=None, site=site
    )
    body = run_action(signed_in("sue"), "export_csv", [case]).content.decode()
    row = list(csv.DictReader(io.StringIO(body)))[0]
    assert row["site"].startswith("'=")


def test_reassign_all_cases_selected_across_pages(signed_in, demo_users):
    ana, ben = demo_users["ana"], demo_users["ben"]
    cases = [CaseFactory(consultant=ana) for _ in range(3)]
    theirs = CaseFactory(consultant=demo_users["cara"])
    response = signed_in("sue").post(
        CASES + f"?consultant={ana.pk}",
        {
            "action": "reassign_cases",
            "select_across": "1",
            ACTION_CHECKBOX_NAME: [cases[0].pk],
            "apply": "1",
            "to_consultant": ben.pk,
            "reason": "Caseload balance",
        },
    )
    assert "Reassigned 3 case(s)" in messages_of(response)
    assert all(ConsultationCase.objects.get(pk=c.pk).consultant == ben for c in cases)
    assert ConsultationCase.objects.get(pk=theirs.pk).consultant == demo_users["cara"]
