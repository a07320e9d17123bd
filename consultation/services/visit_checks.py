"""What a visit must satisfy before it is saved, checked all at once: every error comes back in
one round, by the field or the section of the page it belongs to.

The checks take the visit as far as it could be read: a value the form could not read (a
date typed as "next Tuesday") is None here, and the rules that need it wait for it, so that the
form's own error and every other rule's error show together."""

from dataclasses import dataclass, field
from datetime import date, time

from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from consultation.ages import AgeBand
from consultation.models import (
    MAX_VISIT_MINUTES,
    Activity,
    Child,
    Classroom,
    ConcernItem,
    ConsultationCase,
    ObservedConcern,
    PyramidGoal,
    Site,
    Visit,
)
from consultation.selectors.consents import Purpose, children_with_consent
from consultation.services.consents import consent_refusal
from consultation.services.goals import GoalInput, goal_errors
from core.dates import implausible_dates, local_today, short_date

Errors = dict[str, list[str]]
TOP_RATING = 5  # "goal met" on the progress scale


@dataclass(frozen=True)
class ConcernInput:
    child: Child
    concern_item: ConcernItem
    frequency: str
    notes: str = ""


class GoalStatusAfter:
    """What a visit says of a goal's status: nothing (the rating decides: the top of the scale
    marks the goal met), keep it open, or close it."""

    FROM_RATING = ""
    KEEP_OPEN = "open"
    MET = PyramidGoal.Status.MET.value
    DISCONTINUED = PyramidGoal.Status.DISCONTINUED.value
    CHOICES = (FROM_RATING, KEEP_OPEN, MET, DISCONTINUED)


@dataclass(frozen=True)
class GoalProgressInput:
    goal: PyramidGoal
    rating: int
    note: str = ""
    new_status: str = GoalStatusAfter.FROM_RATING


@dataclass
class VisitContent:
    """Everything a visit holds, as given to visit_log (None: not readable from the form)."""

    case: ConsultationCase | None
    site: Site
    visit_date: date | None
    start_time: time | None
    duration_minutes: int | None
    mode: str | None
    activities: list[Activity] = field(default_factory=list)
    classrooms: list[Classroom] = field(default_factory=list)
    children: list[Child] = field(default_factory=list)
    notes: str = ""
    shared_notes: str = ""
    next_steps: str = ""
    next_visit_date: date | None = None
    concerns: list[ConcernInput] = field(default_factory=list)
    goal_progress: list[GoalProgressInput] = field(default_factory=list)
    new_goals: list[GoalInput] = field(default_factory=list)
    # (child, item) pairs the edited visit already holds: kept on record whatever the consent
    # now says (a revocation stops new work, not the past).
    recorded_concerns: frozenset[tuple[int, int]] = frozenset()


