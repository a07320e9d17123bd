"""A small fixed dataset whose every figure was worked out by hand (see test_figures.py).

Period of interest: 1 July to 30 September 2026 (a state fiscal year's first quarter);
"today" for overdue follow-ups: 15 October 2026. Records outside the period, archived
records and drafts are there on purpose: they must not count.

Team A: supervisor sup_a with consultants ana and ben. Team B: sup_b with consultant cara.
Sites: S1 Oklahoma County centre (ana), S2 Tulsa County family home (ben),
S3 Cleveland County Head Start (cara).
"""

from dataclasses import dataclass, field
from datetime import date, time

import pytest
from django.utils import timezone

from accounts.models import User
from consultation.models import (
    Activity,
    ConcernItem,
    ConsultationCase,
    ObservedConcern,
    PyramidGoal,
    PyramidTier,
    Site,
    Visit,
)
from referrals.models import Referral, ReferralStatusChange
from tests.factories import (
    CaseFactory,
    ChildFactory,
    ClassroomFactory,
    ConsultantFactory,
    GoalFactory,
    ProgramLeadFactory,
    ReferralFactory,
    SiteFactory,
    SupervisorFactory,
    county,
    service_type,
)

PERIOD = (date(2026, 7, 1), date(2026, 9, 30))
TODAY = date(2026, 10, 15)


@dataclass
class Dataset:
    lead: User
    sup_a: User
    sup_b: User
    ana: User
    ben: User
    cara: User
    sites: dict = field(default_factory=dict)
    children: dict = field(default_factory=dict)
    cases: dict = field(default_factory=dict)
    visits: dict = field(default_factory=dict)


def _activity(name: str) -> Activity:
    return Activity.objects.get(name=name)


def _item(band: str, text: str) -> ConcernItem:
    return ConcernItem.objects.get(age_band=band, text=text)


def day(month: int, day_of_month: int) -> date:
    """A date of 2026, the dataset's year."""
    return date(2026, month, day_of_month)


def _closed_case(child, consultant, opened_on, closed_on, reason, placement=None, **extra):
    """A case opened and closed on these dates (the placement at closure only if given)."""
    if placement is not None:
        extra["placement_at_closure"] = placement
    return CaseFactory(
        child=child,
        consultant=consultant,
        opened_on=opened_on,
        status=ConsultationCase.Status.CLOSED,
        closed_on=closed_on,
        closure_reason=reason,
        **extra,
    )


def _tier(index: int) -> PyramidTier:
    return PyramidTier.objects.order_by("sort_order", "name", "pk")[index]


def _visit(consultant, site, on, minutes, mode, case, activities, rooms, kids, archived) -> Visit:
    visit = Visit.objects.create(
        consultant=consultant,
        site=site,
        case=case,
        visit_date=on,
        start_time=time(9, 0),
        duration_minutes=minutes,
        mode=mode,
        is_archived=archived,
        void_reason="Logged twice" if archived else "",
        voided_at=timezone.now() if archived else None,
    )
    visit.activities.set([_activity(a) for a in activities])
    visit.classrooms.set(rooms)
    visit.children.set(kids)
    return visit


def _referral(case, service, sent_on, steps, *, child=None, follow_up_due=None, by=None):
    """A referral sent on `sent_on`, then moved through `steps` [(status, date)]."""
    by = by or case.consultant
    status = steps[-1][0] if steps else Referral.Status.SENT
    referral = ReferralFactory(
        case=case,
        child=child,
        service_type=service_type(service),
        # A referral naming no child carries the family's consent; a child's is their record.
        consent_date=date(2026, 6, 1) if child is None else None,
        consent_given_by="mother" if child is None else "",
        status=status,
        sent_on=sent_on,
        follow_up_due=follow_up_due or date(2026, 12, 31),
    )
    previous = Referral.Status.DRAFT
    for to_status, on in [(Referral.Status.SENT, sent_on), *steps]:
        ReferralStatusChange.objects.create(
            referral=referral,
            from_status=previous,
            to_status=to_status,
            changed_on=on,
            changed_by=by,
        )
        previous = to_status
    return referral


