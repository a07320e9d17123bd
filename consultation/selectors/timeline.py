"""A case's history as one list of events, newest first: one query per kind of event, each read
as values, not model instances (a case can hold hundreds of visits)."""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from consultation.models import (
    ConsultationCase,
    GoalProgress,
    ObservedConcern,
    PyramidGoal,
    Visit,
    initials_of,
)
from consultation.selectors.urls import uuid_url
from core.dates import short_date
from core.i18n import in_language

DETAIL_SHOWN = 240


@dataclass(frozen=True)
class TimelineEvent:
    on: date
    kind: str
    title: str
    detail: str = ""
    url: str = ""
    # Orders the events of one day: a visit before its concerns, a case's opening first.
    order: int = 0

    @property
    def on_label(self) -> str:
        return short_date(self.on)

    @property
    def short_detail(self) -> str:
        """The detail as the filter `truncatechars:240` shows it, without its cost on short ones
        (a text no longer than 240 characters is never cut, only NFC-normalised)."""
        if len(self.detail) <= DETAIL_SHOWN:
            return unicodedata.normalize("NFC", self.detail)
        return Truncator(self.detail).chars(DETAIL_SHOWN)

    def __getitem__(self, name: str) -> Any:
        # As CaseloadRow: the template engine tries `event[name]` first.
        return getattr(self, name)


def _visit_events(case: ConsultationCase) -> list[TimelineEvent]:
    """Visits with their activities, in one query: one row per visit and activity (a visit
    without any has one row, with None)."""
    visit_url = uuid_url("consultation:visit_detail")
    modes = {value: label.lower() for value, label in Visit.Mode.choices}
    visits: dict[int, tuple] = {}
    names: dict[int, list[str]] = {}
    for pk, uuid, visit_date, mode, minutes, name, name_es in (
        case.visits.filter(is_archived=False)
        .order_by("pk", "activities__sort_order", "activities__name", "activities__pk")
        .values_list(
            "pk",
            "uuid",
            "visit_date",
            "mode",
            "duration_minutes",
            "activities__name",
            "activities__name_es",
        )
    ):
        if pk not in visits:
            visits[pk] = (uuid, visit_date, mode, minutes)
            names[pk] = []
        if name is not None:
            names[pk].append(in_language(name, name_es or ""))
    return [
        TimelineEvent(
            visit_date,
            "visit",
            _("Visit (%(mode)s, %(minutes)s min)")
            % {"mode": modes.get(mode, mode), "minutes": minutes},
            ", ".join(names[pk]),
            visit_url(uuid),
            order=pk * 10 + 1,
        )
        for pk, (uuid, visit_date, mode, minutes) in visits.items()
    ]


def _concern_events(case: ConsultationCase) -> list[TimelineEvent]:
    visit_url = uuid_url("consultation:visit_detail")
    frequencies = dict(ObservedConcern.Frequency.choices)
    concerns = ObservedConcern.objects.filter(
        visit__case=case, visit__is_archived=False
    ).values_list(
        "visit_id",
        "visit__uuid",
        "visit__visit_date",
        "child__first_name",
        "child__last_initial",
        "concern_item__text",
        "concern_item__text_es",
        "frequency",
        "notes",
    )
    return [
        TimelineEvent(
            visit_date,
            "concern",
            _("Concern for %(initials)s: %(text)s")
            % {"initials": initials_of(first, last), "text": in_language(text, text_es)},
            f"{frequencies.get(frequency, frequency)}. {notes}".strip(),
            visit_url(uuid),
            order=visit_id * 10 + 2,
        )
        for visit_id, uuid, visit_date, first, last, text, text_es, frequency, notes in concerns
    ]


def _goal_events(case: ConsultationCase, goals: Iterable[PyramidGoal]) -> list[TimelineEvent]:
    areas = {goal.pk: goal.practice_area.local_name for goal in goals}
    events = [
        TimelineEvent(
            goal.set_on,
            "goal",
            _("Goal set: %(area)s") % {"area": areas[goal.pk]},
            goal.description,
            order=goal.pk * 10 + 3,
        )
        for goal in goals
    ]
    progress = GoalProgress.objects.filter(goal__case=case, visit__is_archived=False).values_list(
        "recorded_on", "rating", "goal_id", "note", "visit_id"
    )
    events += [
        TimelineEvent(
            recorded_on,
            "progress",
            _("Goal progress %(rating)s/5: %(area)s") % {"rating": rating, "area": areas[goal_id]},
            note,
            order=visit_id * 10 + 4,
        )
        for recorded_on, rating, goal_id, note, visit_id in progress
    ]
    return events


def _ends(case: ConsultationCase) -> list[TimelineEvent]:
    events = [TimelineEvent(case.opened_on, "opened", _("Case opened"), case.reason, order=0)]
    if case.closed_on:
        events.append(
            TimelineEvent(
                case.closed_on,
                "closed",
                _("Case closed: %(reason)s") % {"reason": case.get_closure_reason_display()},
                case.closure_note,
                order=10**12,
            )
        )
    return events


def newest_first(events: Iterable[TimelineEvent]) -> list[TimelineEvent]:
    return sorted(events, key=lambda e: (e.on, e.order), reverse=True)


def case_timeline(
    case: ConsultationCase, *, goals: list[PyramidGoal] | None = None
) -> list[TimelineEvent]:
    """Everything that happened on a case but its referrals (referrals.selectors adds theirs),
    newest first. `goals` are the case's goals with their practice areas when the caller has
    read them already (the case page lists them too), saving a query here."""
    if goals is None:
        goals = list(case.goals.select_related("practice_area"))
    return newest_first(
        [
            *_ends(case),
            *_visit_events(case),
            *_concern_events(case),
            *_goal_events(case, goals),
        ]
    )
