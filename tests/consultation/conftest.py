from datetime import timedelta

import pytest

from tests.factories import (
    CaseFactory,
    ChildFactory,
    ClassroomFactory,
    ConsultantFactory,
    GoalFactory,
    today,
)


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
