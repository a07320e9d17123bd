"""The notifications page (one's own only), the count in the navigation, marking read, and the
email choices page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Notification, NotificationPreference
from accounts.notify import email_choices, notify

pytestmark = pytest.mark.django_db

LIST = reverse("notification_list")


def note(user, text="Something happened at Little Acorns 1.", **kwargs):
    return notify(recipient=user, kind="crisis", text=text, link="/caseload/", **kwargs)


def test_each_person_sees_only_their_own_notifications(signed_in, demo_users):
    note(demo_users["sue"], "For sue")
    note(demo_users["tom"], "For tom")
    page = signed_in("sue").get(LIST).content.decode()
    assert "For sue" in page
    assert "For tom" not in page


def test_marking_another_persons_notification_read_is_not_found(signed_in, demo_users):
    theirs = note(demo_users["tom"])
    response = signed_in("sue").post(reverse("notification_read", args=[theirs.uuid]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_lowers_the_count_in_the_navigation(signed_in, demo_users):
    mine = note(demo_users["sue"])
    note(demo_users["sue"], "Second")
    client = signed_in("sue")
    assert "Notifications <span" in client.get(LIST).content.decode()
    assert ">2<span" in client.get(LIST).content.decode()
    response = client.post(reverse("notification_read", args=[mine.uuid]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert ">1<span" in client.get(LIST).content.decode()
    client.post(reverse("notifications_read_all"))
    assert not Notification.objects.filter(recipient=demo_users["sue"], read_at=None).exists()
    assert "Notifications <span" not in client.get(LIST).content.decode()


def test_marking_read_is_a_post(signed_in, demo_users):
    mine = note(demo_users["sue"])
    assert signed_in("sue").get(reverse("notification_read", args=[mine.uuid])).status_code == 405


def test_the_list_reads_a_fixed_number_of_queries(
    signed_in, demo_users, django_assert_max_num_queries
):
    for n in range(30):
        note(demo_users["sue"], f"Event {n}")
    client = signed_in("sue")
    client.get(LIST)
    # Session, user, agreement check, two-factor device, the page of notifications, the count
    # in the navigation, the crisis lines in the footer, and the savepoints around the request:
    # the same for 30 rows as for one (no query per row).
    with django_assert_max_num_queries(12):
        assert client.get(LIST).status_code == 200


def test_the_navigation_count_costs_one_query(signed_in, demo_users):
    note(demo_users["ana"])
    client = signed_in("ana")
    client.get(LIST)
    home = reverse("consultation:caseload")
    client.get(home)
    with CaptureQueriesContext(connection) as queries:
        client.get(home)
    counted = [q for q in queries if "accounts_notification" in q["sql"]]
    assert len(counted) == 1


def test_email_choices_default_to_crisis_on_and_save(signed_in, demo_users):
    sue, ana = demo_users["sue"], demo_users["ana"]
    assert email_choices(ana) == {
        "crisis": True,
        "follow_up_overdue": False,
        "no_contact": False,
        "reassigned": False,
        "digest": False,
    }
    assert email_choices(sue)["digest"] is True  # supervisors get the digest unless they say no
    client = signed_in("ana")
    page = client.get(reverse("notification_preferences")).content.decode()
    assert 'name="crisis" id="id_crisis" checked' in page
    response = client.post(
        reverse("notification_preferences"), {"no_contact": "on", "digest": "on"}
    )
    assert response.status_code == 302
    assert email_choices(ana) == {
        "crisis": False,
        "follow_up_overdue": False,
        "no_contact": True,
        "reassigned": False,
        "digest": True,
    }
    assert NotificationPreference.objects.filter(user=ana).count() == 5
    assert not NotificationPreference.objects.filter(user=sue).exists()
