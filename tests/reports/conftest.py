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


def _tier(index: int) -> PyramidTier:
    return PyramidTier.objects.order_by("sort_order", "name", "pk")[index]


def _visit(
    consultant,
    site,
    on,
    minutes,
    mode,
    *,
    case=None,
    activities=(),
    rooms=(),
    kids=(),
    archived=False,
) -> Visit:
    visit = Visit.objects.create(
        consultant=consultant,
        site=site,
        case=case,
        visit_date=on,
        start_time=time(9, 0),
        duration_minutes=minutes,
        mode=mode,
        is_archived=archived,
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
        consent_date=date(2026, 6, 1),
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


@pytest.fixture
def dataset(db) -> Dataset:
    S, M, F, P = Site.SiteType, Visit.Mode, ConsultationCase.Focus, ConsultationCase.Placement
    sup_a, sup_b = SupervisorFactory(username="sup_a"), SupervisorFactory(username="sup_b")
    d = Dataset(
        lead=ProgramLeadFactory(username="lead"),
        sup_a=sup_a,
        sup_b=sup_b,
        ana=ConsultantFactory(username="ana", supervisor=sup_a),
        ben=ConsultantFactory(username="ben", supervisor=sup_a),
        cara=ConsultantFactory(username="cara", supervisor=sup_b),
    )
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

    closed = ConsultationCase.Status.CLOSED
    k1 = CaseFactory(
        child=c2,
        consultant=d.ana,
        opened_on=date(2026, 7, 1),
        at_risk_of_expulsion=True,
        status=closed,
        closed_on=date(2026, 9, 20),
        closure_reason="goals_met",
        placement_at_closure=P.RETAINED,
    )
    k2 = CaseFactory(
        focus=F.CLASSROOM, child=None, classroom=r2, consultant=d.ana, opened_on=date(2026, 8, 1)
    )
    k3 = CaseFactory(
        child=c3,
        consultant=d.ben,
        opened_on=date(2026, 6, 15),
        at_risk_of_expulsion=True,
        status=closed,
        closed_on=date(2026, 8, 31),
        closure_reason="child_expelled",
        placement_at_closure=P.EXPELLED,
    )
    k4 = CaseFactory(
        focus=F.PROGRAM,
        child=None,
        classroom=None,
        site=s2,
        consultant=d.ben,
        opened_on=date(2026, 9, 1),
        status=closed,
        closed_on=date(2026, 9, 30),
        closure_reason="other",
    )
    k5 = CaseFactory(
        child=c4, consultant=d.cara, opened_on=date(2026, 7, 5), at_risk_of_expulsion=True
    )
    CaseFactory(child=c1, consultant=d.ana, opened_on=date(2026, 7, 2), is_archived=True)  # K6
    k7 = CaseFactory(
        child=c5, consultant=d.ana, opened_on=date(2026, 8, 15), at_risk_of_expulsion=True
    )
    d.cases = {"K1": k1, "K2": k2, "K3": k3, "K4": k4, "K5": k5, "K7": k7}

    v1 = _visit(
        d.ana,
        s1,
        date(2026, 7, 10),
        90,
        M.ON_SITE,
        case=k1,
        activities=["Classroom observation", "Teacher coaching"],
        rooms=[r1],
        kids=[c1, c2],
    )
    v2 = _visit(
        d.ana,
        s1,
        date(2026, 8, 30),
        60,
        M.VIRTUAL,
        case=k2,
        activities=["Teacher coaching"],
        rooms=[r1, r2],
        kids=[c5],
    )
    v3 = _visit(
        d.ben,
        s2,
        date(2026, 8, 5),
        30,
        M.PHONE,
        case=k3,
        activities=["Reflective consultation"],
        rooms=[r3],
        kids=[c3],
    )
    v4 = _visit(
        d.ben,
        s2,
        date(2026, 9, 12),
        120,
        M.ON_SITE,
        case=k4,
        activities=["Classroom observation"],
        rooms=[r3],
        kids=[c3],
    )
    v5 = _visit(
        d.cara,
        s3,
        date(2026, 7, 20),
        45,
        M.ON_SITE,
        case=k5,
        activities=["Screening"],
        rooms=[r4],
        kids=[c4],
    )
    v6 = _visit(d.ana, s1, date(2026, 6, 30), 60, M.ON_SITE, rooms=[r1], kids=[c2])  # before
    _visit(d.ana, s1, date(2026, 7, 15), 60, M.ON_SITE, rooms=[r2], archived=True)  # V7
    d.visits = {"V1": v1, "V2": v2, "V3": v3, "V4": v4, "V5": v5, "V6": v6}

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

    G = PyramidGoal.Status
    GoalFactory(case=k1, tier=_tier(3), set_on=date(2026, 7, 10), status=G.MET)  # G1
    GoalFactory(case=k1, tier=_tier(1), set_on=date(2026, 7, 10), status=G.IN_PROGRESS)  # G2
    GoalFactory(case=k2, tier=_tier(2), set_on=date(2026, 8, 30), status=G.MET)  # G3
    GoalFactory(case=k5, tier=_tier(4), set_on=date(2026, 7, 20), status=G.NOT_STARTED)  # G4
    GoalFactory(case=k3, tier=_tier(3), set_on=date(2026, 6, 20), status=G.MET)  # G5: before

    R = Referral.Status
    cg, bt, ss = (
        "Child Guidance Program",
        "Behavioural and speech therapy",
        "SoonerStart early intervention",
    )
    _referral(
        k1,
        cg,
        date(2026, 7, 12),
        [(R.ACCEPTED, date(2026, 7, 20)), (R.SERVICES_STARTED, date(2026, 7, 22))],
        child=c2,
    )
    _referral(
        k1,
        bt,
        date(2026, 7, 15),
        [
            (R.ACCEPTED, date(2026, 7, 25)),
            (R.SERVICES_STARTED, date(2026, 8, 4)),
            (R.CLOSED, date(2026, 9, 25)),
        ],
        child=c2,
    )
    _referral(
        k3,
        ss,
        date(2026, 8, 6),
        [(R.WAITLISTED, date(2026, 8, 10))],
        child=c3,
        follow_up_due=date(2026, 8, 20),
    )  # R3: overdue on 15 Oct
    _referral(
        k4,
        cg,
        date(2026, 9, 2),
        [(R.ACCEPTED, date(2026, 9, 5)), (R.SERVICES_STARTED, date(2026, 9, 12))],
    )
    _referral(
        k5,
        cg,
        date(2026, 7, 21),
        [(R.ACCEPTED, date(2026, 7, 30)), (R.SERVICES_STARTED, date(2026, 8, 20))],
        child=c4,
    )
    _referral(k1, cg, date(2026, 9, 25), [], child=c2, follow_up_due=date(2026, 10, 20))  # R6
    _referral(
        k3,
        cg,
        date(2026, 6, 10),
        [(R.ACCEPTED, date(2026, 6, 15))],
        child=c3,
        follow_up_due=date(2026, 6, 24),
    )  # R7: sent before the period, overdue
    ReferralFactory(case=k2, child=None, service_type=service_type(cg))  # R8: a draft
    _referral(k5, bt, date(2026, 9, 10), [(R.DECLINED, date(2026, 9, 15))], child=c4)  # R9
    return d
