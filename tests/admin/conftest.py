from dataclasses import dataclass

import pytest
from django.urls import reverse

from consultation.models import MeasureDue
from tests.factories import (
    AdministrationFactory,
    CaseFactory,
    ExclusionEventFactory,
    GoalFactory,
    GoalProgressFactory,
    ObservedConcernFactory,
    ReferralFactory,
    ReferralStatusChangeFactory,
    StarRatingFactory,
    VisitFactory,
    instrument,
)
from tests.factories_outcomes import PlacementFollowUpFactory


@dataclass
class Records:
    """One of each case record, all owned by one consultant."""

    case: object
    visit: object
    concern: object
    goal: object
    progress: object
    referral: object
    status_change: object
    star_rating: object
    administration: object
    measure_due: object
    exclusion: object
    follow_up: object

    def by_model(self) -> dict:
        child = self.case.child
        return {
            "consultation.consultationcase": self.case,
            "consultation.visit": self.visit,
            "consultation.observedconcern": self.concern,
            "consultation.pyramidgoal": self.goal,
            "consultation.goalprogress": self.progress,
            "consultation.child": child,
            "consultation.classroom": child.classroom,
            "consultation.site": self.case.site,
            "consultation.starrating": self.star_rating,
            "referrals.referral": self.referral,
            "referrals.referralstatuschange": self.status_change,
            "consultation.administration": self.administration,
            "consultation.measuredue": self.measure_due,
            "consultation.exclusionevent": self.exclusion,
            "consultation.placementfollowup": self.follow_up,
        }


def make_records(consultant) -> Records:
    case = CaseFactory(consultant=consultant)
    visit = VisitFactory(case=case)
    goal = GoalFactory(case=case)
    referral = ReferralFactory(case=case)
    return Records(
        case=case,
        visit=visit,
        concern=ObservedConcernFactory(visit=visit),
        goal=goal,
        progress=GoalProgressFactory(goal=goal, visit=visit),
        referral=referral,
        status_change=ReferralStatusChangeFactory(referral=referral),
        star_rating=StarRatingFactory(site=case.site),
        administration=AdministrationFactory(case=case),
        measure_due=MeasureDue.objects.create(
            case=case, instrument=instrument("perm"), point="baseline", due_by=case.opened_on
        ),
        exclusion=ExclusionEventFactory(case=case),
        follow_up=PlacementFollowUpFactory(case=case),
    )


def admin_url(obj, view: str = "change") -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[obj.pk])


def changelist_url(label: str) -> str:
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_changelist")


@pytest.fixture
def ana_records(demo_users) -> Records:
    return make_records(demo_users["ana"])


@pytest.fixture
def cara_records(demo_users) -> Records:
    return make_records(demo_users["cara"])
