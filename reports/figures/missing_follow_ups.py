"""The lead's list behind the paired change's missing follow-ups: each case closed in the
period with a live baseline and no live follow-up of the same subject on or after it.

Three queries whatever the data: the administrations read as for the figure and the instruments (for
their names and follow-up windows) give every entry, most overdue first; the cases are read
for the entries of the page shown only."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext

from accounts.models import User
from consultation.models import ConsultationCase, Instrument
from reports.figures.paired_change import read_subjects
from reports.figures.sql import ReportFilter


@dataclass(frozen=True)
class Missing:
    """One missing follow-up, before its case is read."""

    case_id: int
    instrument: Instrument
    initials: str
    baseline_on: date
    due_by: date


@dataclass(frozen=True)
class MissingFollowUp:
    case: ConsultationCase
    instrument: Instrument
    subject: str  # the child, the classroom, the teacher's initials, or the program
    baseline_on: date
    due_by: date
    overdue: bool


def missing_entries(user: User, f: ReportFilter) -> list[Missing]:
    """The missing follow-ups the paired-change figure counts, one per case, instrument and
    subject, soonest due first: due by the case's closing date plus the instrument's
    follow-up window."""
    found = read_subjects(user, f, scores=False)
    instruments = Instrument.objects.in_bulk()
    entries = []
    for subject, before in found.baseline.items():
        after = found.follow_up.get(subject)
        if subject not in found.closed_in_period or (after is not None and after.on >= before.on):
            continue
        case_id, instrument_id, _child, _room, initials = subject
        instrument = instruments[instrument_id]
        window = timedelta(days=instrument.follow_up_window_days)
        entries.append(
            Missing(case_id, instrument, initials, before.on, found.closed_on[case_id] + window)
        )
    return sorted(entries, key=lambda e: (e.due_by, e.case_id, e.instrument.sort_order))


def _subject(case: ConsultationCase, instrument: Instrument, initials: str) -> str:
    if instrument.rates == Instrument.Rates.CHILD and case.child is not None:
        return case.child.display_name
    if instrument.rates == Instrument.Rates.TEACHER:
        return (
            gettext("Teacher %(initials)s") % {"initials": initials}
            if initials
            else gettext("Teacher")
        )
    if instrument.rates == Instrument.Rates.CLASSROOM and case.classroom is not None:
        return case.classroom.name
    return gettext("The program")


def missing_rows(entries: Sequence[Missing], *, today: date) -> list[MissingFollowUp]:
    """The entries (a page of them) with their cases, read in one query."""
    cases = ConsultationCase.objects.select_related(
        "child", "classroom", "site", "consultant"
    ).in_bulk({entry.case_id for entry in entries})
    return [
        MissingFollowUp(
            case=cases[entry.case_id],
            instrument=entry.instrument,
            subject=_subject(cases[entry.case_id], entry.instrument, entry.initials),
            baseline_on=entry.baseline_on,
            due_by=entry.due_by,
            overdue=entry.due_by < today,
        )
        for entry in entries
    ]


def missing_follow_ups(user: User, f: ReportFilter, *, today: date) -> list[MissingFollowUp]:
    return missing_rows(missing_entries(user, f), today=today)
