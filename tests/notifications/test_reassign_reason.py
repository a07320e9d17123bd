"""Reassignment in the admin asks for a reason: none, nothing moves and the field says why;
given, it is in the case's history and in the new consultant's notification."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from accounts.models import Notification
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

CASES = reverse("admin:consultation_consultationcase_changelist")


def reassign(client, case, **data):
    return client.post(
        CASES,
        {"action": "reassign_cases", ACTION_CHECKBOX_NAME: [case.pk], "apply": "1", **data},
    )


def test_reassigning_without_a_reason_moves_nothing_and_asks_for_it(signed_in, demo_users):
    case = CaseFactory(consultant=demo_users["ana"])
    response = reassign(signed_in("sue"), case, to_consultant=demo_users["ben"].pk, reason=" ")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Say why the cases are reassigned." in page
    case.refresh_from_db()
    assert case.consultant == demo_users["ana"]
    assert not Notification.objects.exists()


def test_the_reason_is_in_the_history_and_the_new_consultants_notification(signed_in, demo_users):
    case = CaseFactory(consultant=demo_users["ana"])
    client = signed_in("sue")
    reason = "Ana moves to the Tulsa team next month"
    response = reassign(client, case, to_consultant=demo_users["ben"].pk, reason=reason)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.consultant == demo_users["ben"]
    history = client.get(
        reverse("admin:consultation_consultationcase_history", args=[case.pk])
    ).content.decode()
    assert reason in history
    notification = Notification.objects.get()
    assert notification.recipient == demo_users["ben"]
    assert notification.kind == Notification.Kind.REASSIGNED
    page = signed_in("ben").get(reverse("notification_list")).content.decode()
    assert reason in page
    assert reason not in signed_in("ana").get(reverse("notification_list")).content.decode()
