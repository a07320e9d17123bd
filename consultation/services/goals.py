"""Writes of Pyramid Model goals."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from consultation.models import ConsultationCase, PracticeArea, PyramidGoal, PyramidTier, Visit
from core.dates import local_today


@dataclass(frozen=True)
class GoalInput:
    tier: PyramidTier
    practice_area: PracticeArea
    description: str
    set_with: str = ""
    target_date: date | None = None


def goal_errors(goal: GoalInput, set_on: date | None) -> dict[str, str]:
    errors = {}
    if not goal.description.strip():
        errors["description"] = _("Describe the goal.")
    if goal.target_date and set_on and goal.target_date < set_on:
        errors["target_date"] = _("The target date cannot be before the goal is set.")
    return errors


@transaction.atomic
def goal_create(
    *,
    case: ConsultationCase,
    goal: GoalInput,
    set_on: date | None = None,
    visit: Visit | None = None,
) -> PyramidGoal:
    """Set a goal on an open case, on a visit when one is given (its summary lists the goal)."""
    set_on = set_on or local_today()
    if not case.is_open:
        raise ValidationError(_("Goals are set on open cases."))
    errors = goal_errors(goal, set_on)
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
        visit=visit,
    )


@transaction.atomic
def goal_set_status(*, goal: PyramidGoal, status: str) -> PyramidGoal:
    if status not in PyramidGoal.Status.values:
        raise ValidationError({"status": _("Choose a goal status.")})
    goal.status = status
    goal.save(update_fields=["status", "updated_at"])
    return goal
