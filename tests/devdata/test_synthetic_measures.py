"""Synthetic measures and exclusion events at `small` scale: shapes within the catalogue's rules."""

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from consultation.models import (
    Administration,
    ConsultationCase,
    ExclusionEvent,
    MeasureDue,
    Point,
    Score,
    ScoreField,
)
from consultation.services.measures import rated_by
from tests.devdata.test_generate_synthetic import AS_OF, generate

pytestmark = pytest.mark.django_db


def test_measures_and_exclusions_keep_the_catalogue_and_the_case_rules():
    generate()
    live = Administration.objects.filter(is_void=False).select_related("case__child", "instrument")
    assert live.filter(point=Point.BASELINE).count() > 100
    for taken in live:
        case = taken.case
        assert case.opened_on <= taken.administered_on <= date.fromisoformat(AS_OF)
        _, errors = rated_by(taken.instrument, case, on=taken.administered_on)
        assert not errors, (taken, errors)
    for score in Score.objects.select_related("score_field"):
        assert not score.score_field.out_of_range(score.value)
    assert not Administration.objects.filter(is_void=True, void_reason="").exists()
    # Most closed cases with a baseline have a follow-up, not all.
    closed = ConsultationCase.objects.filter(
        status=ConsultationCase.Status.CLOSED, administrations__point=Point.BASELINE
    ).distinct()
    followed = closed.filter(administrations__point=Point.FOLLOW_UP).distinct().count()
    assert 0.5 * closed.count() < followed < closed.count()
    # The schedule: follow-ups due on closed cases only, done where recorded.
    assert not MeasureDue.objects.filter(
        point=Point.FOLLOW_UP, case__status__in=["intake", "active"]
    ).exists()
    assert MeasureDue.objects.filter(satisfied_by__isnull=False).exists()


def test_scores_mostly_improve_and_exclusions_are_on_child_cases():
    generate()
    moved = Counter()
    follow_ups = Score.objects.filter(
        administration__point=Point.FOLLOW_UP, administration__is_void=False
    ).select_related("score_field", "administration")
    for later in follow_ups:
        first = Score.objects.filter(
            administration__case_id=later.administration.case_id,
            administration__instrument_id=later.administration.instrument_id,
            administration__point=Point.BASELINE,
            administration__is_void=False,
            score_field=later.score_field,
        ).first()
        if first is None:
            continue
        better = later.score_field.direction == ScoreField.Direction.HIGHER_BETTER
        moved[(later.value > first.value) == better and later.value != first.value] += 1
    assert moved[True] > 1.5 * moved[False]
    events = ExclusionEvent.objects.select_related("case")
    assert events.count() > 20
    for event in events:
        assert event.case.focus == ConsultationCase.Focus.CHILD
        assert event.child_id == event.case.child_id
        assert event.case.opened_on <= event.occurred_on
        assert event.case.closed_on is None or event.occurred_on <= event.case.closed_on
    at_risk = events.filter(case__at_risk_of_expulsion=True).count()
    assert at_risk > events.count() - at_risk  # at-risk children are excluded more often


def test_flush_removes_the_synthetic_measures():
    generate()
    call_command("generate_synthetic", "--flush-only", stdout=StringIO())
    assert not Administration.objects.exists() and not Score.objects.exists()
    assert not MeasureDue.objects.exists() and not ExclusionEvent.objects.exists()
