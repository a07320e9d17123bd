"""The consultant's pages around visits: caseload flags, sites, children and cases."""

from datetime import timedelta

import pytest
from django.urls import reverse

from consultation.models import Child, Classroom, ConsultationCase, ObservedConcern, Site
from referrals.models import Referral
from tests.factories import (
    CaseFactory,
    ChildFactory,
    ClassroomFactory,
    ConsultantFactory,
    GoalFactory,
    ReferralFactory,
    SiteFactory,
    StarRatingFactory,
    SupervisorFactory,
    VisitFactory,
    concern_item,
    county,
    today,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultant():
    return ConsultantFactory()


def rows_by_case(response):
    return {row.pk: row for row in response.context["rows"]}


# Caseload -------------------------------------------------------------------------------------


def test_caseload_is_the_consultants_home_with_quick_buttons(client, consultant):
    case = CaseFactory(consultant=consultant)
    client.force_login(consultant)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain == [(reverse("consultation:caseload"), 302)]
    assert response.status_code == 200
    body = response.content.decode()
    assert "My caseload" in body
    assert f"?case={case.uuid}" in body
    assert reverse("consultation:case_create") in body
    assert reverse("consultation:visit_create") in body


def test_caseload_lists_only_own_open_cases(client, consultant):
    mine = CaseFactory(consultant=consultant)
    CaseFactory(
        consultant=consultant,
        status="closed",
        closed_on=today(),
        closure_reason="goals_met",
        placement_at_closure="retained",
    )
    CaseFactory()  # someone else's
    client.force_login(consultant)
    response = client.get(reverse("consultation:caseload"))
    assert list(rows_by_case(response)) == [mine.pk]


def test_caseload_flags_no_visit_in_30_days(client, consultant):
    stale = CaseFactory(consultant=consultant, opened_on=today() - timedelta(days=90))
    VisitFactory(case=stale, visit_date=today() - timedelta(days=31))
    fresh = CaseFactory(consultant=consultant, opened_on=today() - timedelta(days=90))
    VisitFactory(case=fresh, visit_date=today() - timedelta(days=3))
    new = CaseFactory(consultant=consultant, opened_on=today() - timedelta(days=5))
    client.force_login(consultant)
    rows = rows_by_case(client.get(reverse("consultation:caseload")))
    assert rows[stale.pk].flags.no_recent_visit
    assert not rows[fresh.pk].flags.no_recent_visit
    assert not rows[new.pk].flags.no_recent_visit
    assert "No visit in 30 days" in client.get(reverse("consultation:caseload")).content.decode()


def test_caseload_flags_planned_visit_date_passed(client, consultant):
    late = CaseFactory(consultant=consultant)
    VisitFactory(
        case=late,
        visit_date=today() - timedelta(days=10),
        next_visit_date=today() - timedelta(days=2),
    )
    on_time = CaseFactory(consultant=consultant)
    VisitFactory(
        case=on_time,
        visit_date=today() - timedelta(days=10),
        next_visit_date=today() + timedelta(days=2),
    )
    client.force_login(consultant)
    rows = rows_by_case(client.get(reverse("consultation:caseload")))
    assert rows[late.pk].flags.planned_visit_passed
    assert not rows[on_time.pk].flags.planned_visit_passed


def test_caseload_flags_overdue_referral_follow_up(client, consultant):
    case = CaseFactory(consultant=consultant)
    ReferralFactory(
        case=case,
        status=Referral.Status.SENT,
        sent_on=today() - timedelta(days=20),
        follow_up_due=today() - timedelta(days=1),
    )
    other = CaseFactory(consultant=consultant)
    ReferralFactory(
        case=other,
        status=Referral.Status.SENT,
        sent_on=today() - timedelta(days=2),
        follow_up_due=today() + timedelta(days=12),
    )
    client.force_login(consultant)
    response = client.get(reverse("consultation:caseload"))
    rows = rows_by_case(response)
    assert rows[case.pk].flags.overdue_referral
    assert not rows[other.pk].flags.overdue_referral
    assert "Referral follow-up overdue" in response.content.decode()


def test_supervisor_sees_team_caseload_without_buttons(client, consultant):
    CaseFactory(consultant=consultant)
    CaseFactory()  # another team's
    client.force_login(consultant.supervisor)
    response = client.get(reverse("consultation:caseload"))
    assert len(response.context["rows"]) == 1
    assert reverse("consultation:case_create") not in response.content.decode()


def test_supervisor_home_links_admin_and_reports(client):
    supervisor = SupervisorFactory()
    client.force_login(supervisor)
    body = client.get(reverse("home")).content.decode()
    assert reverse("admin:index") in body
    assert "/reports/" in body


# Sites ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["acorn grove", "OK-77", "Tulsa"])
def test_site_search_by_name_licence_or_county(client, consultant, query):
    wanted = SiteFactory(
        name="Acorn Grove",
        licence_number="OK-77123",
        county=county("Tulsa"),
        consultants=[consultant],
    )
    SiteFactory(name="Other Place", licence_number="OK-11111", consultants=[consultant])
    client.force_login(consultant)
    response = client.get(reverse("consultation:site_list"), {"q": query})
    assert list(response.context["sites"]) == [wanted]


def test_site_list_shows_current_star_rating(client, consultant):
    site = SiteFactory(consultants=[consultant])
    StarRatingFactory(site=site, level="stars_4", effective_date=today() - timedelta(days=30))
    StarRatingFactory(site=site, level="stars_2", effective_date=today() - timedelta(days=400))
    client.force_login(consultant)
    response = client.get(reverse("consultation:site_list"))
    assert response.context["sites"][0].current_rating == "4 Stars"


def test_consultant_adds_a_site_and_becomes_its_consultant(client, consultant):
    client.force_login(consultant)
    response = client.post(
        reverse("consultation:site_create"),
        {"name": "Prairie Kids", "site_type": "centre", "county": county("Kay").pk},
    )
    site = Site.objects.get(name="Prairie Kids")
    assert response["Location"] == site.get_absolute_url()
    assert consultant in site.consultants.all()


def test_duplicate_licence_number_is_refused_beside_the_field(client, consultant):
    SiteFactory(licence_number="OK-55555")
    client.force_login(consultant)
    response = client.post(
        reverse("consultation:site_create"),
        {
            "name": "Copy",
            "site_type": "centre",
            "county": county().pk,
            "licence_number": "ok-55555",
        },
    )
    assert "licence_number" in response.context["form"].errors
    assert not Site.objects.filter(name="Copy").exists()


def test_site_detail_shows_classrooms_children_rating_cases_and_visits(client, consultant):
    case = CaseFactory(consultant=consultant)
    site = case.site
    StarRatingFactory(site=site, level="stars_3", effective_date=today() - timedelta(days=10))
    visit = VisitFactory(case=case)
    client.force_login(consultant)
    response = client.get(site.get_absolute_url())
    body = response.content.decode()
    assert case.child.classroom.name in body
    assert case.child.display_name in body
    assert "3 Stars" in body
    assert case.get_absolute_url() in body
    assert visit.get_absolute_url() in body


def test_consultant_adds_classroom_and_child_and_is_sent_to_record_consent(client, consultant):
    site = SiteFactory(consultants=[consultant])
    client.force_login(consultant)
    client.post(
        reverse("consultation:classroom_create", args=[site.uuid]),
        {"name": "Bluebirds", "age_group": "toddler", "lead_teacher": "Ms. Ray"},
    )
    room = Classroom.objects.get(site=site, name="Bluebirds")
    response = client.post(
        reverse("consultation:child_create", args=[site.uuid]),
        {
            "first_name": "Ona",
            "last_initial": "b",
            "date_of_birth": (today() - timedelta(days=600)).isoformat(),
            "classroom": str(room.uuid),
        },
        follow=True,
    )
    child = Child.objects.get(first_name="Ona")
    assert response.redirect_chain[-1][0] == child.get_absolute_url()
    assert child.last_initial == "B"
    page = response.content.decode()
    assert "Record the caregiver&#x27;s consent next" in page
    assert reverse("consultation:consent_create", args=[child.uuid]) in page


def test_a_full_last_name_is_refused_with_the_reason_and_never_cut(client, consultant):
    room = ClassroomFactory(site=SiteFactory(consultants=[consultant]))
    client.force_login(consultant)
    response = client.post(
        reverse("consultation:child_create", args=[room.site.uuid]),
        {
            "first_name": "Ona",
            "last_initial": "Garcia",
            "date_of_birth": (today() - timedelta(days=600)).isoformat(),
            "classroom": str(room.uuid),
        },
    )
    (error,) = response.context["form"].errors["last_initial"]
    assert "one letter, or two for names such as McKay (Mc)" in error
    page = response.content.decode()
    assert 'value="Garcia"' in page and 'id="error-summary"' in page
    assert not Child.objects.filter(first_name="Ona").exists()


def test_archiving_asks_first_and_the_site_page_restores(client, consultant):
    site = SiteFactory(consultants=[consultant])
    child = ChildFactory(classroom=ClassroomFactory(site=site))
    client.force_login(consultant)
    assert child.display_name in client.get(child.get_absolute_url()).content.decode()
    archive = reverse("consultation:child_archive", args=[child.uuid])
    asked = client.get(archive).content.decode()
    assert f"Archive {child.display_name}?" in asked and "disappear from lists" in asked
    assert not Child.objects.get(pk=child.pk).is_archived  # asking changes nothing
    response = client.post(archive, {"reason": "Left the program", "version": child.version})
    assert response["Location"] == site.get_absolute_url()
    assert Child.objects.get(pk=child.pk).is_archived
    assert list(client.get(site.get_absolute_url()).context["children"]) == []
    archived = client.get(site.get_absolute_url(), {"children": "archived"})
    assert list(archived.context["children"]) == [child]
    assert "Left the program" in archived.content.decode()
    client.post(reverse("consultation:child_restore", args=[child.uuid]))
    restored = Child.objects.get(pk=child.pk)
    assert not restored.is_archived and restored.archive_reason == ""
    reasons = list(restored.history.values_list("history_change_reason", flat=True)[:2])
    assert reasons == [
        "consultant UI: restored from the archive",
        "consultant UI: archived: Left the program",
    ]


def test_child_with_open_case_is_not_archived(client, consultant):
    case = CaseFactory(consultant=consultant)
    client.force_login(consultant)
    response = client.post(
        reverse("consultation:child_archive", args=[case.child.uuid]),
        {"reason": "Left", "version": case.child.version},
    )
    assert response.status_code == 200
    assert "Close this child&#x27;s open cases" in response.content.decode()
    case.child.refresh_from_db()
    assert not case.child.is_archived


# Cases ----------------------------------------------------------------------------------------


def test_consultant_opens_a_child_focused_case(client, consultant):
    child = ChildFactory(classroom=ClassroomFactory(site=SiteFactory(consultants=[consultant])))
    client.force_login(consultant)
    page = client.get(reverse("consultation:case_create"), {"child": str(child.uuid)})
    assert page.context["form"].initial["child"] == str(child.uuid)
    response = client.post(
        reverse("consultation:case_create"),
        {
            "focus": "child",
            "child": str(child.uuid),
            "opened_on": today().isoformat(),
            "reason": "Hitting peers at nap time",
            "at_risk_of_expulsion": "on",
        },
    )
    case = ConsultationCase.objects.get(child=child)
    assert response["Location"] == case.get_absolute_url()
    assert case.consultant == consultant and case.at_risk_of_expulsion


def test_child_focused_case_without_consent_is_refused_beside_the_child(client, consultant):
    child = ChildFactory(
        classroom=ClassroomFactory(site=SiteFactory(consultants=[consultant])), consent=False
    )
    client.force_login(consultant)
    response = client.post(
        reverse("consultation:case_create"),
        {
            "focus": "child",
            "child": str(child.uuid),
            "opened_on": today().isoformat(),
            "reason": "Biting",
        },
    )
    (error,) = response.context["form"].errors["child"]
    assert "no consultation consent is in force" in error
    consent_page = reverse("consultation:consent_create", args=[child.uuid])
    assert f'<a href="{consent_page}">' in response.content.decode()  # a link to fix it
    assert not ConsultationCase.objects.exists()


def test_case_timeline_shows_visits_concerns_progress_and_referrals_newest_first(
    client, consultant
):
    case = CaseFactory(consultant=consultant, opened_on=today() - timedelta(days=40))
    old = VisitFactory(case=case, visit_date=today() - timedelta(days=30))
    new = VisitFactory(case=case, visit_date=today() - timedelta(days=2))
    ObservedConcern.objects.create(
        visit=new, child=case.child, concern_item=concern_item("preschool"), frequency="often"
    )
    goal = GoalFactory(case=case)
    goal.progress.create(visit=old, recorded_on=old.visit_date, rating=2, note="Slow start")
    ReferralFactory(case=case).status_changes.create(
        to_status="draft", changed_on=today() - timedelta(days=1), changed_by=consultant
    )
    client.force_login(consultant)
    timeline = client.get(case.get_absolute_url()).context["timeline"]
    kinds = [event.kind for event in timeline]
    assert {"visit", "concern", "progress", "referral", "goal", "opened"} <= set(kinds)
    dates = [event.on for event in timeline]
    assert dates == sorted(dates, reverse=True)
    assert kinds[0] == "referral" and kinds[-1] == "opened"


def test_case_close_with_reason_and_placement(client, consultant, settings):
    settings.CLOSURE_SIGN_OFF = False  # the consultant closes at once (sign-off: test_closure_*)
    case = CaseFactory(consultant=consultant)
    client.force_login(consultant)
    url = reverse("consultation:case_close", args=[case.uuid])
    response = client.post(url, {"closure_reason": "goals_met", "closed_on": today().isoformat()})
    assert "placement_at_closure" in response.context["form"].errors
    response = client.post(
        url,
        {
            "closure_reason": "goals_met",
            "closed_on": today().isoformat(),
            "placement_at_closure": "retained",
        },
    )
    case.refresh_from_db()
    assert response.status_code == 302
    assert (case.status, case.placement_at_closure) == ("closed", "retained")


def test_classroom_case_close_has_no_placement_field(client, consultant):
    room = ClassroomFactory()
    case = CaseFactory(consultant=consultant, focus="classroom", child=None, classroom=room)
    client.force_login(consultant)
    form = client.get(reverse("consultation:case_close", args=[case.uuid])).context["form"]
    assert "placement_at_closure" not in form.fields


def test_long_case_timeline_shows_latest_50_events_with_a_link_to_the_rest(client, consultant):
    case = CaseFactory(consultant=consultant, opened_on=today() - timedelta(days=80))
    for days_ago in range(1, 61):
        VisitFactory(case=case, visit_date=today() - timedelta(days=days_ago))
    client.force_login(consultant)
    page = client.get(case.get_absolute_url()).content.decode()
    assert page.count("timeline-visit") == 50 and "timeline-opened" not in page
    assert "Show older events (11 more)" in page  # 60 visits and the opening
    everything = client.get(case.get_absolute_url(), {"timeline": "all"}).content.decode()
    assert everything.count("timeline-visit") == 60 and "timeline-opened" in everything
    assert "Show older events" not in everything
