"""A small dataset of measures whose paired-change figures were worked out by hand
(test_paired_change.py). Period: 1 July to 30 September 2026.

Team A: sup_a with ana (Oklahoma County site). Team B: sup_b with cara (Tulsa County site).

PERM (total risk score, higher is worse, no cut-off):
- case 1 (ana): baselines 2026-03-02 (30) and 2026-04-01 (20, a later baseline: not used);
  follow-up 2026-08-10 (25); a voided follow-up 2026-09-15 (5): pair 30 -> 25, improved.
- case 2 (ana): baseline 2026-02-01 (10); follow-ups 2026-07-15 (14) and 2026-08-30 (12, the
  latest: used): pair 10 -> 12, worsened.
- case 3 (cara): baseline 2026-05-01 (18), closed 2026-09-01 without follow-up: missing.
- case 4 (ana): voided baseline (40), follow-up 2026-08-01 (20): no pair, nothing missing.
- case 5 (ana): baseline 2026-01-05, closed 2026-09-25, follow-up 2026-10-05 (after the
  period): neither a pair of the period nor missing.
  PERM row: 2 pairs, mean baseline 20, mean follow-up 18.5, change -1.5 (improved: lower is
  better), 1 improved (50.0%), 1 missing.

ASQ:SE-2 (total, higher is worse, cut-off by age interval):
- case 6 (cara): born 2023-01-15; baseline 2026-02-10 at 36 months (cut-off 59): 65, of
  concern; follow-up 2026-09-10 at 43 months (cut-off 70): 62, out of concern (62 would still
  be of concern by the baseline's cut-off).
- case 7 (ana): born 2022-06-01; 75 -> 72 at 45 and 50 months (cut-off 70): improved, still
  of concern.
- case 8 (ana): born 2022-01-01; 40 -> 45: worsened, never of concern.
  ASQ row: 3 pairs, means 60 -> 59.67, change -0.33 (improved), 2 improved (66.7%), 2 of
  concern, 1 moved out (50.0%).

DECA-P2 (T-scores; protective factors higher is better, cut-off 40 or below; behavioural
concerns higher is worse, cut-off 60 or above):
- case 9 (cara): TPF 38 -> 44 (moved out), Initiative 45 -> 45 (no change), Self-Regulation
  35 -> 39 (improved, still of concern), Attachment 50 -> 48, Behavioral Concerns 65 -> 58
  (moved out).
- case 10 (ana): baseline 2026-03-01, its only follow-up voided, closed 2026-07-10: one
  missing follow-up for each DECA-P2 score.

Teachers' Sense of Efficacy (teacher, higher is better):
- case 11 (ana, classroom): J.R. 5.0 -> 6.5; M.T. baseline 6.0 without a follow-up, case
  closed 2026-08-20: one pair, one missing (the same case, another subject).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from consultation.models import Administration, ConsultationCase, Score
from tests.factories import (
    CaseFactory,
    ChildFactory,
    ClassroomFactory,
    ConsultantFactory,
    ProgramLeadFactory,
    SiteFactory,
    SupervisorFactory,
    county,
    instrument,
)

PERIOD = (date(2026, 7, 1), date(2026, 9, 30))
BASELINE, FOLLOW_UP = Administration.Point.BASELINE, Administration.Point.FOLLOW_UP
DECA_FIELDS = [
    "Total Protective Factors",
    "Initiative",
    "Self-Regulation",
    "Attachment/Relationships",
    "Behavioral Concerns",
]
TSES_FIELDS = ["Total (mean)", "Student engagement", "Instructional strategies"]
TSES_FIELDS += ["Classroom management"]


@dataclass
class PairedData:
    lead: User
    sup_a: User
    sup_b: User
    ana: User
    cara: User
    cases: dict[int, ConsultationCase] = field(default_factory=dict)


def take(case, code, point, on, scores, *, void=False, initials=""):
    """An administration with its scores ({score field name: value}), as recorded."""
    tool = instrument(code)
    taken = Administration.objects.create(
        instrument=tool,
        case=case,
        child=case.child if tool.rates == "child" else None,
        classroom=case.classroom if tool.rates in ("classroom", "teacher") else None,
        teacher_initials=initials,
        administered_on=on,
        point=point,
        recorded_by=case.consultant,
        is_void=void,
        void_reason="Entered on the wrong case" if void else "",
        voided_at=timezone.now() if void else None,
    )
    fields = {f.name: f for f in tool.score_fields.all()}
    for name, value in scores.items():
        Score.objects.create(administration=taken, score_field=fields[name], value=Decimal(value))
    return taken


def _case(consultant, site, born, opened, closed=None, *, focus="child"):
    room = ClassroomFactory(site=site)
    extra = {}
    if closed is not None:
        extra = {
            "status": ConsultationCase.Status.CLOSED,
            "closed_on": closed,
            "closure_reason": ConsultationCase.ClosureReason.GOALS_MET,
        }
    if focus == "child":
        child = ChildFactory(classroom=room, date_of_birth=born)
        return CaseFactory(child=child, consultant=consultant, opened_on=opened, **extra)
    return CaseFactory(
        focus=ConsultationCase.Focus.CLASSROOM,
        child=None,
        classroom=room,
        consultant=consultant,
        opened_on=opened,
        **extra,
    )


def _deca(values):
    return dict(zip(DECA_FIELDS, values, strict=True))


def _tses(value):
    return dict.fromkeys(TSES_FIELDS, value)


def build() -> PairedData:
    sup_a, sup_b = SupervisorFactory(), SupervisorFactory()
    d = PairedData(
        lead=ProgramLeadFactory(),
        sup_a=sup_a,
        sup_b=sup_b,
        ana=ConsultantFactory(supervisor=sup_a),
        cara=ConsultantFactory(supervisor=sup_b),
    )
    okc = SiteFactory(county=county("Oklahoma"), consultants=[d.ana])
    tulsa = SiteFactory(county=county("Tulsa"), consultants=[d.cara])
    old = date(2022, 3, 10)
    c = d.cases
    c[1] = _case(d.ana, okc, old, date(2026, 3, 2), date(2026, 8, 20))
    take(c[1], "perm", BASELINE, date(2026, 3, 2), {"Total risk score": 30})
    take(c[1], "perm", BASELINE, date(2026, 4, 1), {"Total risk score": 20})
    take(c[1], "perm", FOLLOW_UP, date(2026, 8, 10), {"Total risk score": 25})
    take(c[1], "perm", FOLLOW_UP, date(2026, 9, 15), {"Total risk score": 5}, void=True)
    c[2] = _case(d.ana, okc, date(2021, 9, 1), date(2026, 2, 1), date(2026, 8, 30))
    take(c[2], "perm", BASELINE, date(2026, 2, 1), {"Total risk score": 10})
    take(c[2], "perm", FOLLOW_UP, date(2026, 7, 15), {"Total risk score": 14})
    take(c[2], "perm", FOLLOW_UP, date(2026, 8, 30), {"Total risk score": 12})
    c[3] = _case(d.cara, tulsa, old, date(2026, 5, 1), date(2026, 9, 1))
    take(c[3], "perm", BASELINE, date(2026, 5, 1), {"Total risk score": 18})
    c[4] = _case(d.ana, okc, old, date(2026, 4, 1), date(2026, 8, 5))
    take(c[4], "perm", BASELINE, date(2026, 4, 1), {"Total risk score": 40}, void=True)
    take(c[4], "perm", FOLLOW_UP, date(2026, 8, 1), {"Total risk score": 20})
    c[5] = _case(d.ana, okc, old, date(2026, 1, 5), date(2026, 9, 25))
    take(c[5], "perm", BASELINE, date(2026, 1, 5), {"Total risk score": 22})
    take(c[5], "perm", FOLLOW_UP, date(2026, 10, 5), {"Total risk score": 15})

    c[6] = _case(d.cara, tulsa, date(2023, 1, 15), date(2026, 2, 10))
    take(c[6], "asq-se-2", BASELINE, date(2026, 2, 10), {"Total": 65})
    take(c[6], "asq-se-2", FOLLOW_UP, date(2026, 9, 10), {"Total": 62})
    c[7] = _case(d.ana, okc, date(2022, 6, 1), date(2026, 3, 1))
    take(c[7], "asq-se-2", BASELINE, date(2026, 3, 1), {"Total": 75})
    take(c[7], "asq-se-2", FOLLOW_UP, date(2026, 8, 1), {"Total": 72})
    c[8] = _case(d.ana, okc, date(2022, 1, 1), date(2026, 3, 1))
    take(c[8], "asq-se-2", BASELINE, date(2026, 3, 1), {"Total": 40})
    take(c[8], "asq-se-2", FOLLOW_UP, date(2026, 7, 20), {"Total": 45})

    c[9] = _case(d.cara, tulsa, date(2022, 2, 1), date(2026, 2, 15))
    take(c[9], "deca-p2", BASELINE, date(2026, 2, 15), _deca([38, 45, 35, 50, 65]))
    take(c[9], "deca-p2", FOLLOW_UP, date(2026, 9, 20), _deca([44, 45, 39, 48, 58]))
    c[10] = _case(d.ana, okc, old, date(2026, 3, 1), date(2026, 7, 10))
    take(c[10], "deca-p2", BASELINE, date(2026, 3, 1), _deca([50] * 5))
    take(c[10], "deca-p2", FOLLOW_UP, date(2026, 7, 8), _deca([55] * 5), void=True)

    c[11] = _case(d.ana, okc, None, date(2026, 3, 1), date(2026, 8, 20), focus="classroom")
    take(c[11], "tses", BASELINE, date(2026, 3, 1), _tses("5.0"), initials="J.R.")
    take(c[11], "tses", BASELINE, date(2026, 3, 1), _tses("6.0"), initials="M.T.")
    take(c[11], "tses", FOLLOW_UP, date(2026, 8, 15), _tses("6.5"), initials="J.R.")
    return d
