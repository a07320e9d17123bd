"""The cases changelist a supervisor reviews: its columns, filters and search."""

from datetime import timedelta
from uuid import uuid4

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
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


# Rows that only mean something on their parent's page: shown (and edited) there.
SHOWN_INLINE = {
    "consultation.CutOff": "consultation.ScoreField",
    "consultation.Score": "consultation.Administration",
}


# A person's own notifications, email choices and digests sent: visible only to them (the
# notifications page), never reviewed by others.
PERSONAL = {"accounts.Notification", "accounts.NotificationPreference", "accounts.DigestSent"}
# Records supervisors review on pages of the app made for them, scoped like the admin.
SHOWN_IN_APP = {
    "consultation.ImportRun": "consultation:import_index",
    "consultation.Intake": "consultation:intake_queue",
    "consultation.IntakeStep": "consultation:intake_detail",
    "consultation.Training": "consultation:training_list",
    # Demographics: on the child's page, for those who may see the child, and no one else.
    "consultation.ChildDemographics": "consultation:demographics_edit",
}


def page_args(model) -> dict:
    by_uuid = {"consultation.IntakeStep", "consultation.ChildDemographics"}
    return {"args": [uuid4()]} if model._meta.label in by_uuid else {}


def test_every_model_of_the_domain_is_in_the_admin():
    for app_label in ("accounts", "consultation", "referrals"):
        for model in apps.get_app_config(app_label).get_models():
            if issubclass(model, HistoricalChanges) or model._meta.auto_created:
                continue
            if model._meta.label == "consultation.VisitDraft":
                continue  # a consultant's unfinished typing: theirs alone, never reviewed
            if model._meta.label in PERSONAL:
                continue
            if model._meta.label in SHOWN_IN_APP:
                assert reverse(SHOWN_IN_APP[model._meta.label], **page_args(model)), model
                continue
            if model._meta.label in SHOWN_INLINE:
                parent = apps.get_model(SHOWN_INLINE[model._meta.label])
                inlines = admin.site._registry[parent].inlines
                assert any(inline.model is model for inline in inlines), model._meta.label
                continue
            assert admin.site.is_registered(model), model._meta.label


def test_columns_are_computed_in_the_cases_query(signed_in, demo_users):
    case = CaseFactory(consultant=demo_users["ana"], opened_on=today() - timedelta(days=45))
    VisitFactory(case=case, visit_date=today() - timedelta(days=7), duration_minutes=90)
    VisitFactory(case=case, visit_date=today() - timedelta(days=100), duration_minutes=60)
    ReferralFactory(case=case)  # a draft: open
    response = signed_in("sue").get(CASES)
    row = response.context["cl"].result_list[0]
    assert row.last_visit_on == today() - timedelta(days=7)
    assert row.visit_count == 2
    assert row.minutes_last_90 == 90
    assert row.open_referral_count == 1
    assert not row.has_overdue_referral
    html = response.content.decode()
    assert "1.5" in html and '<td class="field-days_open">45</td>' in html


def test_filters_no_visit_overdue_follow_up_risk_county_and_consultant(signed_in, demo_users):
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
    client = signed_in("sue")
    assert listed(client, contact="none") == {stale.pk, tulsa.pk}
    assert listed(client, followup="overdue") == {visited.pk}
    assert listed(client, at_risk_of_expulsion__exact="1") == {stale.pk}
    assert listed(client, site__county__id__exact=tulsa_site.county_id) == {tulsa.pk}
    assert listed(client, consultant=ben.pk) == {new.pk, tulsa.pk}
    # A consultant of another team is not offered as a filter, and filtering by one finds nothing.
    page = client.get(CASES).content.decode()
    assert f"consultant={demo_users['cara'].pk}" not in page
    CaseFactory(consultant=demo_users["cara"])
    assert listed(client, consultant=demo_users["cara"].pk) == set()


def test_search_by_site_name_licence_number_or_child_initials(signed_in, demo_users):
    ana = demo_users["ana"]
    by_site = CaseFactory(consultant=ana, child=ChildFactory(first_name="Zed", last_initial="Y"))
    by_initials = CaseFactory(
        consultant=ana, child=ChildFactory(first_name="Kira", last_initial="M")
    )
    client = signed_in("sue")
    assert by_site.pk in listed(client, q=by_site.site.name)
    assert listed(client, q=by_site.site.licence_number) == {by_site.pk}
    assert listed(client, q="K.M.") == {by_initials.pk}
    assert listed(client, q="km") == {by_initials.pk}


@pytest.mark.parametrize("term", ["PK-MARKER", "PK-MARKER PK-MARKER", "<b>&amp;"])
def test_any_search_term_lists_the_cases_with_working_links(signed_in, demo_users, term):
    # The rows are built around a placeholder for each case's id; a search for that very text
    # (kept in every row's link) once answered 500.
    case = CaseFactory(consultant=demo_users["ana"])
    response = signed_in("sue").get(CASES, {"q": term})
    assert response.status_code == 200
    assert case.pk not in {row.pk for row in response.context["cl"].result_list}


