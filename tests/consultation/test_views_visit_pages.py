"""After a visit is logged: the crisis prompt, the provider's summary, goals met or not."""

import pytest
from django.urls import reverse

from consultation.models import (
    ObservedConcern,
    PyramidGoal,
    Visit,
)
from tests.consultation.visit_page import assert_nothing_saved, form_data, url_for
from tests.factories import (
    CaseFactory,
    VisitFactory,
    concern_item,
    today,
)

pytestmark = pytest.mark.django_db


def test_crisis_concern_shows_crisis_lines_and_a_referral_start(client, setting):
    client.force_login(setting["consultant"])
    crisis_item = concern_item("preschool", crisis=True)
    prefix = f"concern-{setting['preschooler'].pk}-{crisis_item.pk}"
    data = form_data(
        setting, another="1", **{f"{prefix}-observed": "on", f"{prefix}-frequency": "once"}
    )
    response = client.post(url_for(setting["case"]), data, follow=True)
    visit = Visit.objects.get()
    # Even "save and log another" stops on the confirmation page when crisis lines apply.
    assert response.redirect_chain[-1][0] == visit.get_absolute_url()
    body = response.content.decode()
    assert "Crisis lines" in body
    assert "988" in body and "1-877-271-7611" in body
    start = (
        f"{reverse('referrals:referral_create')}?case={setting['case'].uuid}"
        f"&amp;child={setting['preschooler'].uuid}"
    )
    assert start in body


def test_visit_without_crisis_concern_shows_no_crisis_prompt(client, setting):
    client.force_login(setting["consultant"])
    client.post(url_for(setting["case"]), form_data(setting))
    visit = Visit.objects.get()
    response = client.get(visit.get_absolute_url())
    assert response.context["crisis_concerns"] == []
    assert "Start a referral for" not in response.content.decode()


def test_provider_summary_names_children_by_initials_only(client, setting):
    client.force_login(setting["consultant"])
    client.post(url_for(setting["case"]), form_data(setting, **{"visit-notes": "Calm morning."}))
    visit = Visit.objects.get()
    other_visit = VisitFactory(case=setting["case"])
    ObservedConcern.objects.create(
        visit=other_visit,
        child=setting["infant"],
        concern_item=concern_item("infant"),
        frequency="often",
    )
    response = client.get(reverse("consultation:visit_summary", args=[visit.uuid]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Z.Q." in body and "Y.P." in body
    for name in ("Zara", "Yusuf", "Wren", "W.T."):
        assert name not in body
    # No concern of a child who was not on this visit.
    assert concern_item("infant").text.lower() not in body.lower()
    assert setting["consultant"].phone in body
    assert setting["consultant"].get_full_name() in body
    assert "Model the visual schedule." in body


def test_visit_on_a_closed_case_cannot_be_logged(client, setting):
    client.force_login(setting["consultant"])
    case = CaseFactory(
        consultant=setting["consultant"],
        status="closed",
        closed_on=today(),
        closure_reason="goals_met",
        placement_at_closure="retained",
    )
    assert client.get(url_for(case)).status_code == 404


def test_a_visit_can_mark_a_goal_met(client, setting):
    client.force_login(setting["consultant"])
    data = form_data(setting, **{f"goal-{setting['goal'].pk}-status": PyramidGoal.Status.MET})
    response = client.post(url_for(setting["case"]), data)
    assert response.status_code == 302
    setting["goal"].refresh_from_db()
    assert setting["goal"].status == PyramidGoal.Status.MET


def test_changing_a_goal_status_without_a_rating_is_refused(client, setting):
    client.force_login(setting["consultant"])
    data = form_data(
        setting,
        **{
            f"goal-{setting['goal'].pk}-rating": None,
            f"goal-{setting['goal'].pk}-note": None,
            f"goal-{setting['goal'].pk}-status": PyramidGoal.Status.DISCONTINUED,
        },
    )
    response = client.post(url_for(setting["case"]), data)
    assert response.status_code == 200
    assert "Rate this visit" in response.content.decode()
    assert_nothing_saved()
    setting["goal"].refresh_from_db()
    assert setting["goal"].status != PyramidGoal.Status.DISCONTINUED
