"""The intake pages: the queue (who sees what, late requests first, its queries), recording a
request, taking steps (errors beside the fields, input kept, nothing saved) and the case page's
days from request to first visit."""

from datetime import timedelta

import pytest
from django.urls import reverse

from consultation.models import ConsultationCase, County, Intake
from core.business_days import business_days_between
from tests.factories import (
    ChildFactory,
    ConsultantFactory,
    ProgramLeadFactory,
    SiteFactory,
    VisitFactory,
    today,
)
from tests.factories_intake import IntakeFactory, assigned_intake

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    ana = ConsultantFactory()
    ben = ConsultantFactory(supervisor=ana.supervisor)
    other = ConsultantFactory()  # another team's, in Tulsa
    home = SiteFactory(consultants=[ana])  # Oklahoma County
    SiteFactory(consultants=[other], county=County.objects.get(name="Tulsa"))
    return {"sup": ana.supervisor, "ana": ana, "ben": ben, "other": other, "home": home}


def queue(client, user) -> list[Intake]:
    client.force_login(user)
    response = client.get(reverse("consultation:intake_queue"))
    assert response.status_code == 200
    return [row.intake for row in response.context["rows"]]


def test_the_queue_shows_each_role_its_requests(client, team):
    anas = assigned_intake(team["ana"], site=team["home"])
    bens = assigned_intake(team["ben"], site=team["home"])
    others = assigned_intake(team["other"])
    near = IntakeFactory(site=SiteFactory())  # unassigned, Oklahoma County: the team's area
    far = IntakeFactory(site=SiteFactory(county=County.objects.get(name="Tulsa")))
    assert set(queue(client, team["ana"])) == {anas}
    assert set(queue(client, team["sup"])) == {anas, bens, near}
    assert set(queue(client, team["other"].supervisor)) == {others, far}
    assert set(queue(client, ProgramLeadFactory())) == {anas, bens, others, near, far}


def test_requests_past_the_standard_come_first(client, team):
    on_time = IntakeFactory(site=team["home"], received_on=today())
    late_contact = IntakeFactory(site=team["home"], received_on=today() - timedelta(days=10))
    contacted = IntakeFactory(
        site=team["home"],
        received_on=today() - timedelta(days=30),
        contacted_on=today() - timedelta(days=29),
        status=Intake.Status.CONTACTED,
    )  # contacted in time: older, but not late
    late_visit = IntakeFactory(
        site=team["home"],
        received_on=today() - timedelta(days=40),
        contacted_on=today() - timedelta(days=39),
        status=Intake.Status.CONTACTED,
        expulsion_risk=True,
    )
    ended = IntakeFactory(site=team["home"], status=Intake.Status.WAITLISTED)
    IntakeFactory(
        site=team["home"], status=Intake.Status.DECLINED, ended_on=today(), end_reason="No"
    )
    rows = queue(client, team["sup"])
    assert rows[:2] == [late_visit, late_contact]
    assert rows[2:] == [contacted, ended, on_time]  # the declined request has left the queue


def test_the_queue_query_count_does_not_grow_with_requests(
    client, team, django_assert_max_num_queries
):
    for _ in range(15):
        assigned_intake(team["ana"], site=team["home"], child=ChildFactory())
    client.force_login(team["sup"])
    # Session, user and the agreement accepted (3), the requests with their site, county, child,
    # classroom and consultant joined in (1), the crisis lines (1) and the request's savepoint
    # (2), the navigation's unread notifications (1): none per request (15 here).
    with django_assert_max_num_queries(8):
        response = client.get(reverse("consultation:intake_queue"))
    assert len(response.context["rows"]) == 15


def form_data(team, **changes) -> dict:
    data = {
        "received_on": today().isoformat(),
        "source": Intake.Source.WARMLINE,
        "site": str(team["home"].uuid),
        "reason_category": Intake.Reason.TRAUMA,
        "reason": "Withdrawn since a house fire",
        "expulsion_risk": "on",
    }
    return data | changes


