import pytest
from django.core.management import call_command

from consultation.models import (
    Child,
    Classroom,
    ConsultationCase,
    GoalProgress,
    ObservedConcern,
    Site,
    Visit,
)
from referrals.models import Referral

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_a_realistic_small_dataset_once(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    assert Site.objects.count() == 6
    assert Site.objects.values("county").distinct().count() == 3
    assert Classroom.objects.count() == 12
    assert Child.objects.count() == 25
    bands = {c.age_band_on(c.created_at.date()) for c in Child.objects.all()}
    assert {"infant", "toddler", "preschool"} <= bands
    assert ConsultationCase.objects.count() == 15
    assert set(ConsultationCase.objects.values_list("focus", flat=True)) == {
        "child",
        "classroom",
        "program",
    }
    assert Visit.objects.count() == 60
    assert ObservedConcern.objects.exists() and GoalProgress.objects.exists()
    assert Referral.objects.count() == 10
    assert Referral.objects.values("status").distinct().count() >= 5
    owners = set(ConsultationCase.objects.values_list("consultant__username", flat=True))
    assert owners == {"ana", "ben", "cara"}
