"""Factories of outcomes: placement follow-ups and a child's demographics."""

from datetime import timedelta

import factory

from consultation.models import ChildDemographics, PlacementFollowUp, Race
from tests.factories import CaseFactory, ChildFactory, today


class PlacementFollowUpFactory(factory.django.DjangoModelFactory):
    """The 30-day follow-up of the case's child, due today and not yet answered."""

    class Meta:
        model = PlacementFollowUp

    case = factory.SubFactory(CaseFactory)
    child = factory.LazyAttribute(lambda o: o.case.child)
    days_after = 30
    due_on = factory.LazyFunction(today)


class ChildDemographicsFactory(factory.django.DjangoModelFactory):
    """A girl recorded as Black or African American, not Hispanic or Latino."""

    class Meta:
        model = ChildDemographics

    child = factory.SubFactory(ChildFactory)
    races = factory.LazyFunction(lambda: [Race.BLACK.value])
    ethnicity = ChildDemographics.Ethnicity.NOT_HISPANIC
    gender = ChildDemographics.Gender.GIRL


def closed_days_ago(days: int) -> dict:
    """Keyword arguments of a case closed `days` ago (for CaseFactory)."""
    return {"status": "closed", "closed_on": today() - timedelta(days=days)}
