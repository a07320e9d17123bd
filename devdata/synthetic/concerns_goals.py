"""What visits recorded: concerns observed in children, Pyramid goals and progress towards them."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from consultation.ages import AgeBand, age_band_on
from consultation.models import GoalProgress, ObservedConcern, PyramidGoal
from devdata.synthetic.base import GeneratorBase
from devdata.synthetic.names import STAFF_FIRST, STAFF_LAST
from devdata.synthetic.tables import Picker, new_uuid, split_evenly

CONCERN_FIELDS = (
    "visit_id",
    "child_id",
    "concern_item_id",
    "frequency",
    "notes",
    "created_at",
    "updated_at",
)
GOAL_FIELDS = (
    "id",
    "uuid",
    "case_id",
    "tier_id",
    "practice_area_id",
    "description",
    "set_with",
    "set_on",
    "target_date",
    "status",
    "created_at",
    "updated_at",
)
PROGRESS_FIELDS = (
    "goal_id",
    "visit_id",
    "recorded_on",
    "rating",
    "note",
    "created_at",
    "updated_at",
)
FREQUENCY_WEIGHTS = {"once": 3, "sometimes": 5, "often": 2}
GOALS_PER_FOCUS = {"child": (1, 2), "classroom": (2, 3), "program": (2, 4)}
# Goal rows are lists while statuses are settled: these are the positions read and written.
GOAL_ID, GOAL_SET_ON, GOAL_STATUS = 0, 7, 9


class ConcernsGoalsMixin(GeneratorBase):
    def _child_band(self, child_id: int, day: int) -> str | None:
        dob = self.child_rows[child_id][4]
        visit_day = date.fromordinal(day)
        if visit_day < dob:
            return None
        band = age_band_on(dob, visit_day)
        return None if band == AgeBand.SCHOOL_AGE else band.value

    def _concerns(self) -> None:
        """Spread the target over every child observed on a visit, from their age band's items."""
        rng = self.rng
        t = self._table(ObservedConcern, CONCERN_FIELDS)
        freq = Picker(list(FREQUENCY_WEIGHTS), list(FREQUENCY_WEIGHTS.values()))
        slots = sum(len(observed) for *_, observed in self.visit_subjects)
        remaining = self.s.concerns
        for visit_id, day, _case, observed in self.visit_subjects:
            for child in observed:
                band = self._child_band(child, day)
                slots -= 1
                if band is None:
                    continue
                items = self.concern_items[band]
                k = max(0, min(split_evenly(rng, remaining, slots + 1), len(items)))
                if k:
                    self._need_consent(child, day)
                for item in rng.sample(items, k):
                    t.rows.append((visit_id, child, item, freq(rng), "", self.now, self.now))
                remaining -= k

    def _goals_and_progress(self) -> None:
        goals_t = self._table(PyramidGoal, GOAL_FIELDS)
        progress_t = self._table(GoalProgress, PROGRESS_FIELDS)
        self.next_goal_id = self._next_id(PyramidGoal)
        case_goals: dict[int, list[list]] = {}
        for ci, case in enumerate(self.cases):
            if not case["visit_days"]:
                continue
            case_goals[ci] = self._set_goals(case)
            goals_t.rows.extend(case_goals[ci])
        progress_count = self._record_progress(case_goals, progress_t.rows)
        self._settle_goal_statuses(case_goals, progress_count)
        goals_t.rows[:] = [tuple(g) for g in goals_t.rows]

    def _set_goals(self, case: dict[str, Any]) -> list[list]:
        rng = self.rng
        low, high = GOALS_PER_FOCUS[case["focus"]]
        goals = []
        for _ in range(rng.randint(low, high)):
            # Set on one of the first visits.
            set_day = case["visit_days"][rng.randint(0, min(2, len(case["visit_days"]) - 1))]
            tier = self.tiers[-1] if case["focus"] == "child" and rng.random() < 0.3 else None
            goals.append(
                [
                    self.next_goal_id,
                    new_uuid(rng),
                    case["id"],
                    tier or rng.choice(self.tiers),
                    rng.choice(self.areas),
                    "Practise the routine with visual supports every day.",
                    f"{rng.choice(STAFF_FIRST)} {rng.choice(STAFF_LAST)}",
                    date.fromordinal(set_day),
                    date.fromordinal(set_day + rng.randint(45, 180)),
                    "not_started",
                    self.now,
                    self.now,
                ]
            )
            self.next_goal_id += 1
        return goals

    def _record_progress(
        self, case_goals: dict[int, list[list]], progress_rows: list[tuple]
    ) -> dict[int, int]:
        """Spread the target over visits that have a goal set on or before them.

        Returns how many progress notes each goal got."""
        rng = self.rng
        eligible = [
            v
            for v in self.visit_subjects
            if any(g[GOAL_SET_ON].toordinal() <= v[1] for g in case_goals.get(v[2], ()))
        ]
        remaining = self.s.goal_progress
        left = len(eligible)
        progress_count: dict[int, int] = defaultdict(int)
        for visit_id, day, ci, _ in eligible:
            k = split_evenly(rng, remaining, left)
            left -= 1
            open_goals = [g for g in case_goals[ci] if g[GOAL_SET_ON].toordinal() <= day]
            k = min(k, len(open_goals))
            for goal in rng.sample(open_goals, k):
                goal_id = goal[GOAL_ID]
                progress_count[goal_id] += 1
                rating = min(5, 1 + progress_count[goal_id] // 3 + rng.randint(0, 1))
                progress_rows.append(
                    (goal_id, visit_id, date.fromordinal(day), rating, "", self.now, self.now)
                )
            remaining -= k
        return progress_count

    def _settle_goal_statuses(
        self, case_goals: dict[int, list[list]], progress_count: dict[int, int]
    ) -> None:
        rng = self.rng
        for ci, goals in case_goals.items():
            closed = self.cases[ci]["status"] == "closed"
            for goal in goals:
                if not progress_count[goal[GOAL_ID]]:
                    status = "discontinued" if closed and rng.random() < 0.5 else "not_started"
                elif closed:
                    status = rng.choice(("met", "met", "met", "discontinued", "in_progress"))
                else:
                    status = "in_progress" if rng.random() < 0.85 else "met"
                goal[GOAL_STATUS] = status
