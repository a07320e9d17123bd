"""Reads of requests for consultation (intake): who sees which, the queue in the order it is
worked (past the response standard first), and the days from request to first visit."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Min, Q, QuerySet

from accounts.models import User
from consultation.models import OPEN_INTAKE_STATUSES, ConsultationCase, Intake, Site
from core.business_days import add_business_days, business_days_between
from core.scope import scoped


def team_counties(user: User | Any) -> QuerySet:
    """The counties of the sites a supervisor's team works in (core.scope: assigned or with an
    open case): the area whose unassigned requests the supervisor sees."""
    return scoped(Site.objects.all(), user).values("county_id")


def intakes_visible_to(user: User | Any) -> QuerySet[Intake]:
    """A consultant: the requests assigned to them. A supervisor: those assigned to their team,
    the unassigned ones in the team's counties, and those they recorded. Program leads: all."""
    intakes = Intake.objects.select_related(
        "site__county", "classroom", "child", "assigned_to", "case"
    )
    if not user.is_authenticated or not user.is_active:
        return intakes.none()
    if user.sees_everything:
        return intakes
    if user.is_supervisor:
        return intakes.filter(
            Q(assigned_to__supervisor=user)
            | Q(assigned_to__isnull=True, site__county__in=team_counties(user))
            | Q(assigned_to__isnull=True, recorded_by=user)
        )
    if user.is_consultant:
        return intakes.filter(assigned_to=user)
    return intakes.none()


@dataclass(frozen=True)
class Standing:
    """Where a request stands against the response standards, on a day."""

    waiting_days: int  # business days since it was received
    contact_due: date
    contact_late: bool
    visit_due: date | None  # expulsion-risk requests only
    visit_late: bool

    @property
    def late(self) -> bool:
        return self.contact_late or self.visit_late


def standing(intake: Intake, today: date, first_visit: date | None = None) -> Standing:
    contact_due = add_business_days(intake.received_on, settings.INTAKE_FIRST_CONTACT_BUSINESS_DAYS)
    contacted = intake.contacted_on
    contact_late = (contacted or today) > contact_due
    visit_due = None
    visit_late = False
    if intake.expulsion_risk:
        visit_due = add_business_days(
            intake.received_on, settings.INTAKE_EXPULSION_FIRST_VISIT_BUSINESS_DAYS
        )
        visit_late = (first_visit or today) > visit_due
    return Standing(
        waiting_days=business_days_between(intake.received_on, today),
        contact_due=contact_due,
        contact_late=contact_late,
        visit_due=visit_due,
        visit_late=visit_late,
    )


@dataclass(frozen=True)
class QueueRow:
    intake: Intake
    standing: Standing


def intake_queue(user: User | Any, today: date) -> list[QueueRow]:
    """The open requests the user sees: those past a response standard first, then the oldest.
    One query whatever their number (the queue holds open requests only)."""
    intakes = intakes_visible_to(user).filter(status__in=OPEN_INTAKE_STATUSES)
    rows = [QueueRow(intake, standing(intake, today)) for intake in intakes]
    return sorted(rows, key=lambda r: (not r.standing.late, r.intake.received_on, r.intake.pk))


@dataclass(frozen=True)
class CaseIntakeDays:
    """A case's request: received, first contact, first visit, and the business days between."""

    intake: Intake
    first_visit: date | None
    to_contact: int | None
    contact_to_visit: int | None
    to_visit: int | None


def intake_days_of(case: ConsultationCase) -> CaseIntakeDays | None:
    """The request a case was opened from, with its days; None for a case opened directly.
    Read with the case (select_related("intake")), a case without one costs no query."""
    try:
        intake = case.intake
    except Intake.DoesNotExist:
        return None
    first_visit = case.visits.filter(is_archived=False).aggregate(first=Min("visit_date"))["first"]
    received, contacted = intake.received_on, intake.contacted_on
    return CaseIntakeDays(
        intake=intake,
        first_visit=first_visit,
        to_contact=business_days_between(received, contacted) if contacted else None,
        contact_to_visit=business_days_between(contacted, first_visit)
        if contacted and first_visit
        else None,
        to_visit=business_days_between(received, first_visit) if first_visit else None,
    )
