"""Who sees what in the admin: a supervisor their team, program leads and superusers all;
anything outside the scope answers 404, never 403."""

import pytest
from django.urls import reverse

from tests.admin.conftest import admin_url, changelist_url

pytestmark = pytest.mark.django_db

SCOPED_MODELS = [
    "consultation.consultationcase",
    "consultation.visit",
    "consultation.observedconcern",
    "consultation.pyramidgoal",
    "consultation.goalprogress",
    "consultation.child",
    "consultation.classroom",
    "consultation.site",
    "consultation.starrating",
    "referrals.referral",
    "referrals.referralstatuschange",
    "consultation.placementfollowup",
]


@pytest.mark.parametrize("label", SCOPED_MODELS)
def test_supervisor_changelist_lists_own_team_only(signed_in, ana_records, cara_records, label):
    response = signed_in("sue").get(changelist_url(label))
    assert response.status_code == 200
    html = response.content.decode()
    assert admin_url(ana_records.by_model()[label]) in html
    assert admin_url(cara_records.by_model()[label]) not in html


@pytest.mark.parametrize("label", SCOPED_MODELS)
@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_supervisor_gets_404_for_another_teams_record(
    signed_in, ana_records, cara_records, label, view
):
    client = signed_in("sue")
    assert client.get(admin_url(cara_records.by_model()[label], view)).status_code == 404
    assert client.post(admin_url(cara_records.by_model()[label], view)).status_code == 404


@pytest.mark.parametrize("label", SCOPED_MODELS)
def test_supervisor_opens_own_teams_record_and_its_history(signed_in, ana_records, label):
    client = signed_in("sue")
    obj = ana_records.by_model()[label]
    assert client.get(admin_url(obj)).status_code == 200
    assert client.get(admin_url(obj, "history")).status_code == 200


@pytest.mark.parametrize("username", ["lee", "admin"])
@pytest.mark.parametrize("label", SCOPED_MODELS)
def test_program_lead_and_superuser_see_every_team(
    signed_in, ana_records, cara_records, label, username
):
    client = signed_in(username)
    html = client.get(changelist_url(label)).content.decode()
    for records in (ana_records, cara_records):
        obj = records.by_model()[label]
        assert admin_url(obj) in html
        assert client.get(admin_url(obj)).status_code == 200
        assert client.get(admin_url(obj, "history")).status_code == 200


def test_tom_cannot_open_a_case_of_sues_team(signed_in, ana_records):
    assert signed_in("tom").get(admin_url(ana_records.case)).status_code == 404


def test_a_nonsense_object_id_is_404_not_an_error(signed_in, ana_records):
    url = admin_url(ana_records.case).replace(f"/{ana_records.case.pk}/", "/not-a-number/")
    assert signed_in("sue").get(url).status_code == 404


def test_program_lead_reads_but_cannot_change(signed_in, ana_records):
    client = signed_in("lee")
    case = ana_records.case
    page = client.get(admin_url(case)).content.decode()
    assert 'name="_save"' not in page
    response = client.post(admin_url(case), {"reason": "Edited by a lead"})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.reason != "Edited by a lead"


def test_supervisor_may_correct_a_case_note_of_their_team(signed_in, ana_records):
    client = signed_in("sue")
    case = ana_records.case
    response = client.post(
        admin_url(case),
        {
            "reason": "Biting at transitions, and at nap time",
            "closure_note": "",
            "at_risk_of_expulsion": "on",
            **_empty_inline_management("visits", "goals", "referrals"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert case.reason == "Biting at transitions, and at nap time"


def _empty_inline_management(*prefixes: str) -> dict:
    data = {}
    for prefix in prefixes:
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data


def test_superuser_is_never_offered_delete(signed_in, ana_records):
    client = signed_in("admin")
    for obj in (ana_records.case, ana_records.visit, ana_records.case.child, ana_records.referral):
        assert client.get(admin_url(obj, "delete")).status_code == 403
        page = client.get(admin_url(obj)).content.decode()
        assert "deletelink" not in page
    changelist = client.get(changelist_url("consultation.consultationcase")).content.decode()
    assert "delete_selected" not in changelist


def test_referral_status_changes_are_read_only_even_for_superusers(signed_in, ana_records):
    client = signed_in("admin")
    change = ana_records.status_change
    page = client.get(admin_url(change)).content.decode()
    assert 'name="_save"' not in page
    assert client.post(admin_url(change), {"note": "rewritten"}).status_code == 403


def test_reference_lists_are_edited_by_superusers_only(signed_in, demo_users):
    from referrals.models import Agency

    agency = Agency.objects.order_by("pk").first()
    url = admin_url(agency)
    assert 'name="_save"' not in signed_in("sue").get(url).content.decode()
    assert signed_in("sue").post(url, {"name": "Renamed"}).status_code == 403
    assert 'name="_save"' in signed_in("admin").get(url).content.decode()


def test_autocomplete_offers_only_sites_of_the_team(signed_in, ana_records, cara_records):
    response = signed_in("sue").get(
        reverse("admin:autocomplete"),
        {"app_label": "consultation", "model_name": "classroom", "field_name": "site", "term": ""},
    )
    assert response.status_code == 200
    ids = {item["id"] for item in response.json()["results"]}
    assert str(ana_records.case.site.pk) in ids
    assert str(cara_records.case.site.pk) not in ids


def test_form_choices_stay_inside_the_team(signed_in, ana_records, cara_records):
    """The classroom a child may be moved to is one of the team's, not any in the state."""
    page = signed_in("sue").get(admin_url(ana_records.case.child)).content.decode()
    assert f'value="{ana_records.case.child.classroom.pk}"' in page
    assert f'value="{cara_records.case.child.classroom.pk}"' not in page


def test_consultants_have_no_admin(signed_in, ana_records):
    response = signed_in("ana").get(changelist_url("consultation.consultationcase"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_supervisor_editing_a_shared_site_keeps_other_teams_consultants(signed_in, demo_users):
    from tests.factories import SiteFactory

    site = SiteFactory(consultants=[demo_users["ana"], demo_users["cara"]])
    client = signed_in("sue")
    response = client.post(
        admin_url(site),
        {
            "name": "Renamed Centre",
            "site_type": site.site_type,
            "licence_number": site.licence_number,
            "county": site.county_id,
            "is_active": "on",
            "star_ratings-TOTAL_FORMS": "0",
            "star_ratings-INITIAL_FORMS": "0",
            "classrooms-TOTAL_FORMS": "0",
            "classrooms-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    site.refresh_from_db()
    assert site.name == "Renamed Centre"
    assert set(site.consultants.values_list("username", flat=True)) == {"ana", "cara"}
