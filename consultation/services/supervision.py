"""Writes of reflective supervision sessions: a supervisor records one with a consultant of
their team, or with several (a group), and the cases discussed, chosen from theirs."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from consultation.models import MAX_SUPERVISION_MINUTES, ConsultationCase, SupervisionSession
from core.dates import RECORD, implausible, local_today


@dataclass
class SessionInput:
    held_on: date
    minutes: int
    format: str
    consultants: list[User]
    cases: list[ConsultationCase] = field(default_factory=list)
    notes: str = ""


def supervision_errors(supervisor: User, data: SessionInput) -> dict[str, str]:
    """What is wrong with the session as given (the admin's form shows these beside fields)."""
    errors: dict[str, str] = {}
    if problem := implausible(RECORD, data.held_on):
        errors["held_on"] = problem
    elif data.held_on > local_today():
        errors["held_on"] = _("A session is recorded once it has taken place.")
    if not 0 < data.minutes <= MAX_SUPERVISION_MINUTES:
        errors["minutes"] = _("Give the length in minutes, 1 to %(max)s.") % {
            "max": MAX_SUPERVISION_MINUTES
        }
    consultants = list(data.consultants)
    if not consultants:
        errors["consultants"] = _("Choose the consultant (or consultants) supervised.")
    elif any(c.supervisor_id != supervisor.pk for c in consultants):
        errors["consultants"] = _("Choose consultants of your own team.")
    elif data.format == SupervisionSession.Format.INDIVIDUAL and len(consultants) > 1:
        errors["consultants"] = _("An individual session has one consultant: choose group.")
    elif data.format == SupervisionSession.Format.GROUP and len(consultants) < 2:
        errors["consultants"] = _("A group session has two consultants or more.")
    if data.format not in SupervisionSession.Format.values:
        errors["format"] = _("Choose individual or group.")
    chosen = {c.pk for c in consultants}
    if any(case.consultant_id not in chosen for case in data.cases):
        errors["cases"] = _("Choose cases of the consultants in the session.")
    return errors


@transaction.atomic
def supervision_record(
    *, supervisor: User, data: SessionInput, session: SupervisionSession | None = None
) -> SupervisionSession:
    """Record a session (or correct one the supervisor recorded)."""
    if not (supervisor.is_active and supervisor.is_supervisor):
        raise ValidationError(_("Supervision sessions are recorded by a supervisor."))
    session = session or SupervisionSession()
    if session.pk is None:
        session.supervisor = supervisor
    elif session.supervisor_id != supervisor.pk:
        raise ValidationError(_("Only the supervisor who held a session corrects it."))
    errors = supervision_errors(supervisor, data)
    if errors:
        raise ValidationError(errors)
    session.held_on, session.minutes = data.held_on, data.minutes
    session.format, session.notes = data.format, data.notes.strip()
    session.full_clean(exclude=["consultants", "cases"])
    session.save()
    session.consultants.set(data.consultants)
    session.cases.set(data.cases)
    return session
