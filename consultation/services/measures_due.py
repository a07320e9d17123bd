"""Measures due: opening a case makes the baselines its focus needs due, closing it the
follow-ups of what had a baseline. Called by case_open and case_close, never by a signal."""

from datetime import timedelta

from django.db.models import Q

from consultation.models import Administration, ConsultationCase, Instrument, MeasureDue, Point
from consultation.selectors.measures import instruments_for_focus
from consultation.services.measures import rated_by


def measures_schedule_baselines(case: ConsultationCase) -> list[MeasureDue]:
    """The scheduled instruments of the case's focus that fit its child's age or its room on
    the day it opened, each due within the instrument's baseline window."""
    due = []
    for instrument in instruments_for_focus(case.focus).filter(scheduled=True):
        _, errors = rated_by(instrument, case, on=case.opened_on)
        if errors:
            continue
        due.append(
            MeasureDue(
                case=case,
                instrument=instrument,
                point=Point.BASELINE,
                due_by=case.opened_on + timedelta(days=instrument.baseline_window_days),
            )
        )
    return MeasureDue.objects.bulk_create(due)


def measures_schedule_follow_ups(case: ConsultationCase) -> list[MeasureDue]:
    """On closing: a follow-up of every instrument the case had a baseline of (due, or
    recorded), due within the instrument's follow-up window; one already recorded counts."""
    if case.closed_on is None:
        return []
    live = Administration.objects.filter(case=case, is_void=False)
    baselines = Q(pk__in=case.measures_due.filter(point=Point.BASELINE).values("instrument")) | Q(
        pk__in=live.filter(point=Point.BASELINE).values("instrument")
    )
    recorded = {
        administration.instrument_id: administration
        for administration in live.filter(point=Point.FOLLOW_UP).order_by("-administered_on")
    }
    already = set(
        case.measures_due.filter(point=Point.FOLLOW_UP).values_list("instrument", flat=True)
    )
    due = [
        MeasureDue(
            case=case,
            instrument=instrument,
            point=Point.FOLLOW_UP,
            due_by=case.closed_on + timedelta(days=instrument.follow_up_window_days),
            satisfied_by=recorded.get(instrument.pk),
        )
        for instrument in Instrument.objects.filter(baselines)
        if instrument.pk not in already
    ]
    return MeasureDue.objects.bulk_create(due)