def _people() -> Dataset:
    sup_a, sup_b = SupervisorFactory(username="sup_a"), SupervisorFactory(username="sup_b")
    return Dataset(
        lead=ProgramLeadFactory(username="lead"),
        sup_a=sup_a,
        sup_b=sup_b,
        ana=ConsultantFactory(username="ana", supervisor=sup_a),
        ben=ConsultantFactory(username="ben", supervisor=sup_a),
        cara=ConsultantFactory(username="cara", supervisor=sup_b),
    )


def _sites_rooms_children(d: Dataset) -> tuple:
    S = Site.SiteType
    s1 = SiteFactory(county=county("Oklahoma"), site_type=S.CENTRE, consultants=[d.ana])
    s2 = SiteFactory(county=county("Tulsa"), site_type=S.FAMILY_HOME, consultants=[d.ben])
    s3 = SiteFactory(county=county("Cleveland"), site_type=S.HEAD_START, consultants=[d.cara])
    d.sites = {"S1": s1, "S2": s2, "S3": s3}
    r1, r2 = ClassroomFactory(site=s1), ClassroomFactory(site=s1)
    r3, r4 = ClassroomFactory(site=s2), ClassroomFactory(site=s3)
    c1 = ChildFactory(classroom=r1, date_of_birth=date(2025, 1, 15))  # toddler in the period
    c2 = ChildFactory(classroom=r1, date_of_birth=date(2022, 3, 1))  # preschool
    c3 = ChildFactory(classroom=r3, date_of_birth=date(2026, 1, 20))  # infant
    c4 = ChildFactory(classroom=r4, date_of_birth=date(2022, 5, 5))  # preschool
    # Born on the 31st: 35 months (toddler) on 30 Aug 2026, 36 months (preschool) on 30 Sep.
    c5 = ChildFactory(classroom=r1, date_of_birth=date(2023, 8, 31))
    d.children = {"c1": c1, "c2": c2, "c3": c3, "c4": c4, "c5": c5}
    return (r1, r2, r3, r4)


def _cases(d: Dataset, rooms: tuple) -> None:
    F, P = ConsultationCase.Focus, ConsultationCase.Placement
    c = d.children
    _r1, r2, _r3, _r4 = rooms
    k1 = _closed_case(
        c["c2"], d.ana, day(7, 1), day(9, 20), "goals_met", P.RETAINED, at_risk_of_expulsion=True
    )
    k2 = CaseFactory(
        focus=F.CLASSROOM, child=None, classroom=r2, consultant=d.ana, opened_on=day(8, 1)
    )
    k3 = _closed_case(
        c["c3"],
        d.ben,
        day(6, 15),
        day(8, 31),
        "child_expelled",
        P.EXPELLED,
        at_risk_of_expulsion=True,
    )
    k4 = _closed_case(
        None,
        d.ben,
        day(9, 1),
        day(9, 30),
        "other",
        focus=F.PROGRAM,
        classroom=None,
        site=d.sites["S2"],
    )
    k5 = CaseFactory(
        child=c["c4"], consultant=d.cara, opened_on=date(2026, 7, 5), at_risk_of_expulsion=True
    )
    CaseFactory(child=c["c1"], consultant=d.ana, opened_on=date(2026, 7, 2), is_archived=True)  # K6
    k7 = CaseFactory(
        child=c["c5"], consultant=d.ana, opened_on=date(2026, 8, 15), at_risk_of_expulsion=True
    )
    d.cases = {"K1": k1, "K2": k2, "K3": k3, "K4": k4, "K5": k5, "K7": k7}


