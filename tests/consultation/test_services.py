from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from consultation import selectors, services
from consultation.models import (
    Child,
    ConsultationCase,
    Site,
    StarRating,
)
from tests.factories import (
    CaseFactory,
    ChildFactory,
    ClassroomFactory,
    ConsultantFactory,
    SiteFactory,
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


def test_child_archive_refuses_while_a_case_is_open_then_archives():
    case = CaseFactory()
    with pytest.raises(ValidationError):
        services.child_archive(child=case.child, reason="Left the program")
    services.case_close(case=case, closure_reason="goals_met", placement_at_closure="retained")
    child = services.child_archive(child=case.child, reason="Left the program")
    child.refresh_from_db()
    assert child.is_archived and child.archived_at is not None
    assert child.archive_reason == "Left the program"


def test_a_child_with_a_case_cannot_be_deleted():
    case = CaseFactory()
    with pytest.raises(ProtectedError):
        case.child.delete()


# Cases ------------------------------------------------------------------------------------


def test_child_focused_case_requires_caregiver_consent():
    child = ChildFactory(consent=False)
    consultant = ConsultantFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.case_open(consultant=consultant, focus="child", child=child, reason="Biting")
    assert "consent" in str(excinfo.value)
    assert not ConsultationCase.objects.exists()


def test_case_open_takes_site_from_the_subject_and_gives_the_consultant_the_site_while_open():
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
    # Through the open case, not an assignment: the site's list does not grow.
    assert consultant not in case.site.consultants.all()
    assert list(selectors.sites_visible_to(consultant)) == [case.site]
    services.case_close(case=case, closure_reason="goals_met", placement_at_closure="retained")
    assert not selectors.sites_visible_to(consultant).exists()


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
        services.case_reassign(case=case, to_consultant=outsider, by=supervisor, reason="Leave")
    services.case_reassign(case=case, to_consultant=teammate, by=supervisor, reason="Leave")
    case.refresh_from_db()
    assert case.consultant == teammate
    assert case.site in selectors.sites_visible_to(teammate)
