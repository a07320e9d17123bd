"""The intake state machine: every allowed step, every refused one (which changes nothing), and
the facts a request carries into its case."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from consultation.models import ConsultationCase, Intake
from consultation.services import intake as service
from tests.factories import ChildFactory, ClassroomFactory, ConsultantFactory, today

pytestmark = pytest.mark.django_db

S = Intake.Status
DAY0 = today() - timedelta(days=20)


@pytest.fixture
def team():
    consultant = ConsultantFactory()
    child = ChildFactory()
    return {
        "sup": consultant.supervisor,
        "ana": consultant,
        "other": ConsultantFactory(),  # another team's
        "child": child,
        "site": child.classroom.site,
    }


def received(team, **kwargs) -> Intake:
    facts = {
        "by": team["sup"],
        "received_on": DAY0,
        "source": Intake.Source.DIRECTOR,
        "site": team["site"],
        "reason_category": Intake.Reason.BEHAVIOUR,
        "reason": "Hitting at nap time",
    }
    return service.intake_receive(**(facts | kwargs))


def in_state(team, state: str, **kwargs) -> Intake:
    """A request taken to `state` through the services, a day per step."""
    intake = received(team, **kwargs)
    sup, day = team["sup"], DAY0
    if state == S.RECEIVED:
        return intake
    if state == S.WAITLISTED:
        return service.intake_waitlist(intake=intake, by=sup, waitlisted_on=day)
    service.intake_contact(intake=intake, by=sup, contacted_on=day + timedelta(days=1))
    if state == S.CONTACTED:
        return intake
    service.intake_assign(
        intake=intake, by=sup, consultant=team["ana"], assigned_on=day + timedelta(days=2)
    )
    if state == S.ASSIGNED:
        return intake
    if state == S.CASE_OPENED:
        service.intake_open_case(intake=intake, by=team["ana"], opened_on=day + timedelta(days=3))
        return intake
    service.intake_end(
        intake=intake, by=sup, outcome=state, ended_on=day + timedelta(days=3), end_reason="x"
    )
    return intake


def refused(intake: Intake, take, **kwargs) -> ValidationError:
    """The step is refused with a message, and neither the request nor its steps change."""
    before = (intake.status, intake.steps.count(), intake.contacted_on, intake.assigned_to_id)
    with pytest.raises(ValidationError) as caught:
        take(intake=intake, **kwargs)
    intake.refresh_from_db()
    after = (intake.status, intake.steps.count(), intake.contacted_on, intake.assigned_to_id)
    assert after == before
    assert caught.value.messages and all(caught.value.messages)
    return caught.value


def test_a_supervisor_records_a_request_with_its_received_step(team):
    intake = received(team, child=team["child"], expulsion_risk=True)
    assert intake.status == S.RECEIVED
    assert intake.classroom == team["child"].classroom  # the child's classroom, filled in
    assert list(intake.steps.values_list("step", "on")) == [(S.RECEIVED, DAY0)]


def test_a_consultant_cannot_record_a_request(team):
    with pytest.raises(ValidationError):
        received(team, by=team["ana"])
    assert not Intake.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"received_on": today() + timedelta(days=1)}, "received_on"),
        ({"source": "rumour"}, "source"),
        ({"reason_category": "nothing"}, "reason_category"),
        ({"classroom": "elsewhere"}, "classroom"),
        ({"child": "elsewhere"}, "child"),
    ],
)
def test_a_request_with_bad_facts_is_refused_beside_the_field(team, kwargs, field):
    if kwargs.get("classroom") == "elsewhere":
        kwargs = {"classroom": ClassroomFactory()}
    if kwargs.get("child") == "elsewhere":
        kwargs = {"child": ChildFactory()}
    with pytest.raises(ValidationError) as caught:
        received(team, **kwargs)
    assert field in caught.value.message_dict
    assert not Intake.objects.exists()


@pytest.mark.parametrize("start", [S.RECEIVED, S.WAITLISTED])
def test_contact_is_recorded_from_received_or_waitlisted(team, start):
    intake = in_state(team, start)
    day = DAY0 + timedelta(days=4)
    service.intake_contact(intake=intake, by=team["sup"], contacted_on=day, note="Called back")
    intake.refresh_from_db()
    assert (intake.status, intake.contacted_on) == (S.CONTACTED, day)
    assert intake.steps.last().note == "Called back"


def test_contact_after_the_waitlist_keeps_the_first_contact_date(team):
    intake = in_state(team, S.CONTACTED)
    sup = team["sup"]
    service.intake_waitlist(intake=intake, by=sup, waitlisted_on=DAY0 + timedelta(days=2))
    service.intake_contact(intake=intake, by=sup, contacted_on=DAY0 + timedelta(days=9))
    intake.refresh_from_db()
    assert intake.contacted_on == DAY0 + timedelta(days=1)
    assert list(intake.steps.values_list("step", flat=True)) == [
        S.RECEIVED, S.CONTACTED, S.WAITLISTED, S.CONTACTED
    ]  # fmt: skip


@pytest.mark.parametrize(
    "start", [S.CONTACTED, S.ASSIGNED, S.CASE_OPENED, S.DECLINED, S.NOT_SERVED]
)
def test_contact_is_refused_from_other_states(team, start):
    intake = in_state(team, start)
    error = refused(
        intake, service.intake_contact, by=team["sup"], contacted_on=DAY0 + timedelta(days=5)
    )
    assert "cannot be contacted now" in error.messages[0]


def test_assigning_gives_the_request_to_a_consultant_of_the_team(team):
    intake = in_state(team, S.ASSIGNED)
    assert (intake.status, intake.assigned_to, intake.assigned_on) == (
        S.ASSIGNED, team["ana"], DAY0 + timedelta(days=2)
    )  # fmt: skip
    assert intake.steps.last().consultant == team["ana"]


def test_a_waitlisted_request_that_was_contacted_can_be_assigned(team):
    intake = in_state(team, S.CONTACTED)
    sup = team["sup"]
    service.intake_waitlist(intake=intake, by=sup, waitlisted_on=DAY0 + timedelta(days=2))
    service.intake_assign(
        intake=intake, by=sup, consultant=team["ana"], assigned_on=DAY0 + timedelta(days=8)
    )
    assert intake.status == S.ASSIGNED


@pytest.mark.parametrize("start", [S.RECEIVED, S.WAITLISTED, S.ASSIGNED, S.DECLINED])
def test_assigning_is_refused_before_contact_or_from_other_states(team, start):
    intake = in_state(team, start)
    refused(
        intake,
        service.intake_assign,
        by=team["sup"],
        consultant=team["ana"],
        assigned_on=DAY0 + timedelta(days=5),
    )


def test_assigning_to_another_teams_consultant_is_refused(team):
    intake = in_state(team, S.CONTACTED)
    error = refused(
        intake, service.intake_assign, by=team["sup"], consultant=team["other"], assigned_on=today()
    )
    assert "consultant" in error.message_dict


@pytest.mark.parametrize("start", [S.RECEIVED, S.CONTACTED, S.ASSIGNED])
def test_waitlisting_from_open_states(team, start):
    intake = in_state(team, start)
    service.intake_waitlist(intake=intake, by=team["sup"], waitlisted_on=DAY0 + timedelta(days=4))
    assert (intake.status, intake.waitlisted_on) == (S.WAITLISTED, DAY0 + timedelta(days=4))


@pytest.mark.parametrize("start", [S.WAITLISTED, S.CASE_OPENED, S.NOT_SERVED])
def test_waitlisting_is_refused_from_other_states(team, start):
    intake = in_state(team, start)
    refused(intake, service.intake_waitlist, by=team["sup"], waitlisted_on=DAY0 + timedelta(5))


@pytest.mark.parametrize("outcome", [S.DECLINED, S.NOT_SERVED])
@pytest.mark.parametrize("start", [S.RECEIVED, S.CONTACTED, S.ASSIGNED, S.WAITLISTED])
def test_declined_or_not_served_from_every_open_state_with_a_reason(team, start, outcome):
    intake = in_state(team, start)
    day = DAY0 + timedelta(days=4)
    service.intake_end(
        intake=intake, by=team["sup"], outcome=outcome, ended_on=day, end_reason="Out of area"
    )
    intake.refresh_from_db()
    assert (intake.status, intake.ended_on, intake.end_reason) == (outcome, day, "Out of area")
    assert intake.steps.last().step == outcome


@pytest.mark.parametrize("start", [S.DECLINED, S.NOT_SERVED, S.CASE_OPENED])
def test_a_closed_request_takes_no_further_end(team, start):
    intake = in_state(team, start)
    refused(
        intake,
        service.intake_end,
        by=team["sup"],
        outcome=S.DECLINED,
        ended_on=DAY0 + timedelta(days=5),
        end_reason="again",
    )


def test_declining_without_a_reason_is_refused(team):
    intake = in_state(team, S.RECEIVED)
    error = refused(
        intake,
        service.intake_end,
        by=team["sup"],
        outcome=S.DECLINED,
        ended_on=DAY0,
        end_reason=" ",
    )
    assert "end_reason" in error.message_dict


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (today() + timedelta(days=1), "future"),
        (DAY0 - timedelta(days=1), "received"),
    ],
)
def test_a_step_dated_in_the_future_or_before_the_request_is_refused(team, day, why):
    intake = in_state(team, S.RECEIVED)
    error = refused(intake, service.intake_contact, by=team["sup"], contacted_on=day)
    assert why in error.message_dict["contacted_on"][0]


def test_a_step_dated_before_the_last_step_is_refused(team):
    intake = in_state(team, S.CONTACTED)  # contacted on DAY0 + 1
    error = refused(
        intake, service.intake_assign, by=team["sup"], consultant=team["ana"], assigned_on=DAY0
    )
    assert "in order" in error.message_dict["assigned_on"][0]


def test_opening_the_case_carries_the_requests_facts(team):
    intake = in_state(team, S.ASSIGNED, child=team["child"], expulsion_risk=True)
    case = service.intake_open_case(intake=intake, by=team["ana"], opened_on=DAY0 + timedelta(3))
    intake.refresh_from_db()
    assert (intake.status, intake.case) == (S.CASE_OPENED, case)
    assert (case.focus, case.child, case.site, case.consultant) == (
        ConsultationCase.Focus.CHILD, team["child"], team["site"], team["ana"]
    )  # fmt: skip
    assert case.at_risk_of_expulsion is True
    assert case.reason == "Behaviour: Hitting at nap time"
    assert case.opened_on == DAY0 + timedelta(days=3)


def test_a_classroom_request_opens_a_classroom_case_and_a_site_one_a_program_case(team):
    room = team["child"].classroom
    classroom_case = service.intake_open_case(
        intake=in_state(team, S.ASSIGNED, classroom=room), by=team["ana"], opened_on=today()
    )
    assert (classroom_case.focus, classroom_case.classroom) == ("classroom", room)
    program_case = service.intake_open_case(
        intake=in_state(team, S.ASSIGNED), by=team["ana"], opened_on=today()
    )
    assert (program_case.focus, program_case.site) == ("program", team["site"])


@pytest.mark.parametrize("who", ["sup", "other"])
def test_only_the_assigned_consultant_opens_the_case(team, who):
    intake = in_state(team, S.ASSIGNED)
    refused(intake, service.intake_open_case, by=team[who], opened_on=today())
    assert not ConsultationCase.objects.exists()


@pytest.mark.parametrize("start", [S.RECEIVED, S.CONTACTED, S.WAITLISTED, S.DECLINED])
def test_a_case_is_opened_only_from_an_assigned_request(team, start):
    intake = in_state(team, start)
    refused(intake, service.intake_open_case, by=team["ana"], opened_on=today())
    assert not ConsultationCase.objects.exists()


def test_a_refused_case_leaves_the_request_assigned(team):
    """A child without consent: the case service refuses, and the request stays as it was."""
    child = ChildFactory(consent=False, classroom=team["child"].classroom)
    intake = in_state(team, S.ASSIGNED, child=child)
    refused(intake, service.intake_open_case, by=team["ana"], opened_on=today())
    assert not ConsultationCase.objects.exists()


def test_next_steps_follow_role_and_state(team):
    intake = in_state(team, S.CONTACTED)
    assert service.intake_next_steps(team["sup"], intake) == [
        S.ASSIGNED, S.DECLINED, S.NOT_SERVED, S.WAITLISTED
    ]  # fmt: skip
    assert service.intake_next_steps(team["ana"], intake) == []  # not theirs yet
    service.intake_assign(
        intake=intake, by=team["sup"], consultant=team["ana"], assigned_on=today()
    )
    assert service.intake_next_steps(team["ana"], intake) == [
        S.CASE_OPENED, S.DECLINED, S.NOT_SERVED
    ]  # fmt: skip
