"""Measures: record an administration of an instrument on a case (scores only, checked against
the catalogue's ranges and the instrument's age or room), and void one recorded in error.

Errors about a score are keyed `score_<score field pk>`, the name the record form gives it."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from consultation.models import (
    Administration,
    Child,
    Classroom,
    ConsultationCase,
    Instrument,
    MeasureDue,
    Point,
    Score,
    ScoreField,
)
from consultation.services.voiding import stamp_void, void_reason_checked
from core.dates import local_today, short_date

TEACHER_INITIALS_MAX = 8
LARGEST_SCORE = 100_000  # what the score column holds (7 digits, 2 after the point)


@dataclass(frozen=True)
class Rated:
    """Who an administration rates, as stored: a child, a classroom (and a teacher), or the
    case's program (neither)."""

    child: Child | None = None
    classroom: Classroom | None = None
    teacher_initials: str = ""


def score_key(field: ScoreField) -> str:
    return f"score_{field.pk}"


def case_classroom(case: ConsultationCase) -> Classroom | None:
    """The classroom a case is about: its own, or its child's."""
    if case.classroom is not None:
        return case.classroom
    return case.child.classroom if case.child is not None else None


def _child_fit(instrument: Instrument, child: Child, on: date) -> str:
    if on < child.date_of_birth:
        return _("%(name)s was not born yet on %(day)s.") % {
            "name": child.display_name,
            "day": short_date(on),
        }
    months = child.age_in_months_on(on)
    low, high = instrument.min_age_months, instrument.max_age_months
    if (low is not None and months < low) or (high is not None and months > high):
        return _(
            "%(instrument)s fits children %(fit)s; %(name)s is %(months)s months old on %(day)s."
        ) % {
            "instrument": instrument.name,
            "fit": instrument.fit_label,
            "name": child.display_name,
            "months": months,
            "day": short_date(on),
        }
    return ""


def _room_fit(instrument: Instrument, classroom: Classroom) -> str:
    rooms = instrument.room_types
    if rooms and classroom.age_group not in rooms:
        return _("%(instrument)s fits %(fit)s rooms; %(room)s is a room of %(group)s.") % {
            "instrument": instrument.name,
            "fit": instrument.fit_label,
            "room": classroom.name,
            "group": classroom.get_age_group_display().lower(),
        }
    return ""


def rated_by(
    instrument: Instrument,
    case: ConsultationCase,
    *,
    on: date,
    teacher_initials: str | None = None,
) -> tuple[Rated, dict[str, str]]:
    """Who the instrument rates on this case on that date, or the errors that say why it does
    not fit (the case's focus, the child's age, the room's age group). A teacher scale needs
    the teacher's initials; None asks only whether it fits (the schedule's question)."""
    Rates = Instrument.Rates
    if instrument.rates == Rates.PROGRAM:
        return Rated(), {}
    if instrument.rates == Rates.CHILD:
        if case.child is None:
            return Rated(), {
                "instrument": _(
                    "%(instrument)s rates a child: open a child-focused case to record it."
                )
                % {"instrument": instrument.name}
            }
        refusal = _child_fit(instrument, case.child, on)
        return Rated(child=case.child), {"administered_on": refusal} if refusal else {}
    classroom = case_classroom(case)
    if classroom is None:
        return Rated(), {
            "instrument": _(
                "%(instrument)s rates a classroom or its teacher; this case is about the whole "
                "program."
            )
            % {"instrument": instrument.name}
        }
    if instrument.rates == Rates.TEACHER and teacher_initials is not None:
        initials = teacher_initials.strip()
        if not initials:
            return Rated(), {"teacher_initials": _("Give the teacher's initials, e.g. “J.R.”.")}
        if len(initials) > TEACHER_INITIALS_MAX:
            return Rated(), {"teacher_initials": _("Initials only, e.g. “J.R.”: no full names.")}
        return Rated(classroom=classroom, teacher_initials=initials), {}
    if instrument.rates == Rates.TEACHER:
        return Rated(classroom=classroom), {}
    refusal = _room_fit(instrument, classroom)
    return Rated(classroom=classroom), {"instrument": refusal} if refusal else {}


