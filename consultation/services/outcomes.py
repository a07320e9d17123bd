"""Outcomes: the placement follow-ups closing a child-focused case schedules, their answers, and
the child's demographics (recorded only under the caregiver's consent)."""

from collections.abc import Sequence
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from consultation.models import (
    DECLINED,
    FOLLOW_UP_DAYS,
    Child,
    ChildDemographics,
    ConsultationCase,
    PlacementFollowUp,
    Race,
)
from consultation.selectors.consents import Purpose, consent_in_force
from core.dates import local_today, short_date

NO_CONSENT = gettext_lazy(
    "Demographics are recorded only while the caregiver's consent to consultation is in "
    "force: record the consent first."
)


def placement_follow_ups_schedule(case: ConsultationCase) -> list[PlacementFollowUp]:
    """On closing a child-focused case: ask about the child's placement 30 and 90 days after
    the closing date. A case closed again keeps the follow-ups it already has."""
    if case.focus != ConsultationCase.Focus.CHILD or case.child is None or not case.closed_on:
        return []
    already = set(case.placement_follow_ups.values_list("days_after", flat=True))
    return PlacementFollowUp.objects.bulk_create(
        PlacementFollowUp(
            case=case,
            child=case.child,
            days_after=days,
            due_on=case.closed_on + timedelta(days=days),
        )
        for days in FOLLOW_UP_DAYS
        if days not in already
    )


@transaction.atomic
def follow_up_answer(
    *, follow_up: PlacementFollowUp, by: User, answer: str, why: str = ""
) -> PlacementFollowUp:
    """Answer (or correct the answer of) a follow-up that is due: yes, no with why, unknown.
    The history keeps every earlier answer."""
    follow_up = PlacementFollowUp.objects.select_for_update().get(pk=follow_up.pk)
    case = follow_up.case
    if by.pk != case.consultant_id or case.is_archived:
        raise ValidationError(_("Only the case's consultant answers its placement follow-ups."))
    today = local_today()
    if follow_up.due_on > today:
        raise ValidationError(
            _("This follow-up is asked from %(day)s.") % {"day": short_date(follow_up.due_on)}
        )
    why = why.strip()
    errors = {}
    if answer not in PlacementFollowUp.Answer.values:
        errors["answer"] = _("Choose yes, no or unknown.")
    elif answer == PlacementFollowUp.Answer.NO and not why:
        errors["why"] = _("Say why the child is no longer enrolled.")
    if errors:
        raise ValidationError(errors)
    follow_up.answer = answer
    follow_up.why = why if answer == PlacementFollowUp.Answer.NO else ""
    follow_up.answered_on = today
    follow_up.answered_by = by
    follow_up.full_clean()
    follow_up.save()
    return follow_up


def races_errors(races: Sequence[str]) -> str:
    """Why a list of races cannot be stored ("" when it can): none (not recorded), declined
    alone, or any of the federal categories."""
    if list(races) == [DECLINED] or not races:
        return ""
    if DECLINED in races:
        return _("Choose “declined” alone, or the races the family gave.")
    if not set(races) <= set(Race.values) or len(set(races)) != len(races):
        return _("Choose from the listed categories.")
    return ""


@transaction.atomic
def demographics_record(
    *,
    child: Child,
    races: Sequence[str],
    ethnicity: str,
    gender: str,
    iep_ifsp: str,
    dual_language: str,
    on: date | None = None,
) -> ChildDemographics:
    """Record the child's demographics; the family may decline any of them."""
    if consent_in_force(child, on or local_today(), Purpose.CONSULTATION) is None:
        raise ValidationError(NO_CONSENT)
    if child.is_archived:
        raise ValidationError(_("This child's record is archived."))
    errors = {}
    if message := races_errors(races):
        errors["races"] = message
    values = {
        "ethnicity": (ethnicity, ChildDemographics.Ethnicity),
        "gender": (gender, ChildDemographics.Gender),
        "iep_ifsp": (iep_ifsp, ChildDemographics.Plan),
        "dual_language": (dual_language, ChildDemographics.YesNo),
    }
    for name, (value, choices) in values.items():
        if value not in choices.values:
            errors[name] = _("Choose one of the answers.")
    if errors:
        raise ValidationError(errors)
    ordered = [race for race in [DECLINED, *Race.values] if race in races]
    locked = ChildDemographics.objects.select_for_update().filter(child=child)
    record = locked.first() or ChildDemographics(child=child)
    record.races = ordered
    for name, (value, _choices) in values.items():
        setattr(record, name, value)
    record.full_clean()
    record.save()
    return record
