"""Logging a visit on one page: happy path, every validation error (values kept, nothing
saved), the age-band checklists, editing, "save and log another" and the crisis prompt."""

from datetime import timedelta

import pytest
from django.urls import reverse

from consultation.models import (
    ConcernItem,
    GoalProgress,
    ObservedConcern,
    PracticeArea,
    PyramidGoal,
    PyramidTier,
    Visit,
)
from tests.consultation.visit_page import assert_nothing_saved, form_data, url_for
from tests.factories import (
    concern_item,
    today,
)

pytestmark = pytest.mark.django_db


def band_items(band: str) -> set[int]:
    return set(
        ConcernItem.objects.filter(age_band=band, is_active=True).values_list("pk", flat=True)
    )


def test_a_child_focused_case_offers_its_child_with_the_checklist_of_their_band(client, setting):
    client.force_login(setting["consultant"])
    response = client.get(url_for(setting["case"]))
    assert response.status_code == 200
    listed = {c.child.pk: c for c in response.context["children"]}
    assert list(listed) == [setting["preschooler"].pk]  # the case's child, not the whole site
    assert listed[setting["preschooler"].pk].ticked
    assert {f.item.pk for f in listed[setting["preschooler"].pk].forms} == band_items("preschool")
    assert "Xavi" not in response.content.decode()


def test_children_ticked_get_the_checklist_of_their_band_on_the_update_step(client, setting):
    """Without JavaScript, "update" shows the checklists of the children ticked (here added
    from a search), for the date typed, and saves nothing."""
    client.force_login(setting["consultant"])
    kids = [setting["preschooler"], setting["toddler"], setting["infant"]]
    data = {
        "visit-visit_date": today().isoformat(),
        "visit-children": [str(child.pk) for child in kids],
        "update": "1",
        "newgoal-TOTAL_FORMS": "1",
        "newgoal-INITIAL_FORMS": "0",
    }
    response = client.post(url_for(setting["case"]), data)
    assert response.status_code == 200
    listed = {c.child.pk: c for c in response.context["children"]}
    for child, band in zip(kids, ["preschool", "toddler", "infant"], strict=True):
        assert {f.item.pk for f in listed[child.pk].forms} == band_items(band), band
    assert not response.context["error_summary"]  # nothing was judged
    assert not Visit.objects.exists()


def test_a_search_finds_children_of_the_site_only(client, setting):
    client.force_login(setting["consultant"])
    url = reverse("consultation:child_search")
    found = client.get(url, {"case": setting["case"].uuid, "q": "yus"}).json()["children"]
    assert [c["pk"] for c in found] == [setting["toddler"].pk]
    by_initials = client.get(url, {"case": setting["case"].uuid, "q": "W.T."}).json()
    assert [c["pk"] for c in by_initials["children"]] == [setting["infant"].pk]
    elsewhere = client.get(url, {"case": setting["case"].uuid, "q": "Xavi"}).json()
    assert elsewhere["children"] == []


def test_visit_form_prefills_today_and_the_case_child(client, setting):
    client.force_login(setting["consultant"])
    form = client.get(url_for(setting["case"])).context["form"]
    assert form.initial["visit_date"] == today()
    assert form.initial["children"] == [setting["preschooler"]]


