"""The one consent rule, on its boundary days, for each kind of work it guards: opening a
child-focused case, recording a concern, sending a referral. Consent in force from the day it
is given, through its expiry date, and never on or after the day it was revoked."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from consultation import services
from consultation.models import Consent, ConsultationCase, ObservedConcern, Visit
from consultation.selectors import Purpose, consent_in_force
from referrals.models import Referral
from referrals.services import referral_transition
from tests.factories import (
    CaseFactory,
    ChildFactory,
    ConsentFactory,
    ConsultantFactory,
    ReferralFactory,
    agency_for,
    concern_item,
    service_type,
    today,
)

pytestmark = pytest.mark.django_db

DAY = today() - timedelta(days=20)  # the day the work is dated


def child_with(**consent):
    """A preschooler whose only consent is the one described."""
    child = ChildFactory(consent=False)
    if consent:
        ConsentFactory(child=child, **consent)
    return child


IN_FORCE = [
    ({"given_on": DAY}, True),  # given the same day
    ({"given_on": DAY + timedelta(days=1)}, False),  # given the day after
    ({"given_on": DAY - timedelta(days=9), "expires_on": DAY}, True),  # expires that day
    ({"given_on": DAY - timedelta(days=9), "expires_on": DAY - timedelta(days=1)}, False),
    ({"given_on": DAY - timedelta(days=9), "revoked_on": DAY, "revoked_reported_by": "M."}, False),
    (
        {"given_on": DAY - timedelta(days=9), "revoked_on": DAY + timedelta(days=1)}
        | {"revoked_reported_by": "M."},
        True,
    ),
]


@pytest.mark.parametrize(("consent", "allowed"), IN_FORCE)
def test_a_child_focused_case_opens_only_under_consent_in_force_that_day(consent, allowed):
    child = child_with(**consent)
    consultant = ConsultantFactory()
    opening = {"consultant": consultant, "focus": "child", "child": child, "reason": "Biting"}
    if allowed:
        assert services.case_open(**opening, opened_on=DAY).child == child
        return
    with pytest.raises(ValidationError) as refused:
        services.case_open(**opening, opened_on=DAY)
    (message,) = refused.value.message_dict["child"]
    assert f'href="/children/{child.uuid}/consent/new/"' in message
    assert not ConsultationCase.objects.exists()


def test_consent_to_share_only_does_not_open_a_case():
    child = child_with(given_on=DAY, covers_consultation=False)
    with pytest.raises(ValidationError):
        services.case_open(
            consultant=ConsultantFactory(),
            focus="child",
            child=child,
            reason="Biting",
            opened_on=DAY,
        )


def test_a_refusal_after_a_revocation_says_when_it_was_revoked():
    child = child_with(given_on=DAY - timedelta(days=30), revoked_on=DAY, revoked_reported_by="M.")
    message = services.consent_refusal(child, DAY, Purpose.CONSULTATION, doing="do it")
    assert "consent was revoked on" in message


def log(case, child, on, **extra):
    return services.visit_log(
        consultant=case.consultant,
        case=case,
        visit_date=on,
        start_time="09:00",
        duration_minutes=60,
        mode=Visit.Mode.ON_SITE,
        children=[child],
        concerns=[
            services.ConcernInput(
                child=child, concern_item=concern_item("preschool"), frequency="once"
            )
        ],
        **extra,
    )


@pytest.mark.parametrize(("consent", "allowed"), IN_FORCE)
def test_a_concern_about_a_named_child_needs_consent_on_the_visit_date(consent, allowed):
    # A classroom case: the case needs no consent; a concern about one of its children does.
    child = child_with(**consent)
    case = CaseFactory(
        focus="classroom", child=None, classroom=child.classroom, opened_on=DAY - timedelta(10)
    )
    if allowed:
        assert log(case, child, DAY).visit.concerns.get().child == child
        return
    with pytest.raises(ValidationError) as refused:
        log(case, child, DAY)
    assert "cannot have concerns recorded" in str(refused.value.message_dict["concerns"])
    assert not Visit.objects.exists() and not ObservedConcern.objects.exists()


def test_a_revocation_keeps_past_concerns_and_the_visit_can_still_be_edited():
    consent = ConsentFactory(child=ChildFactory(consent=False), given_on=DAY - timedelta(30))
    child = consent.child
    case = CaseFactory(child=child, opened_on=DAY - timedelta(10))
    visit = log(case, child, DAY).visit
    services.consent_revoke(consent=consent, by=case.consultant, revoked_on=DAY, reported_by="M.")
    assert visit.concerns.count() == 1  # the past stays
    edited = log(case, child, DAY, visit=visit, expected_version=visit.version)
    assert edited.visit.concerns.count() == 1
    with pytest.raises(ValidationError):  # but a new visit from that day is refused
        log(case, child, DAY + timedelta(days=1), same_day_confirmed=True)


@pytest.mark.parametrize(
    ("scope", "allowed"),
    [
        ("any", True),
        ("this agency", True),
        ("this service", True),
        ("another agency", False),
        ("another service", False),
        ("consultation only", False),
    ],
)
def test_sending_a_referral_needs_consent_to_share_with_its_agency_or_service(scope, allowed):
    guidance = service_type("Child Guidance Program")
    therapy = service_type("Behavioural and speech therapy")
    target = {
        "any": {},
        "this agency": {"sharing_agency": agency_for(guidance)},
        "this service": {"sharing_service_type": guidance},
        "another agency": {"sharing_agency": agency_for(therapy)},
        "another service": {"sharing_service_type": therapy},
        "consultation only": {"covers_sharing": False},
    }[scope]
    child = child_with(given_on=DAY - timedelta(days=30), **target)
    case = CaseFactory(child=child, opened_on=DAY - timedelta(days=10))
    referral = ReferralFactory(case=case, child=child, service_type=guidance)
    if allowed:
        sent = referral_transition(referral=referral, to_status="sent", by=case.consultant, on=DAY)
        assert sent.consent == child.consents.get()
        return
    with pytest.raises(ValidationError) as refused:
        referral_transition(referral=referral, to_status="sent", by=case.consultant, on=DAY)
    assert f"/children/{child.uuid}/consent/new/" in str(refused.value)
    assert Referral.objects.get().status == Referral.Status.DRAFT


# Recording and revoking ------------------------------------------------------------------------


def record(child, **changes):
    values = {
        "given_by": "Maria L.",
        "relationship": Consent.Relationship.PARENT,
        "given_on": today(),
        "covers_consultation": True,
        "covers_sharing": False,
    } | changes
    return services.consent_record(
        child=child, recorded_by=ConsultantFactory(), consent=services.ConsentInput(**values)
    )


PDF = b"%PDF-1.4 a signed form"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"given_on": today() + timedelta(days=1)}, "given_on"),
        ({"given_on": today() - timedelta(days=20 * 365)}, "given_on"),  # before birth
        ({"covers_consultation": False}, "covers_consultation"),
        ({"sharing_service_type": "x"}, "sharing_agency"),  # a target without sharing
        ({"written_received_on": today()}, "written_received_on"),  # written: nothing to wait
        ({"expires_on": today() - timedelta(days=1)}, "expires_on"),
        ({"relationship": Consent.Relationship.NOT_RECORDED}, "relationship"),
        ({"given_by": "  "}, "given_by"),
        ({"document": SimpleUploadedFile("form.pdf", b"")}, "document"),
        ({"document": SimpleUploadedFile("form.pdf", b"MZ\x90 not a scan")}, "document"),
    ],
)
def test_a_consent_that_does_not_add_up_is_refused_and_nothing_is_kept(changes, field):
    child = ChildFactory(consent=False)
    with pytest.raises(ValidationError) as refused:
        record(child, **changes)
    assert field in refused.value.message_dict
    assert not Consent.objects.exists()


def test_a_scan_larger_than_the_limit_is_refused_with_its_size(settings):
    settings.CONSENT_DOCUMENT_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as refused:
        record(ChildFactory(consent=False), document=SimpleUploadedFile("f.pdf", PDF * 100))
    assert "at most" in refused.value.message_dict["document"][0]


def test_verbal_consent_waits_for_its_written_copy_and_a_scan_is_kept_privately(settings):
    child = ChildFactory(consent=False)
    consent = record(
        child,
        method=Consent.Method.VERBAL_THEN_WRITTEN,
        written_received_on=today(),
        document=SimpleUploadedFile("scan of Maria's form.pdf", PDF),
    )
    assert consent.document.name == f"consents/{consent.uuid}.pdf"  # no name in the file name
    assert consent.document.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert consent_in_force(child, today(), Purpose.CONSULTATION) == consent
    with pytest.raises(ValueError):
        consent.document.url  # noqa: B018 (it has no public address)


def test_revoking_is_dated_says_who_reported_it_and_is_kept_in_the_history():
    consent = ConsentFactory(given_on=DAY)
    by = ConsultantFactory()
    with pytest.raises(ValidationError) as refused:
        services.consent_revoke(
            consent=consent, by=by, revoked_on=DAY - timedelta(days=1), reported_by=""
        )
    assert set(refused.value.message_dict) == {"revoked_on", "reported_by"}
    services.consent_revoke(
        consent=consent, by=by, revoked_on=DAY, reported_by="Maria L., by phone"
    )
    consent.refresh_from_db()
    assert (consent.revoked_on, consent.revoked_reported_by) == (DAY, "Maria L., by phone")
    assert consent.history.latest().history_change_reason.endswith(f"revoked from {DAY}")
    with pytest.raises(ValidationError):  # once
        services.consent_revoke(consent=consent, by=by, revoked_on=DAY, reported_by="again")
