"""Every change is attributable: who, when, what (field by field) and where it was made."""

import sys

import pytest
from django.test import RequestFactory
from django.urls import reverse
from simple_history.models import HistoricalRecords

from consultation import services
from core import history as audit
from tests.admin.conftest import admin_url
from tests.factories import CaseFactory, ChildFactory, ClassroomFactory, SiteFactory

pytestmark = pytest.mark.django_db


def test_admin_change_is_recorded_with_user_source_and_field_diff(
    signed_in, demo_users, ana_records
):
    case = ana_records.case
    client = signed_in("sue")
    client.post(
        admin_url(case),
        {
            "reason": "Hitting at nap time",
            "closure_note": "",
            **{
                f"{p}-{k}": v
                for p in ("visits", "goals", "referrals")
                for k, v in (
                    ("TOTAL_FORMS", "0"),
                    ("INITIAL_FORMS", "0"),
                    ("MIN_NUM_FORMS", "0"),
                    ("MAX_NUM_FORMS", "1000"),
                )
            },
        },
    )
    latest = case.history.latest()
    assert latest.reason == "Hitting at nap time"
    assert latest.history_user == demo_users["sue"]
    assert latest.history_change_reason == "admin"

    page = client.get(admin_url(case, "history")).content.decode()
    assert "Sue Harjo" in page
    assert "Hitting at nap time" in page  # the field-by-field diff: old value to new value
    assert "Biting and hitting at transitions" in page
    assert "admin" in page


def test_consultant_ui_change_is_marked_as_such(signed_in, demo_users):
    ana = demo_users["ana"]
    child = ChildFactory(classroom=ClassroomFactory(site=SiteFactory(consultants=[ana])))
    response = signed_in("ana").post(
        reverse("consultation:child_archive", args=[child.uuid]),
        {"reason": "Left the program", "version": child.version},
    )
    assert response.status_code == 302
    latest = child.history.latest()
    assert latest.is_archived
    assert latest.history_change_reason == "consultant UI: archived: Left the program"
    assert latest.history_user == ana


def test_source_follows_the_url_of_the_request(demo_users):
    for path, expected in (("/cases/x/close/", "consultant UI"), ("/admin/x/", "admin")):
        request = RequestFactory().post(path)
        request.user = demo_users["sue"]
        HistoricalRecords.context.request = request
        try:
            assert audit.change_source() == expected
        finally:
            del HistoricalRecords.context.request


def test_change_without_a_request_is_marked_as_a_management_command(demo_users, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["manage.py", "seed_demo"])
    child = ChildFactory()
    assert child.history.latest().history_change_reason == "management command seed_demo"
    monkeypatch.setattr(sys, "argv", ["some-script"])
    services.child_archive(child=child, reason="Added twice")
    latest = child.history.latest()
    assert latest.history_change_reason == "management command: archived: Added twice"
    assert latest.history_user is None


def test_the_seed_demo_command_records_its_changes_as_a_command(settings, demo_users):
    from django.core.management import call_command

    from consultation.models import ConsultationCase

    settings.DEBUG = True
    call_command("seed_demo", stdout=__import__("io").StringIO())
    reasons = set(
        ConsultationCase.history.values_list("history_change_reason", flat=True).distinct()
    )
    assert ConsultationCase.objects.exists()
    assert reasons and all(r.startswith(audit.COMMAND) for r in reasons)


def test_a_reason_given_by_a_service_follows_the_source(demo_users):
    case = CaseFactory(consultant=demo_users["ana"])
    services.cases_reassign(
        cases=[case], to_consultant=demo_users["ben"], by=demo_users["sue"], reason="Leave"
    )
    assert case.history.latest().history_change_reason == (
        "management command: reassigned from Ana Morales to Ben Carter: Leave"
    )


def test_visit_history_keeps_its_children_and_activities(demo_users, ana_records):
    visit = ana_records.visit
    visit.children.add(ana_records.case.child)
    latest = visit.history.latest()
    assert list(latest.children.values_list("child_id", flat=True)) == [ana_records.case.child.pk]


def test_past_versions_are_shown_read_only_and_cannot_be_reverted(signed_in, ana_records):
    case = ana_records.case
    version = case.history.earliest()
    url = admin_url(case, "history").rstrip("/") + f"/{version.history_id}/"
    for username in ("sue", "admin"):
        client = signed_in(username)
        page = client.get(url)
        assert page.status_code == 200
        assert "Revert" not in page.content.decode()
        assert client.post(url, {"reason": "Rewritten history"}).status_code == 405
    case.refresh_from_db()
    assert case.reason != "Rewritten history"


def test_past_versions_of_another_teams_record_are_404(signed_in, cara_records):
    case = cara_records.case
    version = case.history.earliest()
    url = admin_url(case, "history").rstrip("/") + f"/{version.history_id}/"
    assert signed_in("sue").get(url).status_code == 404


def test_reference_list_history_cannot_be_reverted_either(signed_in):
    from referrals.models import Agency

    agency = Agency.objects.order_by("pk").first()
    agency.phone = "405-555-0000"
    agency.save()
    version = agency.history.earliest()
    url = admin_url(agency, "history").rstrip("/") + f"/{version.history_id}/"
    client = signed_in("admin")
    assert client.get(url).status_code == 200
    assert client.post(url, {"name": agency.name, "phone": ""}).status_code == 405
    agency.refresh_from_db()
    assert agency.phone == "405-555-0000"