def test_logging_a_visit_saves_visit_concerns_progress_and_new_goal(client, setting):
    client.force_login(setting["consultant"])
    tier = PyramidTier.objects.order_by("sort_order").first()
    area = PracticeArea.objects.order_by("sort_order").first()
    data = form_data(
        setting,
        **{
            "newgoal-0-tier": str(tier.pk),
            "newgoal-0-practice_area": str(area.pk),
            "newgoal-0-description": "Teach two feeling words a week",
            "newgoal-0-set_with": "Ms. Lopez",
        },
    )
    response = client.post(url_for(setting["case"]), data)
    visit = Visit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == visit.get_absolute_url()
    assert visit.duration_minutes == 75
    assert set(visit.children.all()) == {setting["preschooler"], setting["toddler"]}
    assert ObservedConcern.objects.filter(visit=visit).count() == 2
    progress = GoalProgress.objects.get(visit=visit)
    assert (progress.goal, progress.rating) == (setting["goal"], 3)
    assert PyramidGoal.objects.filter(
        case=setting["case"], description="Teach two feeling words a week"
    ).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"visit-duration_minutes": "0"}, "duration_minutes"),
        ({"visit-duration_minutes": "601"}, "duration_minutes"),
        ({"visit-visit_date": ""}, "visit_date"),
        ({"visit-start_time": "25:99"}, "start_time"),
        ({"visit-mode": "carrier-pigeon"}, "mode"),
    ],
)
def test_visit_form_field_errors_keep_values_and_save_nothing(client, setting, overrides, field):
    client.force_login(setting["consultant"])
    response = client.post(url_for(setting["case"]), form_data(setting, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    body = response.content.decode()
    assert "Circle time observed; transitions hard for Z." in body
    assert "Teacher used the schedule twice" in body
    assert "At every transition" in body
    assert_nothing_saved()


def test_visit_dated_in_the_future_is_refused_beside_the_date(client, setting):
    client.force_login(setting["consultant"])
    future = (today() + timedelta(days=3)).isoformat()
    response = client.post(
        url_for(setting["case"]), form_data(setting, **{"visit-visit_date": future})
    )
    assert response.status_code == 200
    assert "cannot be dated in the future" in response.context["form"].errors["visit_date"][0]
    assert "Model the visual schedule." in response.content.decode()
    assert_nothing_saved()


def test_next_visit_before_this_one_is_refused_beside_its_field(client, setting):
    client.force_login(setting["consultant"])
    earlier = (today() - timedelta(days=1)).isoformat()
    response = client.post(
        url_for(setting["case"]), form_data(setting, **{"visit-next_visit_date": earlier})
    )
    assert "next_visit_date" in response.context["form"].errors
    assert_nothing_saved()


def test_concern_without_frequency_is_refused_beside_it(client, setting):
    client.force_login(setting["consultant"])
    item = concern_item("preschool")
    key = f"concern-{setting['preschooler'].pk}-{item.pk}-frequency"
    response = client.post(url_for(setting["case"]), form_data(setting, **{key: ""}))
    assert response.status_code == 200
    assert "Say how often it was seen." in response.content.decode()
    assert_nothing_saved()


def test_concern_for_a_child_not_involved_is_refused_and_kept(client, setting):
    client.force_login(setting["consultant"])
    response = client.post(
        url_for(setting["case"]),
        form_data(setting, **{"visit-children": [str(setting["preschooler"].pk)]}),
    )
    assert response.status_code == 200
    errors = response.context["section_errors"]["concerns"]
    assert any("not among the children involved" in e for e in errors)
    toddler_form = next(
        f
        for s in response.context["children"]
        if s.child == setting["toddler"]
        for f in s.forms
        if f.item == concern_item("toddler")
    )
    assert toddler_form["observed"].value() is True
    assert_nothing_saved()


def test_concern_from_another_age_band_is_refused(client, setting):
    """A toddler-checklist item posted for the preschooler: the service names the band."""
    client.force_login(setting["consultant"])
    item = concern_item("toddler")
    prefix = f"concern-{setting['preschooler'].pk}-{item.pk}"
    data = form_data(setting, **{f"{prefix}-observed": "on", f"{prefix}-frequency": "once"})
    response = client.post(url_for(setting["case"]), data)
    assert response.status_code == 200
    errors = response.context["section_errors"]["concerns"]
    assert any("Toddler" in e and "checklist" in e for e in errors)
    # The ticked item stays on the page with what was typed.
    shown = [f.item for s in response.context["children"] for f in s.forms]
    assert item in shown
    assert_nothing_saved()


def test_goal_note_without_rating_is_refused(client, setting):
    client.force_login(setting["consultant"])
    response = client.post(
        url_for(setting["case"]), form_data(setting, **{f"goal-{setting['goal'].pk}-rating": ""})
    )
    assert "Give a progress rating for this note." in response.content.decode()
    assert "Teacher used the schedule twice" in response.content.decode()
    assert_nothing_saved()


def test_half_filled_new_goal_is_refused_and_kept(client, setting):
    client.force_login(setting["consultant"])
    data = form_data(setting, **{"newgoal-0-description": "Friendship skills at centres"})
    response = client.post(url_for(setting["case"]), data)
    assert response.status_code == 200
    assert response.context["new_goals"].forms[0].errors
    assert "Friendship skills at centres" in response.content.decode()
    assert_nothing_saved()


def test_new_goal_with_target_before_visit_is_refused_by_the_service(client, setting):
    client.force_login(setting["consultant"])
    tier = PyramidTier.objects.order_by("sort_order").first()
    area = PracticeArea.objects.order_by("sort_order").first()
    data = form_data(
        setting,
        **{
            "newgoal-0-tier": str(tier.pk),
            "newgoal-0-practice_area": str(area.pk),
            "newgoal-0-description": "Calm-down corner",
            "newgoal-0-target_date": (today() - timedelta(days=5)).isoformat(),
        },
    )
    response = client.post(url_for(setting["case"]), data)
    assert response.status_code == 200
    assert response.context["section_errors"]["new_goals"]
    assert_nothing_saved()
    assert not PyramidGoal.objects.filter(description="Calm-down corner").exists()


def test_child_of_another_site_cannot_be_posted(client, setting):
    client.force_login(setting["consultant"])
    response = client.post(
        url_for(setting["case"]),
        form_data(setting, **{"visit-children": [str(setting["elsewhere"].pk)]}),
    )
    assert response.status_code == 200
    assert "children" in response.context["form"].errors
    assert_nothing_saved()


def test_save_and_log_another_returns_to_the_same_site(client, setting):
    client.force_login(setting["consultant"])
    response = client.post(url_for(setting["case"]), form_data(setting, another="1"))
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('consultation:visit_create')}?site={setting['site'].uuid}"
    )
    picker = client.get(response["Location"])
    assert picker.context["site"] == setting["site"]
    assert setting["case"] in list(picker.context["cases"])


def test_editing_a_visit_uses_the_same_form_and_replaces_its_contents(client, setting):
    client.force_login(setting["consultant"])
    client.post(url_for(setting["case"]), form_data(setting))
    visit = Visit.objects.get()
    edit_url = reverse("consultation:visit_edit", args=[visit.uuid])
    page = client.get(edit_url)
    assert page.context["form"].initial["duration_minutes"] == 75
    checked = [f for s in page.context["children"] for f in s.forms if f.initial.get("observed")]
    assert len(checked) == 2
    toddler_item = concern_item("toddler")
    data = form_data(setting, **{"visit-duration_minutes": "40"})
    del data[f"concern-{setting['toddler'].pk}-{toddler_item.pk}-observed"]
    del data[f"concern-{setting['toddler'].pk}-{toddler_item.pk}-frequency"]
    response = client.post(edit_url, data)
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.duration_minutes == 40
    assert Visit.objects.count() == 1
    assert ObservedConcern.objects.filter(visit=visit).count() == 1
