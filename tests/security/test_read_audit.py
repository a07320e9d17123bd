"""Audit of reads: child, case and visit pages, visit summaries and every export write an access
record (who, what, when, from where); refused attempts (403/404) are recorded too."""

import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from accounts.audit import access_action, client_ip
from accounts.models import AccessRecord
from tests.factories import (
    CaseFactory,
    GoalFactory,
    GoalProgressFactory,
    ObservedConcernFactory,
    ReferralFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db

OFFICE = "198.51.100.44"


@pytest.fixture
def anas_visit(demo_users):
    case = CaseFactory(consultant=demo_users["ana"])
    return VisitFactory(case=case)


def read(client: Client, url: str, **extra):
    return client.get(url, REMOTE_ADDR=OFFICE, HTTP_USER_AGENT="Tablet/1.0 " + "x" * 400, **extra)


@pytest.mark.parametrize(
    ("url_name", "object_type", "target"),
    [
        ("consultation:child_detail", "child", lambda v: v.case.child),
        ("consultation:case_detail", "case", lambda v: v.case),
        ("consultation:visit_detail", "visit", lambda v: v),
        ("consultation:visit_summary", "visit", lambda v: v),
    ],
)
def test_reading_a_record_page_writes_who_what_when_and_where(
    signed_in, demo_users, anas_visit, url_name, object_type, target
):
    obj = target(anas_visit)
    response = read(signed_in("ana"), reverse(url_name, args=[obj.uuid]))
    assert response.status_code == 200
    record = AccessRecord.objects.get()
    assert record.user == demo_users["ana"]
    assert record.action == AccessRecord.Action.VIEW
    assert (record.object_type, record.object_id) == (object_type, str(obj.uuid))
    assert record.url_name == url_name
    assert record.ip_address == OFFICE
    assert record.user_agent.startswith("Tablet/1.0") and len(record.user_agent) == 255
    assert record.created_at is not None


def test_supervisor_reading_a_teams_case_is_recorded_as_the_supervisor(
    signed_in, demo_users, anas_visit
):
    read(signed_in("sue"), reverse("consultation:case_detail", args=[anas_visit.case.uuid]))
    assert AccessRecord.objects.get().user == demo_users["sue"]


def test_another_consultant_opening_the_case_is_refused_and_recorded(
    signed_in, demo_users, anas_visit
):
    url = reverse("consultation:case_detail", args=[anas_visit.case.uuid])
    response = read(signed_in("cara"), url)
    assert response.status_code == 404
    record = AccessRecord.objects.get()
    assert record.user == demo_users["cara"]
    assert record.action == AccessRecord.Action.DENIED
    assert (record.object_type, record.object_id) == ("case", str(anas_visit.case.uuid))
    assert record.status_code == 404


def test_guessing_an_id_is_recorded(signed_in):
    read(signed_in("ben"), reverse("consultation:child_detail", args=[uuid.uuid4()]))
    assert AccessRecord.objects.get().action == AccessRecord.Action.DENIED


def test_forbidden_request_is_recorded(signed_in):
    response = read(signed_in("ana"), reverse("admin:index"))
    assert response.status_code in {302, 403}
    response = signed_in("sue").get(reverse("admin:accounts_accessrecord_changelist"))
    assert response.status_code == 403
    assert AccessRecord.objects.filter(
        action=AccessRecord.Action.DENIED, status_code=403, url_name__startswith="admin:"
    ).exists()


def test_unknown_address_from_a_signed_in_user_is_recorded(signed_in):
    read(signed_in("ana"), "/no-such-page/")
    record = AccessRecord.objects.get()
    assert (record.action, record.path, record.url_name) == ("denied", "/no-such-page/", "")


def test_lists_and_the_home_page_are_not_recorded(signed_in):
    client = signed_in("ana")
    assert read(client, reverse("home")).status_code == 302  # on to the caseload
    assert read(client, reverse("consultation:caseload")).status_code == 200
    assert not AccessRecord.objects.exists()


def test_anonymous_requests_are_not_recorded(client, anas_visit):
    client.get(reverse("consultation:case_detail", args=[anas_visit.case.uuid]))
    client.get("/no-such-page/")
    assert not AccessRecord.objects.exists()


def test_every_export_is_recorded(signed_in, demo_users, anas_visit):
    response = read(signed_in("lee"), reverse("reports:export_visits"))
    assert response.status_code == 200
    b"".join(response.streaming_content) if response.streaming else response.content
    record = AccessRecord.objects.get()
    assert (record.user, record.action) == (demo_users["lee"], AccessRecord.Action.EXPORT)
    assert record.url_name == "reports:export_visits"


def test_any_file_download_counts_as_an_export():
    assert access_action(object_type=None, status_code=200, download=True) == (
        "export",
        "download",
    )
    assert access_action(object_type="export", status_code=302, download=False) is None


@pytest.mark.parametrize(
    ("url_name", "object_type", "target", "query"),
    [
        ("consultation:site_detail", "site", lambda v: v.site, ""),
        ("consultation:visit_edit", "visit", lambda v: v, ""),
        ("consultation:case_close", "case", lambda v: v.case, ""),
        ("consultation:visit_create", "case", lambda v: v.case, "?case={uuid}"),
        ("referrals:referral_create", "case", lambda v: v.case, "?case={uuid}"),
    ],
)
def test_forms_and_the_site_page_that_show_children_are_recorded(
    signed_in, demo_users, anas_visit, url_name, object_type, target, query
):
    obj = target(anas_visit)
    url = reverse(url_name, args=[] if query else [obj.uuid]) + query.format(uuid=obj.uuid)
    assert read(signed_in("ana"), url).status_code == 200
    record = AccessRecord.objects.get()
    assert (record.action, record.object_type, record.object_id) == (
        "view",
        object_type,
        str(obj.uuid),
    )


def admin_pages(visit):
    """(url name, object type, url arguments) of admin pages showing ana's records."""
    goal = GoalProgressFactory(visit=visit, goal=GoalFactory(case=visit.case)).goal
    concern = ObservedConcernFactory(visit=visit, child=visit.case.child)
    referral = ReferralFactory(case=visit.case)
    child = visit.case.child
    version = child.history.order_by("history_id").first().history_id
    return [
        ("admin:referrals_referral_change", "referral", [referral.pk]),
        ("admin:consultation_observedconcern_change", "observedconcern", [concern.pk]),
        ("admin:consultation_pyramidgoal_change", "pyramidgoal", [goal.pk]),
        ("admin:consultation_goalprogress_change", "goalprogress", [goal.progress.get().pk]),
        ("admin:consultation_child_history", "child", [child.pk]),
        ("admin:consultation_child_simple_history", "child", [child.pk, version]),
        ("admin:consultation_child_changelist", "child", []),
        ("admin:consultation_consultationcase_changelist", "case", []),
        ("admin:referrals_referral_changelist", "referral", []),
    ]


def test_admin_pages_of_case_records_are_recorded(signed_in, demo_users, anas_visit):
    client = signed_in("sue")
    for count, (url_name, object_type, args) in enumerate(admin_pages(anas_visit), start=1):
        assert read(client, reverse(url_name, args=args)).status_code == 200, url_name
        assert AccessRecord.objects.count() == count, url_name
        record = AccessRecord.objects.order_by("pk").last()
        assert (record.user, record.action, record.url_name) == (
            demo_users["sue"],
            "view",
            url_name,
        )
        assert (record.object_type, record.object_id) == (object_type, str(args[0] if args else ""))


def test_admin_autocomplete_of_case_records_is_recorded(signed_in, demo_users):
    query = "?app_label=consultation&model_name=classroom&field_name=site&term=a"
    assert read(signed_in("sue"), reverse("admin:autocomplete") + query).status_code == 200
    record = AccessRecord.objects.get()
    assert (record.user, record.action, record.object_type) == (demo_users["sue"], "view", "site")


def test_admin_view_on_site_is_recorded(signed_in, demo_users, anas_visit):
    child = anas_visit.case.child
    content_type = ContentType.objects.get_for_model(child)
    url = reverse("admin:view_on_site", args=[content_type.pk, child.pk])
    assert read(signed_in("sue"), url).status_code == 302
    record = AccessRecord.objects.get()
    assert (record.user, record.action, record.object_type, record.object_id) == (
        demo_users["sue"],
        "view",
        "child",
        str(child.pk),
    )


def test_admin_reference_lists_are_not_recorded(signed_in):
    assert (
        read(signed_in("sue"), reverse("admin:consultation_county_changelist")).status_code == 200
    )
    assert not AccessRecord.objects.exists()


def test_source_address_behind_a_trusted_proxy(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert client_ip(request) == "203.0.113.9"
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
