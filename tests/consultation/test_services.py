from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from consultation import services
from consultation.models import (
    Child,
    ConcernItem,
    ConsultationCase,
    GoalProgress,
    ObservedConcern,
    PracticeArea,
    PyramidGoal,
    PyramidTier,
    Site,
    StarRating,
    Visit,
)
from consultation.services import ConcernInput, GoalInput, GoalProgressInput
from tests.factories import (
    CaseFactory,
    ChildFactory,
    ClassroomFactory,
    ConsultantFactory,
    GoalFactory,
    SiteFactory,
    concern_item,
    county,
    today,
)

pytestmark = pytest.mark.django_db


def visit_kwargs(case, **overrides):
    kwargs = {
        "consultant": case.consultant,
        "case": case,
        "visit_date": today() - timedelta(days=1),
        "start_time": time(9, 0),
        "duration_minutes": 60,
        "mode": "on_site",
    }
    kwargs.update(overrides)
    return kwargs


def error_fields(excinfo) -> set[str]:
    return set(excinfo.value.message_dict)


# Sites, ratings, children -----------------------------------------------------------------


def test_site_create_adds_the_consultant_and_refuses_a_duplicate_licence():
    ana = ConsultantFactory()
    site = services.site_create(
        created_by=ana, name="Acorn", site_type="centre", county=county(), licence_number="K-1"
    )
    assert ana in site.consultants.all()
    with pytest.raises(ValidationError) as excinfo:
        services.site_create(
            created_by=ana, name="Other", site_type="centre", county=county(), licence_number="k-1"
        )
    assert "licence_number" in error_fields(excinfo)
    assert Site.objects.count() == 1


@pytest.mark.parametrize(
    ("level", "effective", "ok"),
    [
        ("two_star", date(2019, 8, 1), True),
        ("one_star_plus", date(2022, 5, 31), True),
        ("stars_4", date(2022, 6, 1), True),
        ("three_star", date(2022, 6, 1), False),  # old scale after the change
        ("stars_5", date(2022, 5, 31), False),  # new scale before it
    ],
)
def test_star_rating_level_must_match_the_scale_in_force(level, effective, ok):
    site = SiteFactory()
    if ok:
        services.star_rating_record(site=site, level=level, effective_date=effective)
        assert site.star_ratings.get().level == level
    else:
        with pytest.raises(ValidationError):
            services.star_rating_record(site=site, level=level, effective_date=effective)
        assert not StarRating.objects.exists()


def test_database_refuses_a_rating_on_the_wrong_scale_too():
    with pytest.raises(IntegrityError), transaction.atomic():
        StarRating.objects.create(
            site=SiteFactory(), level="stars_3", effective_date=date(2020, 1, 1)
        )


def test_child_date_of_birth_cannot_be_in_the_future():
    classroom = ClassroomFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.child_create(
            classroom=classroom,
            first_name="Mia",
            last_initial="R",
            date_of_birth=today() + timedelta(days=1),
        )
    assert "date_of_birth" in error_fields(excinfo)
    assert not Child.objects.exists()


def test_child_keeps_only_a_last_initial():
    classroom = ClassroomFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.child_create(
            classroom=classroom,
            first_name="Mia",
            last_initial="Rodriguez",
            date_of_birth=date(2022, 1, 1),
        )
    assert "last_initial" in error_fields(excinfo)
    child = services.child_create(
        classroom=classroom, first_name="Mia", last_initial="r.", date_of_birth=date(2022, 1, 1)
    )
    assert child.last_initial == "R" and str(child) == "Child M.R."


def test_consent_needs_both_date_and_who_gave_it():
    classroom = ClassroomFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.child_create(
            classroom=classroom,
            first_name="Mia",
            last_initial="R",
            date_of_birth=date(2022, 1, 1),
            consent_date=date(2025, 1, 1),
        )
    assert "consent_given_by" in error_fields(excinfo)
    with pytest.raises(IntegrityError), transaction.atomic():
        Child.objects.create(
            classroom=classroom,
            first_name="Mia",
            last_initial="R",
            date_of_birth=date(2022, 1, 1),
            consent_date=date(2025, 1, 1),
        )


def test_child_archive_refuses_while_a_case_is_open_then_archives():
    case = CaseFactory()
    with pytest.raises(ValidationError):
        services.child_archive(child=case.child)
    services.case_close(case=case, closure_reason="goals_met", placement_at_closure="retained")
    child = services.child_archive(child=case.child)
    child.refresh_from_db()
    assert child.is_archived and child.archived_at is not None


