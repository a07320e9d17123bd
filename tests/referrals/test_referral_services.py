from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from referrals.models import Referral, ReferralStatusChange
from referrals.services import referral_create, referral_record_consent, referral_transition
from tests.factories import (
    CaseFactory,
    ChildFactory,
    ReferralFactory,
    agency_for,
    service_type,
    today,
)

pytestmark = pytest.mark.django_db

S = Referral.Status


def test_referral_create_records_the_draft_step():
    case = CaseFactory()
    guidance = service_type()
    referral = referral_create(
        created_by=case.consultant,
        case=case,
        child=case.child,
        service_type=guidance,
        agency=agency_for(guidance),
        reason="Counselling",
    )
    assert referral.status == S.DRAFT
    assert [(c.from_status, c.to_status) for c in referral.status_changes.all()] == [("", S.DRAFT)]


def test_agency_must_provide_the_service_type():
    case = CaseFactory()
    warmline = service_type("Early Childhood Warmline")
    with pytest.raises(ValidationError) as excinfo:
        referral_create(
            created_by=case.consultant,
            case=case,
            child=case.child,
            service_type=service_type("Child Guidance Program"),
            agency=agency_for(warmline),
            reason="Counselling",
        )
    assert "agency" in excinfo.value.message_dict
    assert not Referral.objects.exists()


def test_service_age_limit_is_checked():
    child = ChildFactory(date_of_birth=today() - timedelta(days=4 * 365))
    case = CaseFactory(child=child)
    soonerstart = service_type("SoonerStart early intervention")
    with pytest.raises(ValidationError) as excinfo:
        referral_create(
            created_by=case.consultant,
            case=case,
            child=child,
            service_type=soonerstart,
            agency=agency_for(soonerstart),
            reason="Speech",
        )
    assert "36 months" in str(excinfo.value)


def test_referral_cannot_leave_draft_without_consent_and_the_refusal_links_to_it():
    child = ChildFactory(consent=False)
    referral = ReferralFactory(case=CaseFactory(child=child), child=child)
    with pytest.raises(ValidationError) as excinfo:
        referral_transition(referral=referral, to_status=S.SENT, by=referral.created_by)
    (message,) = excinfo.value.message_dict["to_status"]
    assert "no information-sharing consent is in force" in message
    assert f"/children/{child.uuid}/consent/new/" in message
    referral.refresh_from_db()
    assert referral.status == S.DRAFT
    assert not ReferralStatusChange.objects.filter(to_status=S.SENT).exists()


def test_a_family_referral_about_no_child_needs_the_familys_consent_on_it():
    case = CaseFactory(focus="program", child=None, classroom=None)
    referral = ReferralFactory(case=case, child=None)
    with pytest.raises(ValidationError) as excinfo:
        referral_transition(referral=referral, to_status=S.SENT, by=referral.created_by)
    assert "family's written consent" in str(excinfo.value)
    referral_record_consent(
        referral=referral, consent_date=today(), consent_given_by="Maria L., mother"
    )
    referral_transition(referral=referral, to_status=S.SENT, by=referral.created_by)
    assert Referral.objects.get(pk=referral.pk).status == S.SENT


def test_the_database_keeps_family_consent_off_a_referral_that_names_a_child():
    referral = ReferralFactory()
    referral.consent_date, referral.consent_given_by = today(), "mother"
    with pytest.raises(IntegrityError), transaction.atomic():
        referral.save()


def test_full_path_writes_each_dated_step_and_gives_days_to_service():
    case = CaseFactory()
    guidance = service_type()
    start = today() - timedelta(days=9)
    referral = referral_create(
        created_by=case.consultant,
        case=case,
        child=case.child,
        service_type=guidance,
        agency=agency_for(guidance),
        reason="Counselling",
        started_on=start,
    )
    referral_transition(referral=referral, to_status=S.SENT, by=referral.created_by, on=start)
    referral_transition(
        referral=referral,
        to_status=S.ACCEPTED,
        by=referral.created_by,
        on=start + timedelta(days=3),
    )
    referral_transition(
        referral=referral,
        to_status=S.SERVICES_STARTED,
        by=referral.created_by,
        on=start + timedelta(days=8),
        note="First session held",
    )
    referral.refresh_from_db()
    assert referral.status == S.SERVICES_STARTED
    assert referral.sent_on == start
    assert referral.follow_up_due == start + timedelta(days=14)
    steps = list(referral.status_changes.values_list("from_status", "to_status"))
    assert steps == [
        ("", S.DRAFT),
        (S.DRAFT, S.SENT),
        (S.SENT, S.ACCEPTED),
        (S.ACCEPTED, S.SERVICES_STARTED),
    ]
    started = referral.status_changes.get(to_status=S.SERVICES_STARTED).changed_on
    assert (started - referral.sent_on).days == 8
    assert referral.consent == case.child.consents.get()  # the consent it was sent under


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([], S.SERVICES_STARTED),
        ([], S.ACCEPTED),
        ([S.SENT], S.DRAFT),
        ([S.SENT, S.DECLINED], S.ACCEPTED),
        ([S.CLOSED], S.SENT),
        ([S.SENT, S.ACCEPTED, S.SERVICES_STARTED], S.WAITLISTED),
    ],
)
def test_disallowed_transitions_are_refused_and_write_nothing(path, refused):
    referral = ReferralFactory()
    for step in path:
        referral_transition(referral=referral, to_status=step, by=referral.created_by)
    steps_before = referral.status_changes.count()
    with pytest.raises(ValidationError) as excinfo:
        referral_transition(referral=referral, to_status=refused, by=referral.created_by)
    assert "to_status" in excinfo.value.message_dict
    assert referral.status_changes.count() == steps_before


def test_every_status_is_reachable_from_draft():
    reachable, frontier = {S.DRAFT}, [S.DRAFT]
    while frontier:
        for nxt in Referral.ALLOWED_TRANSITIONS[frontier.pop()]:
            if nxt not in reachable:
                reachable.add(nxt)
                frontier.append(nxt)
    assert reachable == set(S)


def test_a_step_cannot_be_dated_before_the_previous_one():
    referral = ReferralFactory()
    referral_transition(referral=referral, to_status=S.SENT, by=referral.created_by)
    with pytest.raises(ValidationError) as excinfo:
        referral_transition(
            referral=referral,
            to_status=S.ACCEPTED,
            by=referral.created_by,
            on=today() - timedelta(days=3),
        )
    assert "on" in excinfo.value.message_dict


def test_referrals_come_from_open_cases_of_the_consultant():
    case = CaseFactory(
        status="closed", closed_on=today(), closure_reason="other", placement_at_closure="unknown"
    )
    guidance = service_type()
    with pytest.raises(ValidationError) as excinfo:
        referral_create(
            created_by=case.consultant,
            case=case,
            child=case.child,
            service_type=guidance,
            agency=agency_for(guidance),
            reason="x",
        )
    assert "case" in excinfo.value.message_dict
