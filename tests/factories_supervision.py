"""Factories for reflective supervision sessions."""

from datetime import timedelta

import factory

from consultation.models import SupervisionSession
from tests.factories import SupervisorFactory, today


class SupervisionSessionFactory(factory.django.DjangoModelFactory):
    """A session a week ago; pass `consultants=[...]` (of the supervisor's team)."""

    class Meta:
        model = SupervisionSession
        skip_postgeneration_save = True

    supervisor = factory.SubFactory(SupervisorFactory)
    held_on = factory.LazyFunction(lambda: today() - timedelta(days=7))
    minutes = 60
    format = SupervisionSession.Format.INDIVIDUAL
    notes = "Talked through the biting at transitions."

    @factory.post_generation
    def consultants(self, create, extracted, **kwargs):
        if create and extracted:
            self.consultants.set(extracted)

    @factory.post_generation
    def cases(self, create, extracted, **kwargs):
        if create and extracted:
            self.cases.set(extracted)


def session_with(consultant, **kwargs) -> SupervisionSession:
    """An individual session of `consultant` with their own supervisor."""
    return SupervisionSessionFactory(
        supervisor=consultant.supervisor, consultants=[consultant], **kwargs
    )
