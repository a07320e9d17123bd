"""Referrals from the consultant's pages: create with consent (or be refused), agency choices
by service type, status moves with a dated note, and the follow-up list, overdue first."""

from datetime import timedelta

import pytest
from django.urls import reverse

from consultation.models import ObservedConcern
from referrals.models import Agency, Referral, ReferralStatusChange
from tests.factories import (
    CaseFactory,
    ChildFactory,
    ConsentFactory,
    ConsultantFactory,
    ReferralFactory,
    VisitFactory,
    agency_for,
    concern_item,
    service_type,
    today,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return CaseFactory()


def create_data(case, **overrides):
    service = service_type("Child Guidance Program")
    data = {
        "case": str(case.uuid),
        "child": str(case.child.uuid),
        "service_type": service.pk,
        "agency": agency_for(service).pk,
        "reason": "Family asked for counselling",
        "send_now": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_referral_from_a_case_is_sent_with_consent(client, case):
    client.force_login(case.consultant)
    url = f"{reverse('referrals:referral_create')}?case={case.uuid}&child={case.child.uuid}"
    page = client.get(url)
    assert page.context["form"].initial["case"] == case.uuid
    response = client.post(url, create_data(case))
    referral = Referral.objects.get()
    assert response["Location"] == referral.get_absolute_url()
    assert referral.status == Referral.Status.SENT
    assert referral.follow_up_due == today() + timedelta(days=14)
    assert [c.to_status for c in referral.status_changes.all()] == ["draft", "sent"]


@pytest.fixture
def unconsented_case():
    return CaseFactory(child=ChildFactory(consent=False))


def test_referral_without_consent_is_refused_with_a_link_to_record_it(client, unconsented_case):
    case = unconsented_case
    client.force_login(case.consultant)
    response = client.post(reverse("referrals:referral_create"), create_data(case))
    assert response.status_code == 200
    errors = response.context["form"].errors["child"]
    assert "no information-sharing consent is in force" in errors[0]
    page = response.content.decode()
    assert f'href="/children/{case.child.uuid}/consent/new/"' in page  # a link, not text
    assert "Family asked for counselling" in page
    assert not Referral.objects.exists()
    assert not ReferralStatusChange.objects.exists()


def test_referral_draft_without_consent_can_be_saved_but_not_sent(client, unconsented_case):
    case = unconsented_case
    client.force_login(case.consultant)
    client.post(reverse("referrals:referral_create"), create_data(case, send_now=None))
    referral = Referral.objects.get()
    assert referral.status == Referral.Status.DRAFT
    detail = client.get(referral.get_absolute_url()).content.decode()
    assert "none in force for" in detail and f"/children/{case.child.uuid}/consent/new/" in detail
    response = client.post(
        reverse("referrals:referral_transition", args=[referral.uuid]),
        {"to_status": "sent", "on": today().isoformat()},
    )
    assert "no information-sharing consent is in force" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DRAFT
    ConsentFactory(child=case.child, covers_consultation=False, given_on=today())
    client.post(
        reverse("referrals:referral_transition", args=[referral.uuid]),
        {"to_status": "sent", "on": today().isoformat()},
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT
    assert referral.consent.child == case.child


def test_agency_that_does_not_provide_the_service_is_refused(client, case):
    client.force_login(case.consultant)
    wrong = Agency.objects.get(name="Early Childhood Warmline")
    response = client.post(reverse("referrals:referral_create"), create_data(case, agency=wrong.pk))
    assert "does not provide" in response.context["form"].errors["agency"][0]
    assert not Referral.objects.exists()


def test_agency_options_carry_their_service_types_for_filtering(client, case):
    client.force_login(case.consultant)
    body = client.get(f"{reverse('referrals:referral_create')}?case={case.uuid}").content.decode()
    service = service_type("SoonerStart early intervention")
    agency = agency_for(service)
    assert f'value="{agency.pk}" data-service-types="' in body
    assert "js/referral_form.js" in body


def test_referral_started_from_a_child_picks_the_childs_case(client, case):
    client.force_login(case.consultant)
    page = client.get(reverse("referrals:referral_create"), {"child": str(case.child.uuid)})
    assert page.context["form"].initial["case"] == case.uuid


def test_referral_from_the_crisis_prompt_prefills_the_concern(client, case):
    visit = VisitFactory(case=case)
    visit.children.add(case.child)
    crisis = concern_item("preschool", crisis=True)
    ObservedConcern.objects.create(
        visit=visit, child=case.child, concern_item=crisis, frequency="once"
    )
    client.force_login(case.consultant)
    page = client.get(
        reverse("referrals:referral_create"),
        {"case": str(case.uuid), "child": str(case.child.uuid), "visit": str(visit.uuid)},
    )
    assert crisis.text.lower() in page.context["form"].initial["reason"]


def test_status_moves_with_note_and_date_and_shows_on_the_timeline(client, case):
    referral = ReferralFactory(case=case)
    client.force_login(case.consultant)
    url = reverse("referrals:referral_transition", args=[referral.uuid])
    client.post(url, {"to_status": "sent", "on": today().isoformat()})
    client.post(
        url, {"to_status": "waitlisted", "on": today().isoformat(), "note": "Six-week wait"}
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.WAITLISTED
    page = client.get(referral.get_absolute_url())
    body = page.content.decode()
    assert "Six-week wait" in body
    assert [c.to_status for c in page.context["changes"]] == ["waitlisted", "sent"]
    # Only the allowed next statuses are offered.
    offered = {value for value, _ in page.context["transition_form"].fields["to_status"].choices}
    assert offered == {"accepted", "declined", "closed"}


def test_status_move_not_allowed_is_refused(client, case):
    referral = ReferralFactory(case=case)
    client.force_login(case.consultant)
    response = client.post(
        reverse("referrals:referral_transition", args=[referral.uuid]),
        {"to_status": "services_started", "on": today().isoformat()},
    )
    assert response.status_code == 200
    assert "to_status" in response.context["transition_form"].errors
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DRAFT


def sent_referral(case, due):
    return ReferralFactory(
        case=case,
        status=Referral.Status.SENT,
        sent_on=today() - timedelta(days=30),
        follow_up_due=due,
    )


def test_referral_list_puts_overdue_follow_ups_first(client, case):
    later = sent_referral(case, today() + timedelta(days=3))
    overdue = sent_referral(case, today() - timedelta(days=2))
    sooner = sent_referral(case, today() + timedelta(days=1))
    sent_referral(CaseFactory(), today() - timedelta(days=9))  # someone else's
    client.force_login(case.consultant)
    response = client.get(reverse("referrals:referral_list"))
    assert list(response.context["referrals"]) == [overdue, sooner, later]
    assert "overdue" in response.content.decode()


def test_consultant_cannot_move_another_consultants_referral(client, case):
    referral = ReferralFactory(case=case)
    client.force_login(ConsultantFactory())
    response = client.post(
        reverse("referrals:referral_transition", args=[referral.uuid]),
        {"to_status": "sent", "on": today().isoformat()},
    )
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DRAFT


def test_supervisor_reads_a_team_referral_without_forms(client, case):
    referral = ReferralFactory(case=case)
    client.force_login(case.consultant.supervisor)
    page = client.get(referral.get_absolute_url())
    assert page.status_code == 200
    assert page.context["transition_form"] is None
    assert reverse("referrals:referral_transition", args=[referral.uuid]) not in (
        page.content.decode()
    )
