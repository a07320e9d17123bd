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
from tests.factories import (
    CaseFactory,
    ChildFactory,
    ClassroomFactory,
    ConsultantFactory,
    GoalFactory,
    VisitFactory,
    concern_item,
    today,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    """A consultant's child-focused case at a site with a preschooler, a toddler and an
    infant, one open goal, and another site's child."""
    consultant = ConsultantFactory(phone="405-555-0199")
    preschooler = ChildFactory(first_name="Zara", last_initial="Q")
    case = CaseFactory(child=preschooler, consultant=consultant)
    site = case.site
    toddler_room = ClassroomFactory(site=site, name="Toddler room")
    toddler = ChildFactory(
        first_name="Yusuf",
        last_initial="P",
        classroom=toddler_room,
        date_of_birth=today() - timedelta(days=2 * 365),
    )
    infant = ChildFactory(
        first_name="Wren",
        last_initial="T",
        classroom=toddler_room,
        date_of_birth=today() - timedelta(days=150),
    )
    goal = GoalFactory(case=case)
    elsewhere = ChildFactory(first_name="Xavi")
    return {
        "consultant": consultant,
        "case": case,
        "site": site,
        "preschooler": preschooler,
        "toddler": toddler,
        "infant": infant,
        "goal": goal,
        "elsewhere": elsewhere,
    }


def url_for(case):
    return f"{reverse('consultation:visit_create')}?case={case.uuid}"


def form_data(s, **overrides):
    preschool_item = concern_item("preschool")
    toddler_item = concern_item("toddler")
    data = {
        "visit-visit_date": today().isoformat(),
        "visit-start_time": "09:30",
        "visit-duration_minutes": "75",
        "visit-mode": Visit.Mode.ON_SITE,
        "visit-classrooms": [str(s["preschooler"].classroom.pk)],
        "visit-children": [str(s["preschooler"].pk), str(s["toddler"].pk)],
        "visit-notes": "Circle time observed; transitions hard for Z.",
        "visit-next_steps": "Model the visual schedule.",
        "visit-next_visit_date": (today() + timedelta(days=7)).isoformat(),
        f"concern-{s['preschooler'].pk}-{preschool_item.pk}-observed": "on",
        f"concern-{s['preschooler'].pk}-{preschool_item.pk}-frequency": "often",
        f"concern-{s['preschooler'].pk}-{preschool_item.pk}-notes": "At every transition",
        f"concern-{s['toddler'].pk}-{toddler_item.pk}-observed": "on",
        f"concern-{s['toddler'].pk}-{toddler_item.pk}-frequency": "once",
        f"goal-{s['goal'].pk}-rating": "3",
        f"goal-{s['goal'].pk}-note": "Teacher used the schedule twice",
        "newgoal-TOTAL_FORMS": "2",
        "newgoal-INITIAL_FORMS": "0",
        "newgoal-MIN_NUM_FORMS": "0",
        "newgoal-MAX_NUM_FORMS": "10",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_visit_form_shows_each_childs_checklist_for_their_age_band(client, setting):
    client.force_login(setting["consultant"])
    response = client.get(url_for(setting["case"]))
    assert response.status_code == 200
    sections = {s["child"].pk: s for s in response.context["sections"]}
    for child, band in [
        (setting["preschooler"], "preschool"),
        (setting["toddler"], "toddler"),
        (setting["infant"], "infant"),
    ]:
        shown = {form.item.pk for form in sections[child.pk]["forms"]}
        expected = set(
            ConcernItem.objects.filter(age_band=band, is_active=True).values_list("pk", flat=True)
        )
        assert shown == expected, band
    # Children of the case's site only.
    assert setting["elsewhere"].pk not in sections
    assert "Xavi" not in response.content.decode()


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


def assert_nothing_saved():
    assert not Visit.objects.exists()
    assert not ObservedConcern.objects.exists()
    assert not GoalProgress.objects.exists()


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
        for s in response.context["sections"]
        if s["child"] == setting["toddler"]
        for f in s["forms"]
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
    shown = [f.item for s in response.context["sections"] for f in s["forms"]]
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
    checked = [f for s in page.context["sections"] for f in s["forms"] if f.initial.get("observed")]
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
