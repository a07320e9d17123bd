"""Synthetic outcomes at `small` scale: placement follow-ups of closed child-focused cases with
realistic answers, and demographics for a minority of consented children; flush removes them."""

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from consultation.models import Child, ChildDemographics, ConsultationCase, PlacementFollowUp, Race

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 6, 30)


def test_follow_ups_and_demographics_have_realistic_shapes_and_are_flushed():
    out = StringIO()
    args = ("generate_synthetic", "--scale", "small", "--seed", "7", "--today", str(AS_OF))
    call_command(*args, stdout=out)
    closed_child_cases = ConsultationCase.objects.filter(focus="child", status="closed")
    follow_ups = PlacementFollowUp.objects.all()
    assert follow_ups.count() == 2 * closed_child_cases.count() > 0
    assert not follow_ups.exclude(case__in=closed_child_cases).exists()
    answers = Counter(follow_ups.values_list("answer", flat=True))
    assert answers["yes"] > answers["no"] > 0 and answers["unknown"] > 0 and answers[""] > 0
    assert not follow_ups.filter(due_on__gt=AS_OF).exclude(answer="").exists()
    assert not follow_ups.filter(answer="no", why="").exists()
    assert not follow_ups.filter(answered_on__gt=AS_OF).exists()
    demographics = ChildDemographics.objects.all()
    children = Child.objects.count()
    assert 0 < demographics.count() < children / 2  # most children: nothing recorded
    assert not demographics.filter(child__consents__isnull=True).exists()
    races = Counter(tuple(d.races) for d in demographics)
    assert races[(Race.WHITE.value,)] > races[(Race.AMERICAN_INDIAN.value,)] > 0
    assert races[("declined",)] > 0 and races[()] > 0
    call_command("generate_synthetic", "--flush-only", stdout=StringIO())
    assert not PlacementFollowUp.objects.exists() and not ChildDemographics.objects.exists()
