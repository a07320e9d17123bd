"""Writes of trainings delivered to childcare staff: recorded and corrected by the consultant
who delivered them, for sites they work with; voided (never deleted) by them or their
supervisor."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from consultation.models import MAX_TRAINING_MINUTES, Site, Training, TrainingTopic
from consultation.selectors import sites_visible_to
from consultation.services.roles import require_consultant
from consultation.services.voiding import may_void, stamp_void, void_reason_checked
from core.dates import implausible_dates, local_today


@dataclass(frozen=True)
class TrainingInput:
    delivered_on: date
    minutes: int
    topic: TrainingTopic
    mode: str
    sites: Iterable[Site]
    teachers: int = 0
    directors: int = 0
    other_staff: int = 0
    attendee_names: str = ""


def _errors(consultant: User, data: TrainingInput, sites: list[Site]) -> dict[str, str]:
    errors = implausible_dates(delivered_on=data.delivered_on)
    if data.delivered_on > local_today():
        errors["delivered_on"] = _(
            "A training is recorded once it was delivered: not in the future."
        )
    if not 1 <= data.minutes <= MAX_TRAINING_MINUTES:
        errors["minutes"] = _("Give the length in minutes, from 1 to %(most)s.") % {
            "most": MAX_TRAINING_MINUTES
        }
    if data.teachers + data.directors + data.other_staff <= 0:
        errors["teachers"] = _("Count the staff who attended: at least one.")
    if not sites:
        errors["sites"] = _("Choose the site or sites whose staff attended.")
    visible = set(sites_visible_to(consultant).filter(pk__in=[s.pk for s in sites]))
    if any(site not in visible for site in sites):
        errors["sites"] = _("Choose among the sites you work with.")
    return errors


def _saved(training: Training, consultant: User, data: TrainingInput) -> Training:
    require_consultant(consultant)
    sites = list(data.sites)
    errors = _errors(consultant, data, sites)
    if errors:
        raise ValidationError(errors)
    training.delivered_on, training.minutes = data.delivered_on, data.minutes
    training.topic, training.mode = data.topic, data.mode
    training.teachers, training.directors = data.teachers, data.directors
    training.other_staff = data.other_staff
    training.attendee_names = data.attendee_names.strip()
    training.full_clean()
    training.save()
    training.sites.set(sites)
    return training


@transaction.atomic
def training_record(*, consultant: User, data: TrainingInput) -> Training:
    return _saved(Training(consultant=consultant), consultant, data)


@transaction.atomic
def training_update(*, training: Training, by: User, data: TrainingInput) -> Training:
    if training.consultant_id != by.pk:
        raise ValidationError(_("Only the consultant who delivered a training corrects it."))
    if training.is_void:
        raise ValidationError(_("A voided training is not corrected: record it again instead."))
    return _saved(training, by, data)


@transaction.atomic
def training_void(*, training: Training, by: User, reason: str) -> Training:
    """Void a training recorded in error: it stays, marked, with its history (who, when, why)
    and drops out of every figure and export. Nothing is deleted."""
    if not may_void(holder=training.consultant, by=by):
        raise ValidationError(
            _("Only the consultant who delivered the training, or their supervisor, voids it.")
        )
    if training.is_void:
        raise ValidationError(_("This training is already voided."))
    reason = void_reason_checked(
        reason, missing=_("Say why the training is voided, e.g. “recorded twice”.")
    )
    stamp_void(training, by=by, reason=reason)
    return training
