"""The admin's "View on site" (admin/r/<content type>/<id>/) must not turn another team's
integer id into the UUID of its page (issue 17, item 4): a record outside the user's scope is
not found there, as everywhere else in the admin."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tests.admin.conftest import make_records

pytestmark = pytest.mark.django_db

KINDS = ("case", "visit", "referral", "site", "child")


def record_of(records, kind: str):
    return {
        "case": records.case,
        "visit": records.visit,
        "referral": records.referral,
        "site": records.case.site,
        "child": records.case.child,
    }[kind]


def view_on_site(record) -> str:
    content_type = ContentType.objects.get_for_model(record)
    return reverse("admin:view_on_site", args=[content_type.pk, record.pk])


@pytest.mark.parametrize("kind", KINDS)
def test_view_on_site_does_not_reveal_another_teams_page(signed_in, demo_users, kind):
    theirs = record_of(make_records(demo_users["cara"]), kind)
    response = signed_in("sue").get(view_on_site(theirs))
    assert response.status_code == 404
    assert str(theirs.uuid) not in response.get("Location", "")


@pytest.mark.parametrize("kind", KINDS)
def test_view_on_site_leads_a_supervisor_to_her_teams_page(signed_in, demo_users, kind):
    ours = record_of(make_records(demo_users["ana"]), kind)
    response = signed_in("sue").get(view_on_site(ours))
    assert response.status_code == 302
    assert response["Location"] == ours.get_absolute_url()


@pytest.mark.parametrize("user", ["lee", "admin"])
def test_view_on_site_leads_readers_of_every_record_anywhere(signed_in, demo_users, user):
    visit = make_records(demo_users["cara"]).visit
    response = signed_in(user).get(view_on_site(visit))
    assert response.status_code == 302
    assert response["Location"] == visit.get_absolute_url()


@pytest.mark.parametrize(
    "content_type_id, object_id",
    # (A NUL byte in the path is left to the bad-input tests: on PostgreSQL the access record
    # of the refusal cannot store it.)
    [("0", "1"), ("9" * 30, "1"), (None, "9" * 30), (None, "not-a-number")],
)
def test_view_on_site_answers_crafted_ids_with_not_found(
    signed_in, demo_users, content_type_id, object_id
):
    visit_type = ContentType.objects.get_for_model(make_records(demo_users["ana"]).visit)
    url = f"/admin/r/{content_type_id or visit_type.pk}/{object_id}/"
    assert signed_in("sue").get(url).status_code == 404