def score_errors(
    instrument: Instrument, scores: dict[int, Decimal | None]
) -> tuple[list[tuple[ScoreField, Decimal]], dict[str, str]]:
    """The scores to store, in the catalogue's order, or an error per score field."""
    fields = list(instrument.score_fields.all())
    unknown = set(scores) - {field.pk for field in fields}
    errors: dict[str, str] = {}
    if unknown:
        errors["__all__"] = _("A score was sent for a field this instrument does not have.")
    kept = []
    for field in fields:
        value = scores.get(field.pk)
        if value is None:
            if field.required:
                errors[score_key(field)] = _("Enter the %(field)s score.") % {"field": field.name}
            continue
        if abs(value) >= LARGEST_SCORE:
            errors[score_key(field)] = _("%(field)s cannot be %(largest)s or more.") % {
                "field": field.name,
                "largest": f"{LARGEST_SCORE:,}",
            }
        elif field.out_of_range(value):
            errors[score_key(field)] = _("%(field)s runs %(range)s: %(value)s is outside it.") % {
                "field": field.name,
                "range": field.range_label,
                "value": f"{value.normalize():f}",
            }
        kept.append((field, value))
    if not kept and not errors:
        errors["__all__"] = _("Enter at least one score.")
    return kept, errors


def _date_errors(case: ConsultationCase, on: date) -> dict[str, str]:
    if on > local_today():
        return {"administered_on": _("A measure cannot be dated in the future.")}
    if on < case.opened_on:
        return {
            "administered_on": _("The case was opened on %(day)s, after it.")
            % {"day": short_date(case.opened_on)}
        }
    return {}


@transaction.atomic
def administration_record(
    *,
    case: ConsultationCase,
    instrument: Instrument,
    by: User,
    administered_on: date,
    point: str,
    scores: dict[int, Decimal | None],
    teacher_initials: str = "",
) -> Administration:
    """Record an instrument's scores on a case, all or nothing, and mark the measure due at
    that point as done."""
    if by.pk != case.consultant_id or case.is_archived:
        raise ValidationError(_("Only the case's consultant records its measures."))
    if not instrument.is_active:
        raise ValidationError(
            {
                "instrument": _("%(instrument)s is no longer in use.")
                % {"instrument": instrument.name}
            }
        )
    errors = _date_errors(case, administered_on)
    if point not in Point.values:
        errors["point"] = _("Choose baseline, follow-up or other.")
    rated, fit_errors = rated_by(
        instrument, case, on=administered_on, teacher_initials=teacher_initials
    )
    kept, errors_of_scores = score_errors(instrument, scores)
    errors = {**fit_errors, **errors_of_scores, **errors}
    if errors:
        raise ValidationError(errors)
    administration = Administration.objects.create(
        instrument=instrument,
        case=case,
        child=rated.child,
        classroom=rated.classroom,
        teacher_initials=rated.teacher_initials,
        administered_on=administered_on,
        point=point,
        recorded_by=by,
    )
    Score.objects.bulk_create(
        Score(administration=administration, score_field=field, value=value)
        for field, value in kept
    )
    MeasureDue.objects.filter(
        case=case, instrument=instrument, point=point, satisfied_by__isnull=True
    ).update(satisfied_by=administration, updated_at=timezone.now())
    return administration


@transaction.atomic
def administration_void(*, administration: Administration, by: User, reason: str) -> Administration:
    """Void an administration recorded in error: it stays on the case, struck through, and a
    measure it satisfied is due again (or satisfied by another live one)."""
    if by.pk != administration.case.consultant_id:
        raise ValidationError(_("Only the case's consultant voids its measures."))
    if administration.is_void:
        raise ValidationError(_("This measure is already voided."))
    reason = void_reason_checked(
        reason, missing=_("Say why it is voided, e.g. “entered on the wrong case”.")
    )
    stamp_void(administration, by=by, reason=reason)
    replacement = (
        Administration.objects.filter(
            case=administration.case_id,
            instrument=administration.instrument_id,
            point=administration.point,
            is_void=False,
        )
        .order_by("administered_on", "pk")
        .first()
    )
    MeasureDue.objects.filter(satisfied_by=administration).update(
        satisfied_by=replacement, updated_at=timezone.now()
    )
    return administration