def test_a_supervisor_records_a_request(client, team):
    client.force_login(team["sup"])
    response = client.post(reverse("consultation:intake_create"), form_data(team))
    intake = Intake.objects.get()
    assert response.url == intake.get_absolute_url()
    assert (intake.site, intake.source, intake.expulsion_risk) == (team["home"], "warmline", True)
    assert intake.steps.get().step == Intake.Status.RECEIVED


def test_a_bad_request_form_keeps_what_was_typed_and_saves_nothing(client, team):
    client.force_login(team["sup"])
    tomorrow = (today() + timedelta(days=1)).isoformat()
    response = client.post(
        reverse("consultation:intake_create"), form_data(team, received_on=tomorrow)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "error-summary" in html and "future" in html
    assert "Withdrawn since a house fire" in html  # kept
    assert not Intake.objects.exists()


def test_a_consultant_cannot_record_a_request(client, team):
    client.force_login(team["ana"])
    assert client.post(reverse("consultation:intake_create"), form_data(team)).status_code == 403
    assert not Intake.objects.exists()


def step_url(intake: Intake, step: str) -> str:
    return reverse("consultation:intake_step", args=[intake.uuid, step])


def test_steps_through_the_pages_from_contact_to_case(client, team):
    child = ChildFactory(classroom__site=team["home"])
    received = today() - timedelta(days=10)
    intake = IntakeFactory(site=team["home"], child=child, received_on=received)
    client.force_login(team["sup"])
    contacted = received + timedelta(days=1)
    client.post(step_url(intake, "contact"), {"contacted_on": contacted.isoformat()})
    response = client.post(
        step_url(intake, "assign"),
        {"consultant": str(team["ana"].uuid), "assigned_on": contacted.isoformat()},
    )
    assert response.status_code == 302
    client.force_login(team["ana"])
    response = client.post(step_url(intake, "open-case"), {"opened_on": contacted.isoformat()})
    case = ConsultationCase.objects.get()
    assert response.url == case.get_absolute_url()
    assert (case.child, case.consultant) == (child, team["ana"])
    visit_day = received + timedelta(days=7)
    VisitFactory(case=case, visit_date=visit_day)
    page = client.get(case.get_absolute_url())
    days = page.context["intake_days"]
    assert (days.to_contact, days.to_visit) == (
        business_days_between(received, contacted),
        business_days_between(received, visit_day),
    )
    assert f"{days.to_visit} business day" in page.content.decode()


def test_a_refused_step_shows_why_and_changes_nothing(client, team):
    intake = IntakeFactory(site=team["home"], received_on=today() - timedelta(days=3))
    client.force_login(team["sup"])
    early = (today() - timedelta(days=9)).isoformat()
    response = client.post(step_url(intake, "contact"), {"contacted_on": early, "note": "Rang"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert "Rang</textarea>" in response.content.decode()  # kept
    intake.refresh_from_db()
    assert (intake.status, intake.steps.count()) == (Intake.Status.RECEIVED, 1)
    # A step the state does not allow: said at the top of the form.
    response = client.post(step_url(intake, "open-case"), {"opened_on": today().isoformat()})
    assert response.status_code == 403  # a supervisor never opens the case


def test_the_assign_form_offers_only_the_supervisors_team(client, team):
    intake = IntakeFactory(site=team["home"], contacted_on=today(), status=Intake.Status.CONTACTED)
    client.force_login(team["sup"])
    response = client.get(step_url(intake, "assign"))
    offered = set(response.context["form"].fields["consultant"].queryset)
    assert offered == {team["ana"], team["ben"]}
    response = client.post(
        step_url(intake, "assign"),
        {"consultant": str(team["other"].uuid), "assigned_on": today().isoformat()},
    )
    assert response.status_code == 200
    intake.refresh_from_db()
    assert intake.assigned_to is None