def _visits_and_concerns(d: Dataset, rooms: tuple) -> None:
    M = Visit.Mode
    r1, r2, r3, r4 = rooms
    s1, s2, s3 = d.sites.values()
    c1, c2, c3, c4, c5 = d.children.values()
    k1, k2, k3, k4, k5, _k7 = d.cases.values()
    obs, coach, reflect = "Classroom observation", "Teacher coaching", "Reflective consultation"
    # (name, consultant, site, date, minutes, mode, case, activities, rooms, children, archived)
    visit_rows = [
        ("V1", d.ana, s1, day(7, 10), 90, M.ON_SITE, k1, [obs, coach], [r1], [c1, c2], False),
        ("V2", d.ana, s1, day(8, 30), 60, M.VIRTUAL, k2, [coach], [r1, r2], [c5], False),
        ("V3", d.ben, s2, day(8, 5), 30, M.PHONE, k3, [reflect], [r3], [c3], False),
        ("V4", d.ben, s2, day(9, 12), 120, M.ON_SITE, k4, [obs], [r3], [c3], False),
        ("V5", d.cara, s3, day(7, 20), 45, M.ON_SITE, k5, ["Screening"], [r4], [c4], False),
        ("V6", d.ana, s1, day(6, 30), 60, M.ON_SITE, None, [], [r1], [c2], False),  # before
        ("V7", d.ana, s1, day(7, 15), 60, M.ON_SITE, None, [], [r2], [], True),  # archived
    ]
    d.visits = {name: _visit(*row) for name, *row in visit_rows}
    del d.visits["V7"]
    v1, v2, v3, v4, v5, v6 = d.visits.values()
    once = ObservedConcern.Frequency.ONCE
    for visit, child, band, text in [
        (v1, c1, "toddler", "Extremely fearful"),
        (v1, c2, "preschool", "Does not play well with others"),
        (v2, c5, "toddler", "Extremely fearful"),
        (v3, c3, "infant", "Hard to calm or soothe"),
        (v4, c3, "infant", "Hard to calm or soothe"),
        (v5, c4, "preschool", "Destructive to self or others"),
        (v6, c2, "preschool", "Has trouble making friends"),  # O7: visit before the period
    ]:
        ObservedConcern.objects.create(
            visit=visit, child=child, concern_item=_item(band, text), frequency=once
        )


def _goals(d: Dataset) -> None:
    G = PyramidGoal.Status
    k1, k2, k3, _k4, k5, _k7 = d.cases.values()
    GoalFactory(case=k1, tier=_tier(3), set_on=date(2026, 7, 10), status=G.MET)  # G1
    GoalFactory(case=k1, tier=_tier(1), set_on=date(2026, 7, 10), status=G.IN_PROGRESS)  # G2
    GoalFactory(case=k2, tier=_tier(2), set_on=date(2026, 8, 30), status=G.MET)  # G3
    GoalFactory(case=k5, tier=_tier(4), set_on=date(2026, 7, 20), status=G.NOT_STARTED)  # G4
    GoalFactory(case=k3, tier=_tier(3), set_on=date(2026, 6, 20), status=G.MET)  # G5: before


def _referrals(d: Dataset) -> None:
    R = Referral.Status
    k1, k2, k3, k4, k5, _k7 = d.cases.values()
    _c1, c2, c3, c4, _c5 = d.children.values()
    cg, bt, ss = (
        "Child Guidance Program",
        "Behavioural and speech therapy",
        "SoonerStart early intervention",
    )
    started = R.SERVICES_STARTED
    # (case, service, sent on, later steps, child, follow-up due or None for the default)
    referral_rows = [
        (k1, cg, day(7, 12), [(R.ACCEPTED, day(7, 20)), (started, day(7, 22))], c2, None),  # R1
        (
            k1,
            bt,
            day(7, 15),
            [(R.ACCEPTED, day(7, 25)), (started, day(8, 4)), (R.CLOSED, day(9, 25))],
            c2,
            None,
        ),  # R2
        (k3, ss, day(8, 6), [(R.WAITLISTED, day(8, 10))], c3, day(8, 20)),  # R3: overdue on 15 Oct
        (k4, cg, day(9, 2), [(R.ACCEPTED, day(9, 5)), (started, day(9, 12))], None, None),  # R4
        (k5, cg, day(7, 21), [(R.ACCEPTED, day(7, 30)), (started, day(8, 20))], c4, None),  # R5
        (k1, cg, day(9, 25), [], c2, day(10, 20)),  # R6
        (k3, cg, day(6, 10), [(R.ACCEPTED, day(6, 15))], c3, day(6, 24)),  # R7: before, overdue
    ]
    for case, service, sent_on, steps, child, due in referral_rows:
        _referral(case, service, sent_on, steps, child=child, follow_up_due=due)
    ReferralFactory(case=k2, child=None, service_type=service_type(cg))  # R8: a draft
    _referral(k5, bt, day(9, 10), [(R.DECLINED, day(9, 15))], child=c4)  # R9


@pytest.fixture
def dataset(db) -> Dataset:
    d = _people()
    rooms = _sites_rooms_children(d)
    _cases(d, rooms)
    _visits_and_concerns(d, rooms)
    _goals(d)
    _referrals(d)
    return d
