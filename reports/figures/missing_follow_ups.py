"""The lead's list behind the paired change's missing follow-ups: each case closed in the
period with a live baseline and no live follow-up of the same subject on or after it.

Three queries whatever the data: the scores read as for the figure, the cases named, and the
instruments (for their names and follow-up windows)."""

from dataclasses import dataclass
from datetime import date, timedelta

from accounts.models import User
from consultation.models import ConsultationCase, Instrument
from reports.figures.paired_change import read_subjects
from reports.figures.sql import ReportFilter


@dataclass(frozen=True)
class MissingFollowUp:
    case: ConsultationCase
    instrument: Instrument
    subject: str  # the child, the classroom, the teacher's initials, or the program
    baseline_on: date
    due_by: date
    overdue: bool


def _subject(case: ConsultationCase, instrument: Instrument, initials: str) -> str:
    if instrument.rates == Instrument.Rates.CHILD and case.child is not None:
        return case.child.display_name
    if instrument.rates == Instrument.Rates.TEACHER:
        return f"Teacher {initials}" if initials else "Teacher"
    if instrument.rates == Instrument.Rates.CLASSROOM and case.classroom is not None:
        return case.classroom.name
    return "The program"


def missing_follow_ups(user: User, f: ReportFilter, *, today: date) -> list[MissingFollowUp]:
    """The missing follow-ups the paired-change figure counts, one per case, instrument and
    subject, the most overdue first; due by the case's closing date plus the instrument's
    follow-up window."""
    found = read_subjects(user, f)
    missing = [
        (subject, before)
        for subject, before in found.baseline.items()
        if subject in found.closed_in_period
        and not (subject in found.follow_up and found.follow_up[subject].on >= before.on)
    ]
    if not missing:
        return []
    cases = ConsultationCase.objects.select_related(
        "child", "classroom", "site", "consultant"
    ).in_bulk({subject[0] for subject, _ in missing})
    instruments = Instrument.objects.in_bulk({subject[1] for subject, _ in missing})
    rows = []
    for (case_id, instrument_id, _child, _room, initials), before in missing:
        case, instrument = cases[case_id], instruments[instrument_id]
        closed_on = case.closed_on or before.on
        due_by = closed_on + timedelta(days=instrument.follow_up_window_days)
        rows.append(
            MissingFollowUp(
                case=case,
                instrument=instrument,
                subject=_subject(case, instrument, initials),
                baseline_on=before.on,
                due_by=due_by,
                overdue=due_by < today,
            )
        )
    return sorted(rows, key=lambda row: (row.due_by, row.case.pk, row.instrument.sort_order))
