"""Exclusion events on child-focused cases: recorded from the case page, listed there; refused
on other cases, in the future, with impossible days; nothing saved on bad input."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import AccessRecord
from consultation import services
from consultation.models import ExclusionEvent
from tests.factories import CaseFactory, ClassroomFactory, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def anas_case(demo_users):
    return CaseFactory(consultant=demo_users["ana"])


def url_of(case) -> str:
    return reverse("consultation:exclusion_create", args=[case.uuid])


def test_consultant_records_a_suspension_and_sees_it_on_the_case(signed_in, anas_case, demo_users):
    client = signed_in("ana")
    response = client.post(
        url_of(anas_case),
        {
            "kind": "suspension",
            "occurred_on": (today() - timedelta(days=3)).isoformat(),
            "days": "2",
            "decided_by": "director",
        },
    )
    assert response.status_code == 302 and response.url == anas_case.get_absolute_url()
    event = ExclusionEvent.objects.get()
    assert (event.case, event.child, event.kind, event.days, event.decided_by) == (
        anas_case,
        anas_case.child,
        "suspension",
        2,
        "director",
    )
    assert event.recorded_by == demo_users["ana"]
    page = client.get(anas_case.get_absolute_url()).content.decode()
    assert "Suspension" in page and "2 days" in page and "decided by: director" in page
    client.get(url_of(anas_case))
    audit = AccessRecord.objects.get(url_name="consultation:exclusion_create")
    assert audit.object_type == "case" and audit.object_id == str(anas_case.uuid)


def test_bad_input_shows_errors_beside_the_fields_and_at_the_top_and_saves_nothing(
    signed_in, anas_case
):
    response = signed_in("ana").post(
        url_of(anas_case),
        {
            "kind": "sent_home",
            "occurred_on": (today() + timedelta(days=1)).isoformat(),
            "days": "0",
            "decided_by": "",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was saved" in html
    assert 'href="#id_days"' in html and 'href="#id_decided_by"' in html
    assert re.search(r'value="sent_home"[^>]*checked', html)  # what was typed is kept
    assert not ExclusionEvent.objects.exists()


def test_a_date_in_the_future_is_refused_by_the_service():
    case = CaseFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.exclusion_record(
            case=case,
            by=case.consultant,
            kind="keep_home",
            occurred_on=today() + timedelta(days=1),
            decided_by="teacher",
        )
    assert "occurred_on" in excinfo.value.message_dict
    assert not ExclusionEvent.objects.exists()


def test_a_classroom_case_has_no_exclusion_events(signed_in, demo_users):
    case = CaseFactory(
        consultant=demo_users["ana"], focus="classroom", child=None, classroom=ClassroomFactory()
    )
    assert signed_in("ana").get(url_of(case)).status_code == 404
    with pytest.raises(ValidationError):
        services.exclusion_record(
            case=case,
            by=case.consultant,
            kind="dismissal",
            occurred_on=today(),
            decided_by="owner",
        )
    assert "Exclusion events" not in signed_in("ana").get(case.get_absolute_url()).content.decode()


def test_another_consultant_cannot_record_on_the_case(signed_in, anas_case):
    assert signed_in("cara").get(url_of(anas_case)).status_code == 404
    assert signed_in("sue").get(url_of(anas_case)).status_code == 403
