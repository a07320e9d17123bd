"""Factories of requests for consultation (intake)."""

from datetime import timedelta

import factory

from consultation.models import Intake, IntakeStep
from tests.factories import SiteFactory, SupervisorFactory, today


class IntakeFactory(factory.django.DjangoModelFactory):
    """A request received 3 days ago, with its "received" step; pass status and its dates (and
    `steps=False` for none) to make one further along."""

    class Meta:
        model = Intake
        skip_postgeneration_save = True

    received_on = factory.LazyFunction(lambda: today() - timedelta(days=3))
    source = Intake.Source.DIRECTOR
    site = factory.SubFactory(SiteFactory)
    reason_category = Intake.Reason.BEHAVIOUR
    reason = "Biting at transitions"
    recorded_by = factory.SubFactory(SupervisorFactory)

    @factory.post_generation
    def steps(self, create, extracted, **kwargs):
        if create and extracted is not False:
            IntakeStep.objects.create(
                intake=self,
                step=Intake.Status.RECEIVED,
                on=self.received_on,
                recorded_by=self.recorded_by,
            )
            if self.contacted_on:
                IntakeStep.objects.create(
                    intake=self,
                    step=Intake.Status.CONTACTED,
                    on=self.contacted_on,
                    recorded_by=self.recorded_by,
                )
            if self.assigned_to_id:
                IntakeStep.objects.create(
                    intake=self,
                    step=Intake.Status.ASSIGNED,
                    on=self.assigned_on,
                    consultant=self.assigned_to,
                    recorded_by=self.recorded_by,
                )


def assigned_intake(consultant, **kwargs) -> Intake:
    """A request contacted and assigned to `consultant` (by their supervisor), at their site."""
    received = kwargs.pop("received_on", today() - timedelta(days=5))
    return IntakeFactory(
        received_on=received,
        contacted_on=kwargs.pop("contacted_on", received + timedelta(days=1)),
        assigned_to=consultant,
        assigned_on=kwargs.pop("assigned_on", received + timedelta(days=1)),
        status=Intake.Status.ASSIGNED,
        recorded_by=consultant.supervisor,
        **kwargs,
    )
