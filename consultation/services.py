"""Writes. Every change to sites, children, cases, visits, concerns and goals comes through here,
from the consultant pages, the admin and management commands alike."""

from dataclasses import dataclass
from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from accounts.models import User
from consultation.ages import AgeBand
from consultation.models import (
    MAX_VISIT_MINUTES,
    STARS_NEW_SCALE_FROM,
    Activity,
    Child,
    Classroom,
    ConcernItem,
    ConsultationCase,
    County,
    GoalProgress,
    ObservedConcern,
    PracticeArea,
    PyramidGoal,
    PyramidTier,
    Site,
    StarRating,
    Visit,
)


def local_today() -> date:
    return timezone.localdate()


def _require_consultant(user: User, field: str = "consultant") -> None:
    if not user.is_active or user.role != User.Role.CONSULTANT:
        raise ValidationError({field: "Cases and visits belong to an active consultant."})


# Versions: two people editing the same case or visit ------------------------------------------


class EditConflict(ValidationError):
    """The record was saved by someone else since the editor loaded it: nothing was saved."""

    def __init__(self, message: str, *, current_version: int):
        super().__init__(message, code="edit_conflict")
        self.current_version = current_version


# Fields that change on every save, or never: not worth naming in a conflict message.
_UNNAMED_FIELDS = {"id", "uuid", "version", "created_at", "updated_at"}


