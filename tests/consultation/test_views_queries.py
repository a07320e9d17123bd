"""Each list page reads its rows in a fixed number of queries, whatever the number of rows."""

from datetime import timedelta

import pytest
from django.urls import reverse

from consultation.models import ConsultationCase, MeasureDue, Site
from referrals.models import Referral
from tests.factories import (
    AdministrationFactory,
    CaseFactory,
    ChildFactory,
    ClassroomFactory,
    ConsultantFactory,
    ReferralFactory,
    SiteFactory,
    StarRatingFactory,
    VisitFactory,
    instrument,
    today,
)
from tests.factories_outcomes import PlacementFollowUpFactory

pytestmark = pytest.mark.django_db

ROWS = 32


@pytest.fixture
def busy_consultant():
    """A consultant with 32 open cases, each with a visit, an overdue referral and an overdue
    baseline measure."""
    consultant = ConsultantFactory()
    for _ in range(ROWS):
        case = CaseFactory(consultant=consultant)
        MeasureDue.objects.create(
            case=case, instrument=instrument("perm"), point="baseline", due_by=case.opened_on
        )
        VisitFactory(case=case, next_visit_date=today() - timedelta(days=1))
        ReferralFactory(
            case=case,
            status=Referral.Status.SENT,
            sent_on=today() - timedelta(days=20),
            follow_up_due=today() - timedelta(days=2),
        )
    return consultant


def test_caseload_query_count_does_not_grow_with_cases(
    client, busy_consultant, django_assert_max_num_queries
):
    for case in ConsultationCase.objects.filter(consultant=busy_consultant):
        PlacementFollowUpFactory(case=case)
    client.force_login(busy_consultant)
    # Session and user (2), the annotated caseload (1), the measures due with their cases (1)
    # and, as there are more than the 20 listed, their counts (1), the placement follow-ups
    # due with their child and site (1), the footer's crisis lines (1), and the request
    # transaction's savepoint bookkeeping: one query per row would be 32+ more.
    # +1: the unread notifications counted in the navigation.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("consultation:caseload"))
    assert len(response.context["rows"]) == ROWS
    assert len(response.context["follow_ups"]) == min(ROWS, 20)
    assert response.context["measures"].overdue_count == ROWS


def test_site_list_query_count_does_not_grow_with_sites(
    client, busy_consultant, django_assert_max_num_queries
):
    for site in Site.objects.all():
        StarRatingFactory(site=site)
    client.force_login(busy_consultant)
    # Session and user (2), the sites with rating, counts and county in one query (1), the
    # crisis lines (1), plus transaction bookkeeping.
    with django_assert_max_num_queries(8):
        response = client.get(reverse("consultation:site_list"))
    assert len(response.context["sites"]) == ROWS


def test_site_detail_query_count_does_not_grow_with_children_and_cases(
    client, django_assert_max_num_queries
):
    consultant = ConsultantFactory()
    site = SiteFactory(consultants=[consultant])
    rooms = [ClassroomFactory(site=site) for _ in range(4)]
    for index in range(ROWS):
        child = ChildFactory(classroom=rooms[index % 4])
        case = CaseFactory(consultant=consultant, child=child)
        VisitFactory(case=case)
    client.force_login(consultant)
    # Session and user (2), site, rating, classrooms, children, cases, visits (6), crisis
    # lines (1), plus transaction bookkeeping.
    with django_assert_max_num_queries(13):
        response = client.get(site.get_absolute_url())
    assert len(response.context["children"]) == ROWS
    assert len(response.context["cases"]) == ROWS


def test_case_detail_query_count_does_not_grow_with_visits(
    client, busy_consultant, django_assert_max_num_queries
):
    from consultation.models import ObservedConcern
    from tests.factories import GoalFactory, concern_item

    case = busy_consultant.cases.first()
    goal = GoalFactory(case=case)
    for days_ago in range(2, 2 + ROWS):
        visit = VisitFactory(case=case, visit_date=today() - timedelta(days=days_ago))
        ObservedConcern.objects.create(
            visit=visit,
            child=case.child,
            concern_item=concern_item("preschool"),
            frequency="often",
        )
        goal.progress.create(visit=visit, recorded_on=visit.visit_date, rating=3)
        AdministrationFactory(case=case, administered_on=visit.visit_date)
    client.force_login(busy_consultant)
    # Session and user (2), the case (1), its goals (1, shared by the timeline and the goal
    # list), the timeline's visits with their activities, concerns, goal progress and referral
    # steps (4), the referral list (1), its measures with their instruments (1) and scores (1),
    # the measures due (1), the crisis lines (1), the read audit record (1), the dose's hours
    # to date (1, one sum), plus transaction bookkeeping: values rows, one query per kind of
    # event, none per event.
    # +1: the unread notifications counted in the navigation.
    # The placement follow-ups of a child-focused case add 1, however many.
    PlacementFollowUpFactory(case=case)
    PlacementFollowUpFactory(case=case, days_after=90)
    with django_assert_max_num_queries(20):
        response = client.get(case.get_absolute_url())
    assert len(response.context["timeline"]) > 3 * ROWS


def test_visit_form_query_count_does_not_grow_with_children(
    client, busy_consultant, django_assert_max_num_queries
):
    from tests.factories import GoalFactory

    room = busy_consultant.cases.first().child.classroom
    case = CaseFactory(consultant=busy_consultant, focus="classroom", child=None, classroom=room)
    for _ in range(ROWS):
        ChildFactory(classroom=room)
    GoalFactory(case=case)
    client.force_login(busy_consultant)
    # Session and user (2), the case (1), the consultant's draft of this form (1), the last
    # visit (1), the activities (1), the classrooms (1), the children listed with their
    # classrooms (1), when their consent is in force (1), the concern items (1), the open goals
    # (1), tiers and practice areas read once for every new-goal block (2), the crisis lines
    # (1), plus transaction bookkeeping.
    # +1: the unread notifications counted in the navigation.
    with django_assert_max_num_queries(18):
        response = client.get(f"{reverse('consultation:visit_create')}?case={case.uuid}")
    assert len(response.context["children"]) == ROWS + 1  # the classroom's children
