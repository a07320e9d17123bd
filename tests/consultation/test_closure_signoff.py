"""Closure sign-off: a consultant's closure is a request that their supervisor approves (the case
closes on the date asked for) or returns with a comment; every step is in the case's history."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultation import services
from consultation.models import ConsultationCase
from tests.factories import CaseFactory, ConsultantFactory, SupervisorFactory, VisitFactory, today

pytestmark = pytest.mark.django_db

Status = ConsultationCase.Status


@pytest.fixture
def case():
    return CaseFactory()


def request_closure(case, days_ago: int = 3):
    return services.case_close_request(
        case=case,
        by=case.consultant,
        closure_reason=ConsultationCase.ClosureReason.GOALS_MET,
        closed_on=today() - timedelta(days=days_ago),
        placement_at_closure=ConsultationCase.Placement.RETAINED,
        closure_note="Teacher uses the visual schedule.",
    )


def test_a_request_leaves_the_case_open_and_waiting(case):
    request_closure(case)
    case.refresh_from_db()
    assert case.status == Status.ACTIVE
    assert case.closed_on is None
    assert case.closure_requested
    assert case.closure_requested_on == today() - timedelta(days=3)


def test_approval_closes_the_case_on_the_date_requested(case):
    request_closure(case, days_ago=3)
    services.case_closure_approve(case=case, by=case.consultant.supervisor)
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert case.closed_on == today() - timedelta(days=3)
    assert (case.closure_reason, case.placement_at_closure) == ("goals_met", "retained")
    assert case.closure_note == "Teacher uses the visual schedule."
    assert not case.closure_requested


def test_return_keeps_the_case_open_with_the_comment(case):
    request_closure(case)
    services.case_closure_return(
        case=case, by=case.consultant.supervisor, comment="Check placement with the director."
    )
    case.refresh_from_db()
    assert case.status == Status.ACTIVE
    assert not case.closure_requested
    assert case.closure_return_comment == "Check placement with the director."


def test_a_returned_closure_can_be_requested_again_and_approved(case):
    request_closure(case)
    services.case_closure_return(case=case, by=case.consultant.supervisor, comment="Not yet.")
    request_closure(case, days_ago=1)
    assert case.closure_return_comment == ""
    services.case_closure_approve(case=case, by=case.consultant.supervisor)
    case.refresh_from_db()
    assert (case.status, case.closed_on) == (Status.CLOSED, today() - timedelta(days=1))


def test_a_consultant_cannot_approve_their_own_request(case):
    request_closure(case)
    with pytest.raises(ValidationError, match="their own"):
        services.case_closure_approve(case=case, by=case.consultant)
    case.refresh_from_db()
    assert case.status == Status.ACTIVE


def test_no_consultant_approves_or_returns_a_closure(case):
    request_closure(case)
    colleague = ConsultantFactory(supervisor=case.consultant.supervisor)
    with pytest.raises(ValidationError):
        services.case_closure_approve(case=case, by=colleague)
    with pytest.raises(ValidationError):
        services.case_closure_return(case=case, by=colleague, comment="No.")
    case.refresh_from_db()
    assert case.closure_requested


def test_another_teams_supervisor_cannot_approve(case):
    request_closure(case)
    with pytest.raises(ValidationError, match="supervisor"):
        services.case_closure_approve(case=case, by=SupervisorFactory())
    assert ConsultationCase.objects.get(pk=case.pk).status == Status.ACTIVE


def test_nothing_to_approve_without_a_request(case):
    with pytest.raises(ValidationError, match="No closure"):
        services.case_closure_approve(case=case, by=case.consultant.supervisor)


def test_a_return_needs_a_comment(case):
    request_closure(case)
    with pytest.raises(ValidationError) as error:
        services.case_closure_return(case=case, by=case.consultant.supervisor, comment="  ")
    assert "comment" in error.value.message_dict
    assert ConsultationCase.objects.get(pk=case.pk).closure_requested


def test_a_second_request_while_one_waits_is_refused(case):
    request_closure(case)
    with pytest.raises(ValidationError, match="already requested"):
        request_closure(case)


def test_only_the_cases_consultant_requests_closure(case):
    with pytest.raises(ValidationError):
        services.case_close_request(
            case=case,
            by=ConsultantFactory(),
            closure_reason="goals_met",
            placement_at_closure="retained",
        )


def test_a_request_is_checked_as_a_closure_is(case):
    VisitFactory(case=case, visit_date=today() - timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        request_closure(case, days_ago=5)
    assert "closed_on" in error.value.message_dict
    assert not ConsultationCase.objects.get(pk=case.pk).closure_requested


def test_every_step_is_in_the_cases_history(case):
    request_closure(case)
    services.case_closure_return(case=case, by=case.consultant.supervisor, comment="Not yet.")
    request_closure(case)
    services.case_closure_approve(case=case, by=case.consultant.supervisor)
    reasons = [h.history_change_reason for h in case.history.order_by("history_id")]
    steps = [r.split(": ", 1)[1] for r in reasons[1:]]
    assert steps[0].startswith("closure requested for")
    assert steps[1].startswith("closure returned by") and steps[1].endswith("Not yet.")
    assert steps[2].startswith("closure requested for")
    assert steps[3].startswith("closure approved by")
    assert case.history.latest().status == Status.CLOSED


def test_a_supervisors_direct_closure_settles_a_waiting_request(case):
    request_closure(case)
    services.cases_close(cases=[case], closure_reason="other", placement_at_closure="unknown")
    case.refresh_from_db()
    assert case.status == Status.CLOSED and not case.closure_requested


# The consultant's page -------------------------------------------------------------------------


def close_form(case):
    return {
        "closure_reason": "goals_met",
        "closed_on": (today() - timedelta(days=2)).isoformat(),
        "placement_at_closure": "retained",
        "version": case.version,
    }


def test_with_sign_off_the_close_page_requests_closure(client, case, settings):
    settings.CLOSURE_SIGN_OFF = True
    client.force_login(case.consultant)
    url = reverse("consultation:case_close", args=[case.uuid])
    assert "Request closure" in client.get(url).content.decode()
    response = client.post(url, close_form(case))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.ACTIVE and case.closure_requested
    page = client.get(case.get_absolute_url()).content.decode()
    assert "closure requested" in page
    caseload = client.get(reverse("consultation:caseload")).content.decode()
    assert "closure requested" in caseload


def test_without_sign_off_the_close_page_closes_at_once(client, case, settings):
    settings.CLOSURE_SIGN_OFF = False
    client.force_login(case.consultant)
    url = reverse("consultation:case_close", args=[case.uuid])
    client.post(url, close_form(case))
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert case.closed_on == today() - timedelta(days=2)


def test_the_returned_comment_shows_on_the_case_page(client, case, settings):
    settings.CLOSURE_SIGN_OFF = True
    request_closure(case)
    services.case_closure_return(case=case, by=case.consultant.supervisor, comment="Ask Mia.")
    client.force_login(case.consultant)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Closure returned" in page and "Ask Mia." in page
    assert "Request closure" in page