def _django_rows_and_dates(response):
    """What Django's own {% result_list %} and {% date_hierarchy %} make of the same page."""
    from django.contrib.admin.templatetags.admin_list import date_hierarchy, items_for_result

    cl = response.context["cl"]
    rows = ["".join(items_for_result(cl, case, None)) for case in cl.result_list]
    return rows, date_hierarchy(cl)


def test_prebuilt_rows_have_the_markup_django_gives_them(signed_in, demo_users):
    from django.contrib.admin.templatetags.admin_list import result_headers

    ana = demo_users["ana"]
    odd_site = SiteFactory(name='Sun & <Moon> "Kids"', county=county("Tulsa"))
    visited = CaseFactory(consultant=ana, opened_on=today() - timedelta(days=45))
    VisitFactory(case=visited, visit_date=today() - timedelta(days=7), duration_minutes=95)
    ReferralFactory(
        case=visited,
        status="sent",
        sent_on=today() - timedelta(days=5),
        follow_up_due=today() - timedelta(days=1),
    )
    never_visited = CaseFactory(
        consultant=ana, focus="program", child=None, classroom=None, site=odd_site
    )
    room = ChildFactory().classroom
    CaseFactory(consultant=demo_users["ben"], focus="classroom", child=None, classroom=room)
    client = signed_in("sue")
    pages = {}
    for params in ({}, {"status": "open", "o": "-9"}, {"q": "Moon"}):
        response = client.get(CASES, params)
        django_rows, _ = _django_rows_and_dates(response)
        ours = [str(row[0]) for row in response.context["results"]]
        assert ours == django_rows and ours
        assert response.context["result_headers"] == list(result_headers(response.context["cl"]))
        html = pages[params.get("q", "all")] = response.content.decode()
        assert all(row in html for row in ours)
    assert "1 (follow-up overdue)" in pages["all"]
    assert '<td class="field-last_visit">none</td>' in pages["all"]
    assert f'value="{never_visited.pk}"' in pages["Moon"]
    assert "Sun &amp; &lt;Moon&gt; &quot;Kids&quot;" in pages["Moon"]
    assert "_changelist_filters=q%3DMoon" in pages["Moon"]  # the change link keeps the search


def test_date_links_are_the_ones_django_gives(signed_in, demo_users):
    ana = demo_users["ana"]
    start = today().replace(day=1)
    client = signed_in("sue")
    CaseFactory(consultant=ana, opened_on=start)
    CaseFactory(consultant=ana, opened_on=start)
    shapes = [start - timedelta(days=40), start.replace(year=start.year - 2)]  # months, years
    for opened_on in [None, *shapes]:
        if opened_on:
            CaseFactory(consultant=ana, opened_on=opened_on)
        response = client.get(CASES)
        _, django_dates = _django_rows_and_dates(response)
        assert response.context["date_nav"] == django_dates
    # Once a year is chosen, Django's own tag answers.
    response = client.get(CASES, {"opened_on__year": start.year})
    assert response.context["date_nav"] is None
    assert response.status_code == 200


def test_county_filter_offers_only_the_counties_of_cases_in_scope(signed_in, demo_users):
    tulsa = SiteFactory(county=county("Tulsa"))
    cimarron = SiteFactory(county=county("Cimarron"))
    CaseFactory(consultant=demo_users["ana"], site=tulsa)
    CaseFactory(consultant=demo_users["ben"], site=SiteFactory(county=county("Osage")))
    CaseFactory(consultant=demo_users["cara"], site=cimarron)  # another team's county
    page = signed_in("sue").get(CASES).content.decode()
    assert f"site__county__id__exact={tulsa.county_id}" in page
    assert f"site__county__id__exact={cimarron.county_id}" not in page


def test_a_popup_list_is_left_to_django(signed_in, demo_users):
    case = CaseFactory(consultant=demo_users["ana"])
    response = signed_in("sue").get(CASES, {"_popup": "1"})
    assert response.status_code == 200
    assert "results" not in response.context_data  # no prebuilt rows: Django's own tag
    assert f'data-popup-opener="{case.pk}"' in response.content.decode()


def test_sorting_by_visits_sorts_by_the_count_and_lists_each_case_once(signed_in, demo_users):
    ana = demo_users["ana"]
    busy, quiet = CaseFactory(consultant=ana), CaseFactory(consultant=ana)
    for days in (3, 10, 20):
        VisitFactory(case=busy, visit_date=today() - timedelta(days=days))
    VisitFactory(case=quiet, visit_date=today() - timedelta(days=1))
    client = signed_in("sue")
    column = 1 + list(admin.site._registry[busy.__class__].list_display).index("visits")
    for order, expected in (
        (f"-{column}", [busy.pk, quiet.pk]),
        (str(column), [quiet.pk, busy.pk]),
    ):
        response = client.get(CASES, {"o": order})
        assert [case.pk for case in response.context["cl"].result_list] == expected
