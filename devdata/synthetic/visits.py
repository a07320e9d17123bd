"""Each case's life: its consultant, subject, visit days and outcome, and what each visit saw."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any, NamedTuple

from consultation.ages import age_band_on
from consultation.models import ConsultationCase, Visit
from devdata.synthetic.constants import POOL_DAYS
from devdata.synthetic.names import CASE_REASONS, CONSENT_GIVERS, NEXT_STEPS, VISIT_NOTES
from devdata.synthetic.people import ChildrenMixin
from devdata.synthetic.tables import Picker, Table, months_before, new_uuid, weekday_on_or_before

CASE_FIELDS = (
    "id",
    "uuid",
    "focus",
    "site_id",
    "classroom_id",
    "child_id",
    "consultant_id",
    "opened_on",
    "reason",
    "status",
    "at_risk_of_expulsion",
    "closed_on",
    "closure_reason",
    "closure_note",
    "placement_at_closure",
    "is_archived",
    "created_at",
    "updated_at",
)
VISIT_FIELDS = (
    "id",
    "uuid",
    "case_id",
    "site_id",
    "consultant_id",
    "visit_date",
    "start_time",
    "duration_minutes",
    "mode",
    "notes",
    "next_steps",
    "next_visit_date",
    "is_archived",
    "created_at",
    "updated_at",
)
MODE_WEIGHTS = {"on_site": 75, "virtual": 15, "phone": 10}
CLOSURE_REASON_WEIGHTS = {
    "goals_met": 55,
    "family_withdrew": 10,
    "child_left": 12,
    "program_declined": 8,
    "other": 15,
}
# A classroom has at most this many observed children in any one pool period.
POOL_SIZE = 6
# Children on a case must be under six for its whole run: 71 months, less the case's length.
CHILD_CASE_AGE_LIMIT_MONTHS = 71


@dataclass
class VisitTables:
    cases: Table
    visits: Table
    activities: Table
    classrooms: Table
    children: Table


class Outcome(NamedTuple):
    status: str
    at_risk: bool
    closed_on: date | None = None
    closure_reason: str = ""
    placement: str = ""


class VisitsMixin(ChildrenMixin):
    def _visits(self) -> None:
        self.visit_tables = VisitTables(
            cases=self._table(ConsultationCase, CASE_FIELDS),
            visits=self._table(Visit, VISIT_FIELDS),
            activities=self._table(Visit.activities.through, ["visit_id", "activity_id"]),
            classrooms=self._table(Visit.classrooms.through, ["visit_id", "classroom_id"]),
            children=self._table(Visit.children.through, ["visit_id", "child_id"]),
        )
        self.next_case_id = self._next_id(ConsultationCase)
        self.next_visit_id = self._next_id(Visit)
        self.pick_mode = Picker(list(MODE_WEIGHTS), list(MODE_WEIGHTS.values()))
        self.pick_closure_reason = Picker(
            list(CLOSURE_REASON_WEIGHTS), list(CLOSURE_REASON_WEIGHTS.values())
        )
        self.visit_subjects = []
        child_cases = sum(1 for c in self.cases if c["focus"] == "child")
        self.pool_budget = self.s.children - child_cases
        for ci, case in enumerate(self.cases):
            self._plan_case(ci, case)
        self.case_rows = self.visit_tables.cases.rows
        self.log(
            f"planned {len(self.case_rows):,} cases and "
            f"{len(self.visit_tables.visits.rows):,} visits"
        )

    def _plan_case(self, ci: int, case: dict[str, Any]) -> None:
        rng = self.rng
        site = case["site"]
        consultants = self.site_consultants[site["id"]]
        consultant = consultants[0] if rng.random() < 0.85 else rng.choice(consultants)
        days, end, still_open = self._schedule_visits(case)
        classroom_id, child_id = self._case_subject(case, end)
        case_id = self.next_case_id
        self.next_case_id += 1
        outcome = self._case_outcome(case, days, end, still_open)
        case.update(
            id=case_id,
            consultant=consultant,
            classroom=classroom_id,
            child=child_id,
            status=outcome.status,
            end=outcome.closed_on.toordinal() if outcome.closed_on else self.today_ord,
            visit_days=days,
        )
        self.visit_tables.cases.rows.append(self._case_row(case, outcome))
        if case["focus"] == "program":
            case["classroom"] = None
        # Every visit of a child case observes that child, and only that child.
        children_on_visits = [child_id] if case["focus"] == "child" and child_id else []
        for k, day in enumerate(days):
            next_day = days[k + 1] if k + 1 < len(days) else None
            self._add_visit(ci, case, day, next_day, classroom_id, children_on_visits)

    def _schedule_visits(self, case: dict[str, Any]) -> tuple[list[int], int, bool]:
        """The case's visit days, its last day, and whether it is still open."""
        rng = self.rng
        n, opened = case["visits"], case["opened"]
        # Visits every 3 to 14 days; long-running work is visited more densely near the end.
        gap = rng.uniform(3, 14)
        end_planned = opened + int(gap * n) + rng.randint(0, 21)
        end = min(end_planned, self.today_ord)
        still_open = end_planned >= self.today_ord or bool(case.get("fixed"))
        if case.get("fixed"):
            end = self.today_ord
        days = sorted(weekday_on_or_before(rng.randint(opened, end)) for _ in range(n))
        return [max(d, opened) for d in days], end, still_open

    def _case_subject(self, case: dict[str, Any], end: int) -> tuple[int, int | None]:
        """The case's classroom and, for a child case, its child (created here)."""
        site = case["site"]
        months_running = (end - case["opened"]) / 30.44
        if case["focus"] == "child" and months_running > 60:
            case["focus"] = "classroom"
        # Drawn for every case, child cases included, though theirs is replaced below.
        classroom_id = self.rng.choice(site["classrooms"])
        if case["focus"] != "child":
            return classroom_id, None
        return self._child_of_case(site, case["opened"], months_running)

    def _child_of_case(
        self, site: dict[str, Any], opened: int, months_running: float
    ) -> tuple[int, int]:
        """A child young enough for the whole case, in a classroom for their age, with consent."""
        rng = self.rng
        age_months_max = int(CHILD_CASE_AGE_LIMIT_MONTHS - months_running)
        age_at_open = rng.randint(0, max(0, age_months_max - 1))
        opened_on = date.fromordinal(opened)
        dob = months_before(opened_on, age_at_open) - timedelta(days=rng.randint(0, 25))
        dob = min(dob, opened_on)
        band = age_band_on(dob, opened_on)
        fits = [
            cid for cid in site["classrooms"] if self.classrooms[cid][1] in (band.value, "mixed")
        ]
        classroom_id = rng.choice(fits or site["classrooms"])
        child_id = self._new_child(classroom_id, dob)
        consent_day = max(dob.toordinal(), opened - rng.randint(0, 30))
        self.child_rows[child_id][6] = date.fromordinal(consent_day)
        self.child_rows[child_id][7] = rng.choice(CONSENT_GIVERS)
        return classroom_id, child_id

    def _case_outcome(
        self, case: dict[str, Any], days: list[int], end: int, still_open: bool
    ) -> Outcome:
        status = "active" if days else "intake"
        at_risk = case["focus"] == "child" and self.rng.random() < 0.4
        if still_open or not days:
            return Outcome(status, at_risk)
        closed_on = date.fromordinal(min(self.today_ord, max(days[-1], end)))
        reason, placement = self._closure(case["focus"], at_risk)
        return Outcome("closed", at_risk, closed_on, reason, placement)

    def _closure(self, focus: str, at_risk: bool) -> tuple[str, str]:
        """Why a closed case closed and, for a child case, where the child went."""
        rng = self.rng
        reason = self.pick_closure_reason(rng)
        if focus != "child":
            # Only a child case can end because its child left.
            return ("other" if reason == "child_left" else reason), ""
        if at_risk and rng.random() < 0.12:
            reason = "child_expelled"
        # Both draws below are made whatever the reason: the random stream depends on it.
        placement = {
            "child_left": "moved_by_choice",
            "child_expelled": rng.choice(["expelled", "suspended"]),
        }.get(reason, "retained" if rng.random() < 0.95 else "unknown")
        return reason, placement

    def _case_row(self, case: dict[str, Any], outcome: Outcome) -> tuple:
        focus = case["focus"]
        return (
            case["id"],
            new_uuid(self.rng),
            focus,
            case["site"]["id"],
            case["classroom"] if focus != "program" else None,
            case["child"] if focus == "child" else None,
            case["consultant"],
            date.fromordinal(case["opened"]),
            self.rng.choice(CASE_REASONS),
            outcome.status,
            outcome.at_risk,
            outcome.closed_on,
            outcome.closure_reason,
            "",
            outcome.placement,
            False,
            self.now,
            self.now,
        )

    def _add_visit(
        self,
        ci: int,
        case: dict[str, Any],
        day: int,
        next_day: int | None,
        classroom_id: int,
        children_on_visits: list[int],
    ) -> None:
        visit_id = self.next_visit_id
        self.next_visit_id += 1
        tables = self.visit_tables
        tables.visits.rows.append(self._visit_row(visit_id, case, day, next_day))
        for activity in {self.pick_activity(self.rng) for _ in range(self.rng.randint(1, 3))}:
            tables.activities.rows.append((visit_id, activity))
        observed = self._visit_observations(visit_id, case, day, classroom_id, children_on_visits)
        for child in observed:
            tables.children.rows.append((visit_id, child))
        self.visit_subjects.append((visit_id, day, ci, observed))

    def _visit_row(
        self, visit_id: int, case: dict[str, Any], day: int, next_day: int | None
    ) -> tuple:
        rng = self.rng
        mode = self.pick_mode(rng)
        if mode == "phone":
            duration = rng.randint(10, 45)
        else:
            duration = min(600, max(15, int(rng.gauss(95, 40))))
        return (
            visit_id,
            new_uuid(rng),
            case["id"],
            case["site"]["id"],
            case["consultant"],
            date.fromordinal(day),
            time(8 + rng.randint(0, 8), rng.choice((0, 15, 30, 45))),
            duration,
            mode,
            rng.choice(VISIT_NOTES),
            rng.choice(NEXT_STEPS),
            date.fromordinal(next_day) if next_day else None,
            False,
            self.now,
            self.now,
        )

    def _visit_observations(
        self,
        visit_id: int,
        case: dict[str, Any],
        day: int,
        classroom_id: int,
        children_on_visits: list[int],
    ) -> list[int]:
        """Record the classroom a visit was in and return the children it observed."""
        classrooms = self.visit_tables.classrooms.rows
        if case["focus"] == "child":
            classrooms.append((visit_id, classroom_id))
            return children_on_visits
        if case["focus"] == "classroom":
            classrooms.append((visit_id, classroom_id))
            return self._observe_classroom_children(classroom_id, day)
        # Program-wide work visits a classroom on about half its visits.
        site_classrooms = case["site"]["classrooms"]
        if site_classrooms and self.rng.random() < 0.5:
            classrooms.append((visit_id, self.rng.choice(site_classrooms)))
        return []

    def _observe_classroom_children(self, classroom_id: int, day: int) -> list[int]:
        """A few children from the classroom's pool for the period, enrolling new ones as needed."""
        rng = self.rng
        observed: list[int] = []
        pool = self.classroom_pool[(classroom_id, day // POOL_DAYS)]
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            if len(pool) < POOL_SIZE and self.pool_budget > 0 and rng.random() < 0.5:
                pool.append(self._pool_child(classroom_id, day))
            if pool:
                pick = rng.choice(pool)
                if pick not in observed and self.child_rows[pick][4].toordinal() <= day:
                    observed.append(pick)
        return observed
