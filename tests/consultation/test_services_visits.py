from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from consultation import services
from consultation.models import (
    ConcernItem,
    ConsultationCase,
    GoalProgress,
    ObservedConcern,
    PracticeArea,
    PyramidGoal,
    PyramidTier,
    Visit,
)
from consultation.services import ConcernInput, GoalInput, GoalProgressInput
from tests.factories import (
    CaseFactory,
    ChildFactory,
    ConsultantFactory,
    GoalFactory,
    concern_item,
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
