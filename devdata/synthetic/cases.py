"""How many cases the program opened, when, where, and how many visits each one had."""

from __future__ import annotations

from typing import Any

from devdata.synthetic.base import GeneratorBase
from devdata.synthetic.constants import LONGEST_CASE_VISITS
from devdata.synthetic.tables import Picker, weekday_on_or_before

FOCUS_WEIGHTS = {"child": 55, "classroom": 30, "program": 15}
# Visits per case: heavier for classroom and program-wide work, long-tailed.
MEAN_VISIT_WEIGHT = {"child": 0.7, "classroom": 1.3, "program": 1.6}
# Child cases end before the child turns six, so they run shorter than classroom or program work.
MAX_VISITS = {"child": 120, "classroom": 400, "program": 400}


class CasesMixin(GeneratorBase):
    def _cases(self) -> None:
        opened = self._opening_days()
        self._plan_cases()
        # Dates are assigned in a random order so every focus spreads over the decade.
        order = list(range(self.s.cases))
        self.rng.shuffle(order)
        for case_index, day in zip(order, opened, strict=True):
            self.cases[case_index]["opened"] = weekday_on_or_before(day)
        self._plan_visit_counts()
        self._balance_visits()

    def _opening_days(self) -> list[int]:
        """The program grew: more cases were opened in recent years."""
        rng = self.rng
        span_days = self.today_ord - self.start_ord
        return sorted(
            self.start_ord + int(span_days * rng.random() ** 0.7) for _ in range(self.s.cases)
        )

    def _plan_cases(self) -> None:
        rng = self.rng
        pick_site = Picker(self.sites, [len(site["classrooms"]) for site in self.sites])
        focus_pick = Picker(list(FOCUS_WEIGHTS), list(FOCUS_WEIGHTS.values()))
        self.cases = []
        for _ in range(self.s.cases):
            focus = focus_pick(rng)
            weight = MEAN_VISIT_WEIGHT[focus] * rng.lognormvariate(0, 0.6)
            self.cases.append({"focus": focus, "weight": weight, "site": pick_site(rng)})

    def _visit_room(self, case: dict[str, Any]) -> int:
        """At most two visits a week since the case opened, and at most the focus allows."""
        room = (self.today_ord - case["opened"]) * 2 // 7
        return min(room, MAX_VISITS[case["focus"]])

    def _plan_visit_counts(self) -> None:
        """Visit counts: proportional to weight, capped by the days the case can have run."""
        total_weight = sum(c["weight"] for c in self.cases)
        for case in self.cases:
            case["visits"] = max(0, round(case["weight"] * self.s.visits / total_weight))
        longest = max(
            (c for c in self.cases if c["focus"] != "child"),
            key=lambda c: self.today_ord - c["opened"],
        )
        longest["focus"] = "program"
        longest["visits"] = min(LONGEST_CASE_VISITS, self.s.visits // 5)
        longest["fixed"] = True
        for case in self.cases:
            case["visits"] = min(case["visits"], self._visit_room(case))
            if (
                case["visits"] == 0
                and self.today_ord - case["opened"] > 28
                and not case.get("fixed")
            ):
                case["visits"] = 1

    def _balance_visits(self) -> None:
        """Add or remove single visits until the total is exact (respecting each case's room)."""
        rng, target = self.rng, self.s.visits
        diff = target - sum(c["visits"] for c in self.cases)
        adjustable = [c for c in self.cases if not c.get("fixed")]
        guard = 0
        while diff and guard < 50 * len(self.cases) + abs(diff) * 10:
            guard += 1
            case = rng.choice(adjustable)
            if diff > 0 and case["visits"] < self._visit_room(case):
                case["visits"] += 1
                diff -= 1
            elif diff < 0 and case["visits"] > 1:
                case["visits"] -= 1
                diff += 1