def test_a_child_with_a_case_cannot_be_deleted():
    case = CaseFactory()
    with pytest.raises(ProtectedError):
        case.child.delete()


# Cases ------------------------------------------------------------------------------------


def test_child_focused_case_requires_caregiver_consent():
    child = ChildFactory(consent_date=None, consent_given_by="")
    consultant = ConsultantFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.case_open(consultant=consultant, focus="child", child=child, reason="Biting")
    assert "consent" in str(excinfo.value)
    assert not ConsultationCase.objects.exists()


def test_case_open_takes_site_from_the_subject_and_assigns_the_consultant_to_it():
    child = ChildFactory()
    consultant = ConsultantFactory()
    case = services.case_open(
        consultant=consultant,
        focus="child",
        child=child,
        reason="Biting",
        at_risk_of_expulsion=True,
    )
    assert case.site == child.classroom.site
    assert case.status == ConsultationCase.Status.INTAKE
    assert consultant in case.site.consultants.all()


def test_expulsion_risk_is_only_for_child_cases():
    classroom = ClassroomFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.case_open(
            consultant=ConsultantFactory(),
            focus="classroom",
            classroom=classroom,
            reason="Routines",
            at_risk_of_expulsion=True,
        )
    assert "at_risk_of_expulsion" in error_fields(excinfo)


def test_case_close_requires_reason_and_for_child_cases_placement():
    case = CaseFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.case_close(case=case, closure_reason="")
    assert {"closure_reason", "placement_at_closure"} <= error_fields(excinfo)
    case.refresh_from_db()
    assert case.status == ConsultationCase.Status.ACTIVE and case.closed_on is None


def test_case_close_records_date_reason_and_placement():
    case = CaseFactory()
    services.case_close(case=case, closure_reason="goals_met", placement_at_closure="retained")
    case.refresh_from_db()
    assert case.status == "closed" and case.closed_on == today()
    assert case.placement_at_closure == "retained"


def test_database_holds_closed_iff_closed_date_and_reason():
    case = CaseFactory()
    case.status = ConsultationCase.Status.CLOSED
    with pytest.raises(IntegrityError), transaction.atomic():
        case.save()
    open_case = CaseFactory()
    open_case.closed_on = today()
    open_case.closure_reason = "other"
    with pytest.raises(IntegrityError), transaction.atomic():
        open_case.save()


def test_database_holds_subject_matches_focus():
    case = CaseFactory()
    case.child = None
    with pytest.raises(IntegrityError), transaction.atomic():
        case.save()


def test_reassign_within_the_team_only():
    case = CaseFactory()
    supervisor = case.consultant.supervisor
    teammate = ConsultantFactory(supervisor=supervisor)
    outsider = ConsultantFactory()
    with pytest.raises(ValidationError):
        services.case_reassign(case=case, to_consultant=outsider, by=supervisor)
    services.case_reassign(case=case, to_consultant=teammate, by=supervisor)
    case.refresh_from_db()
    assert case.consultant == teammate
    assert teammate in case.site.consultants.all()


# Visits -----------------------------------------------------------------------------------


def test_visit_log_writes_visit_concerns_progress_and_new_goals_and_activates_the_case():
    case = CaseFactory(status=ConsultationCase.Status.INTAKE)
    goal = GoalFactory(case=case)
    item = concern_item("preschool")
    result = services.visit_log(
        **visit_kwargs(case),
        classrooms=[case.classroom],
        children=[case.child],
        concerns=[ConcernInput(child=case.child, concern_item=item, frequency="often")],
        goal_progress=[GoalProgressInput(goal=goal, rating=3, note="Better at lunch")],
        new_goals=[
            GoalInput(
                tier=PyramidTier.objects.first(),
                practice_area=PracticeArea.objects.first(),
                description="Teach two calm-down strategies",
            )
        ],
    )
    visit = result.visit
    assert visit.concerns.get().concern_item == item
    assert visit.goal_progress.get().rating == 3
    assert case.goals.count() == 2
    case.refresh_from_db()
    goal.refresh_from_db()
    assert case.status == ConsultationCase.Status.ACTIVE
    assert goal.status == PyramidGoal.Status.IN_PROGRESS
    assert result.crisis_concerns == []


@pytest.mark.parametrize("minutes", [0, -5, 601])
def test_visit_duration_must_be_1_to_600_minutes(minutes):
    case = CaseFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.visit_log(**visit_kwargs(case, duration_minutes=minutes))
    assert "duration_minutes" in error_fields(excinfo)
    assert not Visit.objects.exists()


