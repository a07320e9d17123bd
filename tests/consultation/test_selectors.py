"""Each selector's access scope, by role."""

import pytest

from accounts.models import User
from consultation import selectors
from referrals.selectors import referrals_visible_to
from tests.factories import (
    CaseFactory,
    ConsultantFactory,
    ProgramLeadFactory,
    ReferralFactory,
    SupervisorFactory,
    UserFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    sue = SupervisorFactory(username="sue")
    tom = SupervisorFactory(username="tom")
    ana = ConsultantFactory(username="ana", supervisor=sue)
    ben = ConsultantFactory(username="ben", supervisor=sue)
    cara = ConsultantFactory(username="cara", supervisor=tom)
    cases = {
        name: CaseFactory(consultant=user)
        for name, user in [("ana", ana), ("ben", ben), ("cara", cara)]
    }
    visits = {name: VisitFactory(case=case) for name, case in cases.items()}
    referrals = {name: ReferralFactory(case=case) for name, case in cases.items()}
    return {
        "users": {
            "sue": sue,
            "tom": tom,
            "ana": ana,
            "ben": ben,
            "cara": cara,
            "lee": ProgramLeadFactory(username="lee"),
            "admin": UserFactory(username="admin", is_superuser=True, role=User.Role.PROGRAM_LEAD),
        },
        "cases": cases,
        "visits": visits,
        "referrals": referrals,
    }


EXPECTED_OWNERS = {
    "ana": {"ana"},
    "ben": {"ben"},
    "cara": {"cara"},
    "sue": {"ana", "ben"},
    "tom": {"cara"},
    "lee": {"ana", "ben", "cara"},
    "admin": {"ana", "ben", "cara"},
}


def owners(objects_by_owner, visible):
    return {name for name, obj in objects_by_owner.items() if obj in visible}


@pytest.mark.parametrize(("username", "expected"), EXPECTED_OWNERS.items())
def test_cases_visits_referrals_children_visible_by_role(world, username, expected):
    user = world["users"][username]
    assert owners(world["cases"], set(selectors.cases_visible_to(user))) == expected
    assert owners(world["visits"], set(selectors.visits_visible_to(user))) == expected
    assert owners(world["referrals"], set(referrals_visible_to(user))) == expected
    children = {name: case.child for name, case in world["cases"].items()}
    assert owners(children, set(selectors.children_visible_to(user))) == expected
    sites = {name: case.site for name, case in world["cases"].items()}
    assert owners(sites, set(selectors.sites_visible_to(user))) == expected


def test_inactive_users_see_nothing(world):
    ana = world["users"]["ana"]
    ana.is_active = False
    ana.save()
    assert not selectors.cases_visible_to(ana).exists()


def test_consultants_visible_to_a_supervisor_are_their_team(world):
    sue = world["users"]["sue"]
    assert {u.username for u in selectors.consultants_visible_to(sue)} == {"ana", "ben"}


def test_get_visible_or_404_hides_records_outside_the_scope(world):
    from django.http import Http404

    from core.permissions import get_visible_or_404

    cara_case = world["cases"]["cara"]
    with pytest.raises(Http404):
        get_visible_or_404(selectors.cases_visible_to(world["users"]["ana"]), uuid=cara_case.uuid)
    with pytest.raises(Http404):
        get_visible_or_404(selectors.cases_visible_to(world["users"]["ana"]), uuid="not-a-uuid")
    assert (
        get_visible_or_404(selectors.cases_visible_to(world["users"]["tom"]), uuid=cara_case.uuid)
        == cara_case
    )


def test_caseload_annotates_last_visit_and_overdue_referrals(world):
    from datetime import timedelta

    from referrals.models import Referral
    from referrals.selectors import overdue_follow_up
    from tests.factories import today

    referral = world["referrals"]["ana"]
    Referral.objects.filter(pk=referral.pk).update(
        status=Referral.Status.SENT,
        sent_on=today() - timedelta(days=5),
        follow_up_due=today() - timedelta(days=1),
    )
    ana = world["users"]["ana"]
    row = selectors.caseload(ana).get()
    assert row.last_visit_on == world["visits"]["ana"].visit_date
    values = selectors.caseload_values(ana, overdue=overdue_follow_up(today=today())).get()
    assert values["overdue_referral"] is True
