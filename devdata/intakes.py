"""Demo requests for consultation (intake): the request behind each demo case, received a few
days before it opened (one after a spell on the waitlist), and others that were declined, not
served, are on the waitlist, or wait for a first contact (one of them past the standard)."""

from datetime import date, timedelta

from accounts.models import User
from consultation.models import ConsultationCase, Intake, IntakeStep, Site
from consultation.services import intake as service
from core.business_days import add_business_days
from core.dates import local_today
from devdata.records import DEMO_LICENCE_PREFIX

S = Intake.Status
SOURCES = [choice for choice, _ in Intake.Source.choices]
# (business days to first contact, days from contact to assigning, days on the waitlist)
DELAYS = [(0, 1, 0), (1, 2, 0), (2, 1, 0), (1, 0, 0), (4, 2, 0), (1, 1, 21), (3, 3, 0), (0, 2, 0)]
REASON_OF_FOCUS = {
    ConsultationCase.Focus.CHILD: Intake.Reason.BEHAVIOUR,
    ConsultationCase.Focus.CLASSROOM: Intake.Reason.CLASSROOM_CLIMATE,
    ConsultationCase.Focus.PROGRAM: Intake.Reason.TEACHER_SUPPORT,
}


def _before(day: date, business_days: int) -> date:
    """A weekday `business_days` business days before `day`."""
    found = day
    while add_business_days(found, business_days) > day or found.weekday() > 4:
        found -= timedelta(days=1)
    return found


def _served(case: ConsultationCase, index: int) -> None:
    """The request the case came from, taken through the services up to assigning; the case
    itself was opened by the demo records, so the last step links it."""
    to_contact, to_assign, waited = DELAYS[index % len(DELAYS)]
    supervisor = case.consultant.supervisor
    if supervisor is None:  # every demo consultant has one (devdata.accounts)
        return
    assigned = case.opened_on - timedelta(days=index % 3)
    contacted = assigned - timedelta(days=to_assign + waited)
    intake = service.intake_receive(
        by=supervisor,
        received_on=_before(contacted, to_contact),
        source=SOURCES[index % len(SOURCES)],
        site=case.site,
        classroom=case.classroom,
        child=case.child,
        reason_category=REASON_OF_FOCUS[ConsultationCase.Focus(case.focus)],
        reason=case.reason,
        expulsion_risk=case.at_risk_of_expulsion,
    )
    service.intake_contact(intake=intake, by=supervisor, contacted_on=contacted)
    if waited:
        service.intake_waitlist(
            intake=intake, by=supervisor, waitlisted_on=contacted + timedelta(days=1)
        )
    service.intake_assign(
        intake=intake, by=supervisor, consultant=case.consultant, assigned_on=assigned
    )
    intake.case, intake.status = case, S.CASE_OPENED
    intake.save(update_fields=["case", "status", "updated_at"])
    IntakeStep.objects.create(
        intake=intake, step=S.CASE_OPENED, on=case.opened_on, recorded_by=case.consultant
    )


def _unserved(users: dict[str, User], sites: list[Site], today: date) -> int:
    sue, tom = users["sue"], users["tom"]
    facts = [
        # (site, days ago received, reason, expulsion risk, supervisor, what happened)
        (0, 60, Intake.Reason.BEHAVIOUR, False, sue, S.DECLINED),
        (1, 45, Intake.Reason.TEACHER_SUPPORT, False, sue, S.NOT_SERVED),
        (4, 30, Intake.Reason.TRAUMA, False, tom, S.DECLINED),
        (2, 20, Intake.Reason.SOCIAL_EMOTIONAL, False, sue, S.WAITLISTED),
        (5, 12, Intake.Reason.CLASSROOM_CLIMATE, False, tom, S.WAITLISTED),
        (3, 7, Intake.Reason.BEHAVIOUR, True, sue, S.RECEIVED),  # past the standard
        (1, 0, Intake.Reason.DEVELOPMENTAL, False, sue, S.RECEIVED),
        (4, 2, Intake.Reason.BEHAVIOUR, True, tom, S.CONTACTED),
    ]
    for index, (site, ago, reason, risk, by, outcome) in enumerate(facts):
        received = today - timedelta(days=ago)
        intake = service.intake_receive(
            by=by,
            received_on=received,
            source=SOURCES[(index + 3) % len(SOURCES)],
            site=sites[site],
            reason_category=reason,
            reason="Director called about a room of new staff." if not risk else "",
            expulsion_risk=risk,
        )
        step_on = min(received + timedelta(days=1 + index % 3), today)
        if outcome in (S.DECLINED, S.NOT_SERVED, S.CONTACTED):
            service.intake_contact(intake=intake, by=by, contacted_on=step_on)
        if outcome == S.WAITLISTED:
            service.intake_waitlist(intake=intake, by=by, waitlisted_on=step_on)
        if outcome in (S.DECLINED, S.NOT_SERVED):
            why = "Director chose to wait." if outcome == S.DECLINED else "Outside our area."
            service.intake_end(
                intake=intake, by=by, outcome=outcome, ended_on=step_on, end_reason=why
            )
    return len(facts)


def seed_demo_intakes(users: dict[str, User]) -> str:
    """Once: the demo cases' requests and others; nothing when the demo has them already."""
    sites = list(Site.objects.filter(licence_number__startswith=DEMO_LICENCE_PREFIX))
    if not sites or Intake.objects.filter(site__in=sites).exists():
        return ""
    cases = ConsultationCase.objects.filter(site__in=sites).select_related(
        "consultant__supervisor", "site", "classroom", "child"
    )
    for index, case in enumerate(cases.order_by("opened_on", "pk")):
        _served(case, index)
    others = _unserved(users, sites, local_today())
    return f" Demo requests for consultation: {len(cases)} behind the cases, {others} others."