def test_database_refuses_a_zero_minute_visit():
    case = CaseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.create(
            case=case,
            site=case.site,
            consultant=case.consultant,
            visit_date=today(),
            start_time=time(9),
            duration_minutes=0,
        )


def test_visit_cannot_be_in_the_future_or_before_the_case_opened():
    case = CaseFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.visit_log(**visit_kwargs(case, visit_date=today() + timedelta(days=1)))
    assert "visit_date" in error_fields(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.visit_log(**visit_kwargs(case, visit_date=case.opened_on - timedelta(days=1)))
    assert "opened" in str(excinfo.value)
    assert not Visit.objects.exists()


def test_visit_involves_only_classrooms_and_children_of_its_site():
    case = CaseFactory()
    elsewhere = ChildFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.visit_log(
            **visit_kwargs(case), classrooms=[elsewhere.classroom], children=[elsewhere]
        )
    assert {"classrooms", "children"} <= error_fields(excinfo)
    assert not Visit.objects.exists()


def test_observed_concern_must_be_on_the_childs_age_band_checklist():
    case = CaseFactory()  # a four-year-old
    toddler_item = concern_item("toddler")
    with pytest.raises(ValidationError) as excinfo:
        services.visit_log(
            **visit_kwargs(case),
            children=[case.child],
            concerns=[ConcernInput(child=case.child, concern_item=toddler_item, frequency="once")],
        )
    assert "concerns" in error_fields(excinfo)
    assert "preschool" in str(excinfo.value)
    assert not Visit.objects.exists() and not ObservedConcern.objects.exists()


def test_age_band_is_taken_on_the_visit_date_not_today():
    # Turned three (36 months) five days ago: a toddler on a visit a week ago.
    born = today().replace(year=today().year - 3) - timedelta(days=5)
    child = ChildFactory(date_of_birth=born)
    case = CaseFactory(child=child, opened_on=today() - timedelta(days=30))
    week_ago = today() - timedelta(days=7)
    result = services.visit_log(
        **visit_kwargs(case, visit_date=week_ago),
        children=[child],
        concerns=[
            ConcernInput(child=child, concern_item=concern_item("toddler"), frequency="once")
        ],
    )
    assert result.visit.concerns.count() == 1


def test_goal_progress_must_be_on_a_goal_of_the_visits_case():
    case = CaseFactory()
    other_goal = GoalFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.visit_log(
            **visit_kwargs(case), goal_progress=[GoalProgressInput(goal=other_goal, rating=2)]
        )
    assert "goal_progress" in error_fields(excinfo)
    assert not GoalProgress.objects.exists() and not Visit.objects.exists()


def test_a_crisis_flagged_concern_is_returned_for_the_crisis_prompt():
    case = CaseFactory()
    item = concern_item("preschool", crisis=True)
    result = services.visit_log(
        **visit_kwargs(case),
        children=[case.child],
        concerns=[ConcernInput(child=case.child, concern_item=item, frequency="sometimes")],
    )
    assert [c.concern_item for c in result.crisis_concerns] == [item]


def test_only_the_cases_consultant_logs_visits_on_it():
    case = CaseFactory()
    with pytest.raises(ValidationError):
        services.visit_log(**visit_kwargs(case, consultant=ConsultantFactory()))
    assert not Visit.objects.exists()


def test_editing_a_visit_replaces_its_concerns_and_progress():
    case = CaseFactory()
    goal = GoalFactory(case=case)
    item_a, item_b = list(ConcernItem.objects.filter(age_band="preschool")[:2])
    result = services.visit_log(
        **visit_kwargs(case),
        children=[case.child],
        concerns=[ConcernInput(child=case.child, concern_item=item_a, frequency="once")],
        goal_progress=[GoalProgressInput(goal=goal, rating=2)],
    )
    services.visit_log(
        **visit_kwargs(case, duration_minutes=75),
        visit=result.visit,
        children=[case.child],
        concerns=[ConcernInput(child=case.child, concern_item=item_b, frequency="often")],
    )
    visit = Visit.objects.get()
    assert visit.duration_minutes == 75
    assert [c.concern_item for c in visit.concerns.all()] == [item_b]
    assert not visit.goal_progress.exists()


def test_goal_target_date_cannot_precede_the_day_it_is_set():
    case = CaseFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.goal_create(
            case=case,
            goal=GoalInput(
                tier=PyramidTier.objects.first(),
                practice_area=PracticeArea.objects.first(),
                description="x",
                target_date=today() - timedelta(days=1),
            ),
        )
    assert "target_date" in error_fields(excinfo)