def _add(errors: Errors, key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def _when_errors(v: VisitContent, errors: Errors) -> None:
    minutes = v.duration_minutes
    if minutes is not None and not 1 <= minutes <= MAX_VISIT_MINUTES:
        _add(
            errors,
            "duration_minutes",
            _("Duration must be between 1 and %(most)s minutes.") % {"most": MAX_VISIT_MINUTES},
        )
    if v.mode is not None and v.mode not in Visit.Mode.values:
        _add(errors, "mode", _("Choose on site, virtual or phone."))
    case, on = v.case, v.visit_date
    if on is None:
        return
    dates = implausible_dates(visit_date=on, next_visit_date=v.next_visit_date)
    for name, problem in dates.items():
        _add(errors, name, problem)
    if on > local_today():
        _add(errors, "visit_date", _("A visit cannot be dated in the future."))
    elif case is not None and on < case.opened_on:
        _add(
            errors,
            "visit_date",
            _("The case was opened on %(day)s: a visit cannot be dated before it.")
            % {"day": short_date(case.opened_on)},
        )
    elif case is not None and case.closed_on and on > case.closed_on:
        _add(
            errors,
            "visit_date",
            _("The case closed on %(day)s.") % {"day": short_date(case.closed_on)},
        )
    if v.next_visit_date and v.next_visit_date < on:
        _add(errors, "next_visit_date", _("The next visit cannot be before this one."))


def _who_errors(v: VisitContent, errors: Errors) -> None:
    if any(c.site_id != v.site.pk for c in v.classrooms):
        _add(errors, "classrooms", _("Choose classrooms of this visit's site only."))
    if any(c.classroom.site_id != v.site.pk for c in v.children):
        _add(errors, "children", _("Choose children of this visit's site only."))
    elif any(c.is_archived for c in v.children):
        _add(errors, "children", _("An archived child cannot be added to a visit."))
    elif v.visit_date and any(c.date_of_birth > v.visit_date for c in v.children):
        _add(errors, "children", _("A child born after the visit date cannot be involved in it."))


def band_mismatch(child: Child, item: ConcernItem, on: date) -> str:
    """Why the checklist item does not fit the child's age band on `on`, or ""."""
    band = child.age_band_on(on) if on >= child.date_of_birth else None
    if item.age_band == band:
        return ""
    child_band = AgeBand(band).label.split(" (")[0].lower() if band else _("not yet born")
    return _("“%(item)s” is on the %(band)s checklist, but %(child)s is %(age)s on %(day)s.") % {
        "item": item.local_text,
        "band": item.get_age_band_display(),
        "child": child.initials,
        "age": child_band,
        "day": short_date(on),
    }


def _concern_errors(v: VisitContent, errors: Errors) -> None:
    child_ids = {c.pk for c in v.children}
    for concern in v.concerns:
        if concern.child.pk not in child_ids:
            _add(
                errors,
                "concerns",
                _("%(child)s is not among the children involved.")
                % {"child": concern.child.initials},
            )
            continue
        on = v.visit_date
        if on and (mismatch := band_mismatch(concern.child, concern.concern_item, on)):
            _add(errors, "concerns", mismatch)
        if concern.frequency not in ObservedConcern.Frequency.values:
            _add(
                errors,
                "concerns",
                _("Say how often %(child)s showed it.") % {"child": concern.child.initials},
            )
    keys = [(c.child.pk, c.concern_item.pk) for c in v.concerns]
    if len(set(keys)) != len(keys):
        _add(errors, "concerns", _("The same concern is recorded twice for one child."))
    _consent_errors(v, errors)


def _consent_errors(v: VisitContent, errors: Errors) -> None:
    """Concerns about a named child need consultation consent in force on the visit date."""
    if v.visit_date is None:
        return
    new = {
        c.child.pk: c.child
        for c in v.concerns
        if (c.child.pk, c.concern_item.pk) not in v.recorded_concerns
    }
    allowed = children_with_consent(new.values(), v.visit_date, Purpose.CONSULTATION)
    for child_pk, child in new.items():
        if child_pk not in allowed:
            refusal = consent_refusal(
                child, v.visit_date, Purpose.CONSULTATION, doing=_("have concerns recorded")
            )
            _add(errors, "concerns", refusal)


def _progress_errors(v: VisitContent, errors: Errors) -> None:
    for progress in v.goal_progress:
        if v.case is None or progress.goal.case_id != v.case.pk:
            _add(errors, "goal_progress", _("Progress can only be recorded on goals of this case."))
        if not isinstance(progress.rating, int) or not 1 <= progress.rating <= TOP_RATING:
            _add(
                errors,
                "goal_progress",
                _("Progress ratings run from 1 to %(top)s.") % {"top": TOP_RATING},
            )
        if progress.new_status not in GoalStatusAfter.CHOICES:
            _add(
                errors,
                "goal_progress",
                _("A visit can mark a goal met or discontinued, or keep it."),
            )
    if len({p.goal.pk for p in v.goal_progress}) != len(v.goal_progress):
        _add(errors, "goal_progress", _("A goal's progress is recorded once per visit."))


def _new_goal_errors(v: VisitContent, errors: Errors) -> None:
    if v.new_goals and (v.case is None or not v.case.is_open):
        _add(errors, "new_goals", _("New goals are set on an open case."))
        return
    for goal in v.new_goals:
        for message in goal_errors(goal, v.visit_date).values():
            _add(errors, "new_goals", message)


def same_day_visits(v: VisitContent, *, editing: Visit | None) -> list[Visit]:
    """The case's other live visits on the visit's date."""
    if v.case is None or v.visit_date is None:
        return []
    others = Visit.objects.filter(case=v.case, visit_date=v.visit_date, is_archived=False)
    if editing is not None:
        others = others.exclude(pk=editing.pk)
    return list(others.order_by("start_time", "pk"))


def same_day_question(others: list[Visit]) -> str:
    """ "A visit to this case on Nov 12 is already logged: 09:00, 45 min. Log another?\""""
    logged = "; ".join(
        _("%(time)s, %(minutes)s min")
        % {"time": f"{o.start_time:%H:%M}", "minutes": o.duration_minutes}
        for o in others
    )
    day = format_date(others[0].visit_date, pgettext("short day", "M j"))
    return _("A visit to this case on %(day)s is already logged: %(logged)s. Log another?") % {
        "day": day,
        "logged": logged,
    }


def visit_errors(v: VisitContent) -> Errors:
    """Every error of the visit at once, by the field or section of the page it belongs to."""
    errors: Errors = {}
    for check in (_when_errors, _who_errors, _concern_errors, _progress_errors, _new_goal_errors):
        check(v, errors)
    return errors
