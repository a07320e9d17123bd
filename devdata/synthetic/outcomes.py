"""Outcomes after consultation: placement follow-ups of closed child-focused cases, answered in
the shapes programs report, and children's demographics, mostly not recorded.

Runs after every other step, so the draws of the earlier steps (and what a seed means for them)
are unchanged."""

from __future__ import annotations

import json
from datetime import date, timedelta

from consultation.models import ChildDemographics, PlacementFollowUp, Race
from devdata.synthetic.base import GeneratorBase
from devdata.synthetic.tables import Picker, new_uuid

FOLLOW_UP_FIELDS = (
    "id",
    "uuid",
    "case_id",
    "child_id",
    "days_after",
    "due_on",
    "answer",
    "why",
    "answered_on",
    "answered_by_id",
    "created_at",
    "updated_at",
)
DEMOGRAPHICS_FIELDS = (
    "id",
    "child_id",
    "races",
    "ethnicity",
    "gender",
    "iep_ifsp",
    "dual_language",
    "created_at",
    "updated_at",
)
# (yes, no, unknown) by the placement at closure: children kept at closure mostly stay.
ANSWER_WEIGHTS = {
    "retained": (86, 6, 8),
    "moved_by_choice": (4, 80, 16),
    "suspended": (30, 45, 25),
    "expelled": (2, 88, 10),
    "unknown": (35, 15, 50),
    "": (40, 20, 40),
}
ANSWERED_SHARE = {30: 0.82, 90: 0.68}  # consultants answer fewer follow-ups as time passes
WHY_NOT = (
    "Family moved out of the area",
    "Moved to another program by choice",
    "Dismissed by the program",
    "Family withdrew the child",
    "Started public pre-K",
    "Schedule no longer fit the family's work",
)
# Of the children with consent, the share whose family answered any question at all.
RECORDED_SHARE = 0.35
# Oklahoma-like shares among recorded races (single races, then two or more, declined).
RACE_WEIGHTS = {
    (Race.WHITE,): 52,
    (Race.AMERICAN_INDIAN,): 12,
    (Race.BLACK,): 10,
    (Race.ASIAN,): 2,
    (Race.PACIFIC_ISLANDER,): 0.4,
    (Race.WHITE, Race.AMERICAN_INDIAN): 9,
    (Race.WHITE, Race.BLACK): 4,
    ("declined",): 6,
    (): 5,
}
ETHNICITY = {"hispanic": 18, "not_hispanic": 64, "declined": 6, "not_recorded": 12}
# Children referred for behaviour are more often boys.
GENDER = {"boy": 60, "girl": 34, "another": 0.5, "declined": 1.5, "not_recorded": 4}
PLAN = {"none": 70, "iep": 7, "ifsp": 6, "declined": 3, "not_recorded": 14}
DUAL_LANGUAGE = {"no": 68, "yes": 15, "declined": 3, "not_recorded": 14}


def _picker(weights: dict) -> Picker:
    return Picker(list(weights), list(weights.values()))


class OutcomesMixin(GeneratorBase):
    def _outcomes(self) -> None:
        self._follow_ups()
        self._demographics()

    def _follow_ups(self) -> None:
        rng = self.rng
        table = self._table(PlacementFollowUp, FOLLOW_UP_FIELDS)
        pickers = {
            placement: Picker(["yes", "no", "unknown"], list(weights))
            for placement, weights in ANSWER_WEIGHTS.items()
        }
        next_id = self._next_id(PlacementFollowUp)
        for row in self.case_rows:
            (case_id, _uuid, focus, _site, _room, child_id, consultant, *_rest) = row
            closed_on, placement = row[11], row[14]
            if focus != "child" or closed_on is None:
                continue
            left = False
            for days in (30, 90):
                due = closed_on + timedelta(days=days)
                answer, why, answered_on = "", "", None
                if due <= self.today and rng.random() < ANSWERED_SHARE[days]:
                    answer = "no" if left and rng.random() < 0.9 else pickers[placement](rng)
                    left = answer == "no"
                    why = rng.choice(WHY_NOT) if left else ""
                    late = date.fromordinal(
                        min(due.toordinal() + rng.randint(0, 21), self.today_ord)
                    )
                    answered_on = late
                table.rows.append(
                    (
                        next_id,
                        new_uuid(rng),
                        case_id,
                        child_id,
                        days,
                        due,
                        answer,
                        why,
                        answered_on,
                        consultant if answer else None,
                        self.now,
                        self.now,
                    )
                )
                next_id += 1
        self.log(f"planned {len(table.rows):,} placement follow-ups")

    def _demographics(self) -> None:
        rng = self.rng
        table = self._table(ChildDemographics, DEMOGRAPHICS_FIELDS)
        races, ethnicity, gender = _picker(RACE_WEIGHTS), _picker(ETHNICITY), _picker(GENDER)
        plan, dual = _picker(PLAN), _picker(DUAL_LANGUAGE)
        next_id = self._next_id(ChildDemographics)
        for child_id in sorted(self.child_rows):
            consented = self.child_rows[child_id][6] is not None
            if not consented or rng.random() >= RECORDED_SHARE:
                continue  # most children: nothing recorded at all
            race_list = [str(race) for race in races(rng)]
            table.rows.append(
                (
                    next_id,
                    child_id,
                    json.dumps(race_list) if self.use_copy else race_list,
                    ethnicity(rng),
                    gender(rng),
                    plan(rng),
                    dual(rng),
                    self.now,
                    self.now,
                )
            )
            next_id += 1
        self.log(f"planned {len(table.rows):,} children's demographics")