def _shown(field, value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _who(user) -> str:
    if user is None:
        return "Someone"
    return user.get_full_name() or user.get_username()


def _changes_since(record: ConsultationCase | Visit, expected_version: int) -> str:
    """What changed since `expected_version`, who changed it and when, from the audit history:
    e.g. "Ben Carter changed duration (minutes) (60 → 75) and notes at 10:42"."""
    model = type(record)
    current = model.objects.get(pk=record.pk)
    history = record.history.order_by("history_date", "history_id")
    before = history.filter(version=expected_version).last()
    later = list(history.filter(version__gt=expected_version).select_related("history_user"))
    what = f"this {model._meta.verbose_name}"
    if before is not None:
        changed = []
        for field in model._meta.concrete_fields:
            if field.name in _UNNAMED_FIELDS:
                continue
            old, new = getattr(before, field.attname), getattr(current, field.attname)
            if old == new:
                continue
            label = str(field.verbose_name)
            if field.is_relation:
                old, new = getattr(before, field.name, None), getattr(current, field.name)
            if isinstance(field, models.TextField):
                changed.append(label)  # long text: named, not quoted
            else:
                changed.append(f"{label} ({_shown(field, old)} → {_shown(field, new)})")
        if changed:
            what = ", ".join(changed[:-1]) + (" and " if len(changed) > 1 else "") + changed[-1]
    who = " and ".join(dict.fromkeys(_who(h.history_user) for h in later)) or "Someone"
    when = ""
    if later:
        at = timezone.localtime(later[-1].history_date)
        when = f" at {at:%H:%M}" if at.date() == local_today() else f" on {at:%b %d at %H:%M}"
    return f"{who} changed {what}{when}; your changes were not saved — review them and save again."


def _claim_version(record: ConsultationCase | Visit, expected_version: int | None) -> None:
    """Raise the record's version before saving it, refusing (EditConflict) when it is no longer
    `expected_version`. A conditional UPDATE: of two concurrent saves of one version, only one
    matches; the other waits for its transaction and then finds the version moved on.
    Without `expected_version` (a bulk action on freshly read rows) the save is not checked."""
    rows = type(record).objects.filter(pk=record.pk)
    if expected_version is None:
        current = rows.select_for_update().values_list("version", flat=True).get()
    else:
        current = expected_version
    if not rows.filter(version=current).update(version=current + 1):
        now = rows.values_list("version", flat=True).get()
        raise EditConflict(_changes_since(record, current), current_version=now)
    record.version = current + 1


def version_check(*, record: ConsultationCase | Visit, expected_version: int | None) -> None:
    """Refuse (EditConflict) an edit made on an older version, locking the row until the end of
    the transaction so that the save that follows cannot be overtaken (the admin's change form)."""
    rows = type(record).objects.select_for_update().filter(pk=record.pk)
    current = rows.values_list("version", flat=True).get()
    if expected_version is not None and expected_version != current:
        raise EditConflict(_changes_since(record, expected_version), current_version=current)


@transaction.atomic
def record_save(*, record: ConsultationCase | Visit, expected_version: int | None) -> None:
    """Save an edit made in the admin's change form, if nobody saved the record since."""
    _claim_version(record, expected_version)
    record.save()


# Sites, classrooms, children ------------------------------------------------------------------


@transaction.atomic
def site_create(
    *,
    created_by: User,
    name: str,
    site_type: str,
    county: County,
    licence_number: str | None = None,
    address: str = "",
    city: str = "",
    director_name: str = "",
    phone: str = "",
    email: str = "",
) -> Site:
    licence_number = (licence_number or "").strip() or None
    if licence_number and Site.objects.filter(licence_number__iexact=licence_number).exists():
        raise ValidationError({"licence_number": "A site with this licence number already exists."})
    site = Site(
        name=name.strip(),
        site_type=site_type,
        county=county,
        licence_number=licence_number,
        address=address,
        city=city,
        director_name=director_name,
        phone=phone,
        email=email,
    )
    site.full_clean()
    site.save()
    if created_by.role == User.Role.CONSULTANT:
        site.consultants.add(created_by)
    return site


@transaction.atomic
def star_rating_record(*, site: Site, level: str, effective_date: date) -> StarRating:
    new_scale = level not in StarRating.OLD_SCALE
    if new_scale != (effective_date >= STARS_NEW_SCALE_FROM):
        raise ValidationError(
            {
                "level": "Ratings from 1 June 2022 use the 1-5 Stars scale; earlier ones use "
                "One Star, One Star Plus, Two Star or Three Star."
            }
        )
    if effective_date > local_today():
        raise ValidationError({"effective_date": "The effective date cannot be in the future."})
    rating = StarRating(site=site, level=level, effective_date=effective_date)
    rating.full_clean()
    rating.save()
    return rating


@transaction.atomic
def classroom_create(*, site: Site, name: str, age_group: str, lead_teacher: str = "") -> Classroom:
    classroom = Classroom(
        site=site, name=name.strip(), age_group=age_group, lead_teacher=lead_teacher
    )
    classroom.full_clean()
    classroom.save()
    return classroom


def _validate_child_fields(
    *, date_of_birth: date, consent_date: date | None, consent_given_by: str
) -> None:
    errors = {}
    today = local_today()
    if date_of_birth > today:
        errors["date_of_birth"] = "The date of birth cannot be in the future."
    if consent_date and consent_date > today:
        errors["consent_date"] = "The consent date cannot be in the future."
    if consent_date and consent_date < date_of_birth:
        errors["consent_date"] = "The consent date cannot be before the date of birth."
    if consent_date and not consent_given_by.strip():
        errors["consent_given_by"] = "Say who gave consent."
    if consent_given_by.strip() and not consent_date:
        errors["consent_date"] = "Give the date consent was given."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def child_create(
    *,
    classroom: Classroom,
    first_name: str,
    last_initial: str,
    date_of_birth: date,
    consent_date: date | None = None,
    consent_given_by: str = "",
) -> Child:
    _validate_child_fields(
        date_of_birth=date_of_birth, consent_date=consent_date, consent_given_by=consent_given_by
    )
    last_initial = last_initial.strip().rstrip(".")
    if len(last_initial) > 3 or not last_initial.replace(".", "").isalpha():
        raise ValidationError({"last_initial": "Give the last-name initial(s) only, e.g. 'M'."})
    child = Child(
        classroom=classroom,
        first_name=first_name.strip(),
        last_initial=last_initial.upper(),
        date_of_birth=date_of_birth,
        consent_date=consent_date,
        consent_given_by=consent_given_by.strip(),
    )
    child.full_clean()
    child.save()
    return child


@transaction.atomic
def child_update(*, child: Child, **fields) -> Child:
    merged = {
        "date_of_birth": fields.get("date_of_birth", child.date_of_birth),
        "consent_date": fields.get("consent_date", child.consent_date),
        "consent_given_by": fields.get("consent_given_by", child.consent_given_by),
    }
    _validate_child_fields(**merged)
    for name, value in fields.items():
        setattr(child, name, value)
    child.full_clean()
    child.save()
    return child


@transaction.atomic
def child_archive(*, child: Child) -> Child:
    if child.is_archived:
        return child
    if child.cases.exclude(status=ConsultationCase.Status.CLOSED).exists():
        raise ValidationError("Close this child's open cases before archiving the child.")
    child.is_archived = True
    child.archived_at = timezone.now()
    child.save(update_fields=["is_archived", "archived_at", "updated_at"])
    return child


# Cases ----------------------------------------------------------------------------------------


@transaction.atomic
def case_open(
    *,
    consultant: User,
    focus: str,
    site: Site | None = None,
    classroom: Classroom | None = None,
    child: Child | None = None,
    opened_on: date | None = None,
    reason: str,
    at_risk_of_expulsion: bool = False,
) -> ConsultationCase:
    _require_consultant(consultant)
    opened_on = opened_on or local_today()
    Focus = ConsultationCase.Focus
    errors = {}
    if opened_on > local_today():
        errors["opened_on"] = "A case cannot be opened in the future."
    if not reason.strip():
        errors["reason"] = "Say why help was requested."
    if focus == Focus.CHILD:
        if child is None:
            errors["child"] = "Choose the child this case is about."
        elif child.is_archived:
            errors["child"] = "This child's record is archived."
        elif child.date_of_birth > opened_on:
            errors["opened_on"] = "A case cannot be opened before the child was born."
        elif not child.has_consent:
            errors["child"] = (
                "Record written caregiver consent on the child's record before opening a "
                "child-focused case."
            )
        else:
            classroom = child.classroom
            site = classroom.site
    elif focus == Focus.CLASSROOM:
        if classroom is None:
            errors["classroom"] = "Choose the classroom this case is about."
        else:
            site = classroom.site
        child = None
    elif focus == Focus.PROGRAM:
        if site is None:
            errors["site"] = "Choose the site this case is about."
        classroom = child = None
    else:
        errors["focus"] = "Choose child, classroom or program focus."
    if at_risk_of_expulsion and focus != Focus.CHILD:
        errors["at_risk_of_expulsion"] = "Only child-focused cases record expulsion risk."
    if errors:
        raise ValidationError(errors)
    case = ConsultationCase(
        focus=focus,
        site=site,
        classroom=classroom if focus == Focus.CLASSROOM else None,
        child=child,
        consultant=consultant,
        opened_on=opened_on,
        reason=reason.strip(),
        at_risk_of_expulsion=at_risk_of_expulsion,
    )
    case.full_clean()
    case.save()
    site.consultants.add(consultant)
    return case


@transaction.atomic
def case_close(
    *,
    case: ConsultationCase,
    closure_reason: str,
    closed_on: date | None = None,
    placement_at_closure: str = "",
    closure_note: str = "",
    expected_version: int | None = None,
) -> ConsultationCase:
    closed_on = closed_on or local_today()
    _claim_version(case, expected_version)
    errors = {}
    if case.status == ConsultationCase.Status.CLOSED:
        raise ValidationError("This case is already closed.")
    if closure_reason not in ConsultationCase.ClosureReason.values:
        errors["closure_reason"] = "Choose why the case is closing."
    if closed_on > local_today():
        errors["closed_on"] = "The closing date cannot be in the future."
    if closed_on < case.opened_on:
        errors["closed_on"] = "The closing date cannot be before the case was opened."
    last_visit = case.visits.filter(is_archived=False).order_by("-visit_date").first()
    if last_visit and closed_on < last_visit.visit_date:
        errors["closed_on"] = f"A visit was logged on {last_visit.visit_date:%Y-%m-%d}, after it."
    if case.focus == ConsultationCase.Focus.CHILD:
        if placement_at_closure not in ConsultationCase.Placement.values:
            errors["placement_at_closure"] = "Say whether the child was still enrolled."
    elif placement_at_closure:
        errors["placement_at_closure"] = "Only child-focused cases record placement."
    if errors:
        raise ValidationError(errors)
    case.status = ConsultationCase.Status.CLOSED
    case.closed_on = closed_on
    case.closure_reason = closure_reason
    case.placement_at_closure = placement_at_closure
    case.closure_note = closure_note
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def case_reassign(
    *,
    case: ConsultationCase,
    to_consultant: User,
    by: User,
    expected_version: int | None = None,
) -> ConsultationCase:
    """Give a case to another consultant; supervisors may only move work within their team."""
    _require_consultant(to_consultant, field="to_consultant")
    if not by.is_superuser:
        if not (by.is_supervisor and case.consultant.supervisor_id == by.pk):
            raise ValidationError("You can only reassign cases of your own team.")
        if to_consultant.supervisor_id != by.pk:
            raise ValidationError(
                {
                    "to_consultant": f"{to_consultant} is not on your team: "
                    "choose one of your consultants."
                }
            )
    if case.status == ConsultationCase.Status.CLOSED:
        raise ValidationError("Closed cases are not reassigned.")
    _claim_version(case, expected_version)
    case.consultant = to_consultant
    case.save(update_fields=["consultant", "version", "updated_at"])
    case.site.consultants.add(to_consultant)
    return case


def _all_or_nothing(cases, change) -> list[ConsultationCase]:
    """Apply `change` to every case or to none: the errors of all cases are reported together."""
    errors, done = [], []
    for case in cases:
        try:
            done.append(change(case))
        except ValidationError as error:
            errors.append(f"{case}: {' '.join(error.messages)}")
    if errors:
        raise ValidationError(errors)  # leaving the atomic block undoes the cases already done
    return done


@transaction.atomic
def cases_reassign(*, cases, to_consultant: User, by: User) -> list[ConsultationCase]:
    """Reassign several cases at once (the admin's bulk action): all of them, or none."""
    previous = {case.pk: str(case.consultant) for case in cases}

    def reassign(case: ConsultationCase) -> ConsultationCase:
        # simple_history keeps this reason with the change.
        case._change_reason = f"reassigned from {previous[case.pk]} to {to_consultant}"
        return case_reassign(case=case, to_consultant=to_consultant, by=by)

    return _all_or_nothing(cases, reassign)


@transaction.atomic
def cases_close(
    *,
    cases,
    closure_reason: str,
    closed_on: date | None = None,
    placement_at_closure: str = "",
    closure_note: str = "",
) -> list[ConsultationCase]:
    """Close several cases with one reason (the admin's bulk action): all of them, or none.

    The placement applies to child-focused cases only; the others record none."""

    def close(case: ConsultationCase) -> ConsultationCase:
        placement = placement_at_closure if case.focus == ConsultationCase.Focus.CHILD else ""
        return case_close(
            case=case,
            closure_reason=closure_reason,
            closed_on=closed_on,
            placement_at_closure=placement,
            closure_note=closure_note,
        )

    return _all_or_nothing(cases, close)


@transaction.atomic
def case_archive(
    *, case: ConsultationCase, expected_version: int | None = None
) -> ConsultationCase:
    """Hide a case opened in error from caseloads and reports; it and its history are kept."""
    if not case.is_archived:
        _claim_version(case, expected_version)
        case.is_archived = True
        case.save(update_fields=["is_archived", "version", "updated_at"])
    return case


# Goals ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalInput:
    tier: PyramidTier
    practice_area: PracticeArea
    description: str
    set_with: str = ""
    target_date: date | None = None


def _goal_errors(goal: GoalInput, set_on: date) -> dict:
    errors = {}
    if not goal.description.strip():
        errors["description"] = "Describe the goal."
    if goal.target_date and goal.target_date < set_on:
        errors["target_date"] = "The target date cannot be before the goal is set."
    return errors


@transaction.atomic
def goal_create(
    *, case: ConsultationCase, goal: GoalInput, set_on: date | None = None
) -> PyramidGoal:
    set_on = set_on or local_today()
    if not case.is_open:
        raise ValidationError("Goals are set on open cases.")
    errors = _goal_errors(goal, set_on)
    if errors:
        raise ValidationError(errors)
    return PyramidGoal.objects.create(
        case=case,
        tier=goal.tier,
        practice_area=goal.practice_area,
        description=goal.description.strip(),
        set_with=goal.set_with.strip(),
        target_date=goal.target_date,
        set_on=set_on,
    )


@transaction.atomic
def goal_set_status(*, goal: PyramidGoal, status: str) -> PyramidGoal:
    if status not in PyramidGoal.Status.values:
        raise ValidationError({"status": "Choose a goal status."})
    goal.status = status
    goal.save(update_fields=["status", "updated_at"])
    return goal


# Visits ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConcernInput:
    child: Child
    concern_item: ConcernItem
    frequency: str
    notes: str = ""


@dataclass(frozen=True)
class GoalProgressInput:
    goal: PyramidGoal
    rating: int
    note: str = ""
    # Met or discontinued, when the visit closes the goal; empty keeps it open.
    new_status: str = ""


@dataclass
class VisitResult:
    visit: Visit
    # Concerns whose checklist item prompts the crisis lines: the confirmation page shows them.
    crisis_concerns: list[ObservedConcern]


def _visit_errors(
    *,
    case: ConsultationCase | None,
    site: Site,
    visit_date: date,
    duration_minutes: int,
    mode: str,
    next_visit_date: date | None,
    classrooms: list[Classroom],
    children: list[Child],
    concerns: list[ConcernInput],
    goal_progress: list[GoalProgressInput],
) -> dict:
    errors: dict[str, list[str] | str] = {}
    if not isinstance(duration_minutes, int) or not 1 <= duration_minutes <= MAX_VISIT_MINUTES:
        errors["duration_minutes"] = f"Duration must be between 1 and {MAX_VISIT_MINUTES} minutes."
    if mode not in Visit.Mode.values:
        errors["mode"] = "Choose on site, virtual or phone."
    if visit_date > local_today():
        errors["visit_date"] = "A visit cannot be dated in the future."
    elif case is not None and visit_date < case.opened_on:
        errors["visit_date"] = (
            f"The case was opened on {case.opened_on:%Y-%m-%d}: a visit cannot be dated before it."
        )
    elif case is not None and case.closed_on and visit_date > case.closed_on:
        errors["visit_date"] = f"The case closed on {case.closed_on:%Y-%m-%d}."
    if next_visit_date and next_visit_date < visit_date:
        errors["next_visit_date"] = "The next visit cannot be before this one."
    if any(c.site_id != site.pk for c in classrooms):
        errors["classrooms"] = "Choose classrooms of this visit's site only."
    if any(c.classroom.site_id != site.pk for c in children):
        errors["children"] = "Choose children of this visit's site only."
    elif any(c.is_archived for c in children):
        errors["children"] = "An archived child cannot be added to a visit."
    elif any(c.date_of_birth > visit_date for c in children):
        errors["children"] = "A child born after the visit date cannot be involved in it."
    child_ids = {c.pk for c in children}
    concern_errors = []
    for concern in concerns:
        if concern.child.pk not in child_ids:
            concern_errors.append(f"{concern.child.initials} is not among the children involved.")
            continue
        born = visit_date >= concern.child.date_of_birth
        band = concern.child.age_band_on(visit_date) if born else None
        if concern.concern_item.age_band != band:
            item = concern.concern_item
            child_band = AgeBand(band).label.split(" (")[0].lower() if band else "not yet born"
            concern_errors.append(
                f"“{item.text}” is on the {item.get_age_band_display()} checklist, but "
                f"{concern.child.initials} is {child_band} on {visit_date:%Y-%m-%d}."
            )
        if concern.frequency not in ObservedConcern.Frequency.values:
            concern_errors.append(f"Say how often {concern.child.initials} showed it.")
    seen = set()
    for concern in concerns:
        key = (concern.child.pk, concern.concern_item.pk)
        if key in seen:
            concern_errors.append("The same concern is recorded twice for one child.")
        seen.add(key)
    if concern_errors:
        errors["concerns"] = concern_errors
    progress_errors = []
    for progress in goal_progress:
        if case is None or progress.goal.case_id != case.pk:
            progress_errors.append("Progress can only be recorded on goals of this visit's case.")
        if not isinstance(progress.rating, int) or not 1 <= progress.rating <= 5:
            progress_errors.append("Progress ratings run from 1 to 5.")
        if progress.new_status and progress.new_status not in (
            PyramidGoal.Status.MET,
            PyramidGoal.Status.DISCONTINUED,
        ):
            progress_errors.append("A visit can mark a goal met or discontinued, nothing else.")
    if len({p.goal.pk for p in goal_progress}) != len(goal_progress):
        progress_errors.append("A goal's progress is recorded once per visit.")
    if progress_errors:
        errors["goal_progress"] = progress_errors
    return errors


@transaction.atomic
def visit_log(
    *,
    consultant: User,
    case: ConsultationCase | None = None,
    site: Site | None = None,
    visit_date: date,
    start_time: time,
    duration_minutes: int,
    mode: str,
    activities: list[Activity] = (),
    classrooms: list[Classroom] = (),
    children: list[Child] = (),
    notes: str = "",
    next_steps: str = "",
    next_visit_date: date | None = None,
    concerns: list[ConcernInput] = (),
    goal_progress: list[GoalProgressInput] = (),
    new_goals: list[GoalInput] = (),
    visit: Visit | None = None,
    expected_version: int | None = None,
) -> VisitResult:
    """Log a visit (or, with `visit`, replace an existing one's contents) in one transaction:
    the visit, its concerns, goal progress and any new goals are all written, or none is."""
    _require_consultant(consultant)
    if case is not None:
        site = case.site
        if case.consultant_id != consultant.pk:
            raise ValidationError("Only the case's consultant logs visits on it.")
    if site is None:
        raise ValidationError({"site": "Choose the site visited."})
    if visit is not None and visit.consultant_id != consultant.pk:
        raise ValidationError("Only the consultant who logged a visit edits it.")
    if visit is not None:
        # Claimed first: a stale edit is refused before its other errors are worked out.
        _claim_version(visit, expected_version)
    classrooms, children = list(classrooms), list(children)
    concerns, goal_progress, new_goals = list(concerns), list(goal_progress), list(new_goals)
    errors = _visit_errors(
        case=case,
        site=site,
        visit_date=visit_date,
        duration_minutes=duration_minutes,
        mode=mode,
        next_visit_date=next_visit_date,
        classrooms=classrooms,
        children=children,
        concerns=concerns,
        goal_progress=goal_progress,
    )
    if new_goals and (case is None or case.status == ConsultationCase.Status.CLOSED):
        errors["new_goals"] = "New goals are set on an open case."
    goal_errors = [msg for g in new_goals for msg in _goal_errors(g, visit_date).values()]
    if goal_errors:
        errors["new_goals"] = goal_errors
    if errors:
        raise ValidationError(errors)

    if visit is None:
        visit = Visit(consultant=consultant)
    visit.case = case
    visit.site = site
    visit.visit_date = visit_date
    visit.start_time = start_time
    visit.duration_minutes = duration_minutes
    visit.mode = mode
    visit.notes = notes
    visit.next_steps = next_steps
    visit.next_visit_date = next_visit_date
    visit.save()
    visit.activities.set(activities)
    visit.classrooms.set(classrooms)
    visit.children.set(children)

    # Editing replaces the visit's concerns and progress with what the form now shows.
    kept_concern_keys = {(c.child.pk, c.concern_item.pk) for c in concerns}
    for existing in visit.concerns.all():
        if (existing.child_id, existing.concern_item_id) not in kept_concern_keys:
            existing.delete()
    saved_concerns = []
    for concern in concerns:
        observed, _ = ObservedConcern.objects.update_or_create(
            visit=visit,
            child=concern.child,
            concern_item=concern.concern_item,
            defaults={"frequency": concern.frequency, "notes": concern.notes},
        )
        saved_concerns.append(observed)
    kept_goal_ids = {p.goal.pk for p in goal_progress}
    for existing in visit.goal_progress.all():
        if existing.goal_id not in kept_goal_ids:
            existing.delete()
    for progress in goal_progress:
        GoalProgress.objects.update_or_create(
            goal=progress.goal,
            visit=visit,
            defaults={"rating": progress.rating, "note": progress.note, "recorded_on": visit_date},
        )
        if progress.new_status:
            goal_set_status(goal=progress.goal, status=progress.new_status)
        elif progress.goal.status == PyramidGoal.Status.NOT_STARTED:
            goal_set_status(goal=progress.goal, status=PyramidGoal.Status.IN_PROGRESS)
    for goal in new_goals:
        goal_create(case=case, goal=goal, set_on=visit_date)
    if case is not None and case.status == ConsultationCase.Status.INTAKE:
        # The first visit is when consultation actually starts.
        _claim_version(case, None)
        case.status = ConsultationCase.Status.ACTIVE
        case.save(update_fields=["status", "version", "updated_at"])
    crisis = [c for c in saved_concerns if c.concern_item.prompts_crisis_lines]
    return VisitResult(visit=visit, crisis_concerns=crisis)


@transaction.atomic
def visit_archive(*, visit: Visit, expected_version: int | None = None) -> Visit:
    _claim_version(visit, expected_version)
    visit.is_archived = True
    visit.save(update_fields=["is_archived", "version", "updated_at"])
    return visit
