"""The cases changelist a supervisor reviews: its columns, filters and search."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib import admin
from simple_history.models import HistoricalChanges

from tests.admin.conftest import changelist_url
from tests.factories import (
    CaseFactory,
    ChildFactory,
    ReferralFactory,
    SiteFactory,
    VisitFactory,
    county,
    today,
)

pytestmark = pytest.mark.django_db

CASES = changelist_url("consultation.consultationcase")


def listed(client, **params) -> set[int]:
    response = client.get(CASES, params)
    assert response.status_code == 200
    return {case.pk for case in response.context["cl"].result_list}


def test_every_model_of_the_domain_is_in_the_admin():
    for app_label in ("accounts", "consultation", "referrals"):
        for model in apps.get_app_config(app_label).get_models():
            if issubclass(model, HistoricalChanges) or model._meta.auto_created:
                continue
            assert admin.site.is_registered(model), model._meta.label


def test_columns_are_computed_in_the_cases_query(login, demo_users):
    case = CaseFactory(consultant=demo_users["ana"], opened_on=today() - timedelta(days=45))
    VisitFactory(case=case, visit_date=today() - timedelta(days=7), duration_minutes=90)
    VisitFactory(case=case, visit_date=today() - timedelta(days=100), duration_minutes=60)
    ReferralFactory(case=case)  # a draft: open
    response = login("sue").get(CASES)
    row = response.context["cl"].result_list[0]
    assert row.last_visit_on == today() - timedelta(days=7)
    assert row.visit_count == 2
    assert row.minutes_last_90 == 90
    assert row.open_referral_count == 1
    assert not row.has_overdue_referral
    html = response.content.decode()
    assert "1.5" in html and '<td class="field-days_open">45</td>' in html


def test_filters_no_visit_overdue_follow_up_risk_county_and_consultant(login, demo_users):
    ana, ben = demo_users["ana"], demo_users["ben"]
    visited = CaseFactory(consultant=ana)
    VisitFactory(case=visited, visit_date=today() - timedelta(days=3))
    stale = CaseFactory(
        consultant=ana, opened_on=today() - timedelta(days=60), at_risk_of_expulsion=True
    )
    new = CaseFactory(consultant=ben, opened_on=today() - timedelta(days=5))
    tulsa_site = SiteFactory(county=county("Tulsa"))
    tulsa = CaseFactory(
        consultant=ben, focus="program", child=None, classroom=None, site=tulsa_site
    )
    ReferralFactory(
        case=visited,
        status="sent",
        sent_on=today() - timedelta(days=5),
        follow_up_due=today() - timedelta(days=1),
    )
    client = login("sue")
    assert listed(client, contact="none30") == {stale.pk, tulsa.pk}
    assert listed(client, followup="overdue") == {visited.pk}
    assert listed(client, at_risk_of_expulsion__exact="1") == {stale.pk}
    assert listed(client, site__county__id__exact=tulsa_site.county_id) == {tulsa.pk}
    assert listed(client, consultant=ben.pk) == {new.pk, tulsa.pk}
    # A consultant of another team is not offered as a filter, and filtering by one finds nothing.
    page = client.get(CASES).content.decode()
    assert f"consultant={demo_users['cara'].pk}" not in page
    CaseFactory(consultant=demo_users["cara"])
    assert listed(client, consultant=demo_users["cara"].pk) == set()


def test_search_by_site_name_licence_number_or_child_initials(login, demo_users):
    ana = demo_users["ana"]
    by_site = CaseFactory(consultant=ana, child=ChildFactory(first_name="Zed", last_initial="Y"))
    by_initials = CaseFactory(
        consultant=ana, child=ChildFactory(first_name="Kira", last_initial="M")
    )
    client = login("sue")
    assert by_site.pk in listed(client, q=by_site.site.name)
    assert listed(client, q=by_site.site.licence_number) == {by_site.pk}
    assert listed(client, q="K.M.") == {by_initials.pk}
    assert listed(client, q="km") == {by_initials.pk}
