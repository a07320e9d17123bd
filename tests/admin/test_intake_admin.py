"""Requests for consultation in the admin: scoped like the intake queue (another team's request
does not exist: 404), filtered, searched, each with its steps, read only (steps are taken on the
request's own pages, through the services), and a changelist whose queries do not grow."""

from datetime import timedelta

import pytest
from django.urls import reverse

from consultation.models import County, Intake
from tests.admin.conftest import admin_url
from tests.factories import SiteFactory, today
from tests.factories_intake import IntakeFactory, assigned_intake

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:consultation_intake_changelist"


@pytest.fixture
def requests_(demo_users):
    """ana's assigned request (sue's team), cara's (tom's team), an unassigned one in Tulsa where
    ben (sue's team) works, and an unassigned one in Cleveland where nobody works."""
    tulsa = County.objects.get(name="Tulsa")
    SiteFactory(county=tulsa, consultants=[demo_users["ben"]])
    return {
        "ana": assigned_intake(
            demo_users["ana"], site=SiteFactory(consultants=[demo_users["ana"]])
        ),
        "cara": assigned_intake(
            demo_users["cara"], site=SiteFactory(consultants=[demo_users["cara"]])
        ),
        "tulsa": IntakeFactory(site=SiteFactory(county=tulsa, name="Zephyr Hollow")),
        "cleveland": IntakeFactory(site=SiteFactory(county=County.objects.get(name="Cleveland"))),
    }


def listed(client, **query) -> set[int]:
    response = client.get(reverse(CHANGELIST), query)
    assert response.status_code == 200
    return {intake.pk for intake in response.context["cl"].result_list}


def test_supervisor_lists_the_teams_and_the_unassigned_requests_in_the_teams_counties(
    signed_in, requests_
):
    assert listed(signed_in("sue")) == {requests_["ana"].pk, requests_["tulsa"].pk}
    assert listed(signed_in("tom")) == {requests_["cara"].pk}
    assert listed(signed_in("lee")) == {r.pk for r in requests_.values()}


@pytest.mark.parametrize("view", ["change", "history"])
def test_a_request_outside_the_scope_does_not_exist(signed_in, requests_, view):
    tom = signed_in("tom")
    for outside in ("ana", "tulsa"):
        assert tom.get(admin_url(requests_[outside], view)).status_code == 404
    assert signed_in("sue").get(admin_url(requests_["cara"], view)).status_code == 404
    assert signed_in("sue").get(admin_url(requests_["tulsa"], view)).status_code == 200


def test_the_change_page_shows_every_step_and_links_the_next_steps_but_edits_nothing(
    signed_in, requests_
):
    intake = requests_["tulsa"]
    response = signed_in("sue").get(admin_url(intake))
    page = response.content.decode()
    assert 'name="_save"' not in page
    steps = response.context["inline_admin_formsets"][0]
    assert [form.original.step for form in steps] == [Intake.Status.RECEIVED]
    contact = reverse("consultation:intake_step", args=[intake.uuid, "contact"])
    assert f'href="{contact}"' in page
    # A change posted to the admin is refused: the state moves only through the services.
    assert signed_in("sue").post(admin_url(intake), {"status": "case_opened"}).status_code == 403
    intake.refresh_from_db()
    assert intake.status == Intake.Status.RECEIVED


def test_the_changelist_filters_by_status_risk_standard_and_county_and_searches(
    signed_in, requests_, settings
):
    settings.INTAKE_FIRST_CONTACT_BUSINESS_DAYS = 2
    ana, tulsa = requests_["ana"], requests_["tulsa"]
    late = IntakeFactory(
        site=tulsa.site, received_on=today() - timedelta(days=20), expulsion_risk=True
    )
    sue = signed_in("sue")
    assert listed(sue, status="assigned") == {ana.pk}
    assert listed(sue, expulsion_risk__exact="1") == {late.pk}
    # Received 20 days ago and never contacted: past the standard, as the queue says.
    assert late.pk in listed(sue, past_standard="yes")
    assert ana.pk not in listed(sue, past_standard="yes")  # contacted the day after
    assert listed(sue, site__county__id__exact=str(tulsa.site.county_id)) == {tulsa.pk, late.pk}
    assert listed(sue, q="Zephyr Hollow") == {tulsa.pk, late.pk}


def test_intake_changelist_query_count_is_fixed(
    signed_in, demo_users, requests_, django_assert_max_num_queries
):
    for n in range(52):
        consultant = demo_users["ana"] if n % 2 else demo_users["ben"]
        assigned_intake(consultant, site=requests_["ana"].site)
    # The changelist's base for a supervisor (tests/admin/test_queries.py: session, user,
    # two-factor device, savepoint pair, crisis lines, the page of rows, the read audit, their
    # own and their group's permissions: 10), plus the row count (1) and the counties in scope
    # for the county filter (1): 12, whatever the number of rows (their site, county, child,
    # classroom and consultant come with the page's one query).
    sue = signed_in("sue")
    with django_assert_max_num_queries(12):
        response = sue.get(reverse(CHANGELIST))
    assert response.context["cl"].result_count == 54
    assert len(response.context["cl"].result_list) == 50
