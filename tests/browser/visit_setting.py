"""The visit page's browser setting: a classroom case of ana's with two children, one of whom
turned one five days ago (a toddler today, an infant a week ago)."""

from datetime import date, timedelta

import pytest

from consultation.models import ConsultationCase
from tests import factories


def first_birthday_near_today() -> date:
    """A date of birth whose first birthday was five days ago: a toddler today, an infant a
    week ago."""
    today = factories.today()
    return today.replace(year=today.year - 1) - timedelta(days=5)


@pytest.fixture
def anas_case(demo_users):
    """A classroom case of ana's: Ivy (one year old five days ago) and Omar (four)."""
    ana = demo_users["ana"]
    today = factories.today()
    site = factories.SiteFactory(name="Willow Creek Learning", consultants=[ana])
    room = factories.ClassroomFactory(site=site, name="Sprouts")
    factories.ChildFactory(
        first_name="Ivy",
        last_initial="B",
        classroom=room,
        date_of_birth=first_birthday_near_today(),
    )
    factories.ChildFactory(
        first_name="Omar",
        last_initial="D",
        classroom=room,
        date_of_birth=today - timedelta(days=4 * 365),
    )
    case = factories.CaseFactory(
        consultant=ana,
        focus=ConsultationCase.Focus.CLASSROOM,
        child=None,
        classroom=room,
        reason="Biting at transitions",
        opened_on=today - timedelta(days=30),
    )
    factories.GoalFactory(case=case, description="Use a visual schedule before nap time")
    return case
