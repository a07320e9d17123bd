"""Requests for consultation (intake): one behind every case, received a few days to weeks
before it opened (some after a spell on the waitlist), and more that never became a case:
declined, not served, on the waitlist or still waiting for a first contact. Runs after every
other step, so the rest of a seed's rows are unchanged by it."""

from __future__ import annotations

from datetime import date
from typing import Any

from consultation.models import Intake, IntakeStep
from devdata.synthetic.base import GeneratorBase
from devdata.synthetic.people import USER_FIELDS
from devdata.synthetic.tables import Picker, new_uuid, weekday_on_or_before
from devdata.synthetic.visits import CASE_FIELDS

INTAKE_FIELDS = (
    "id",
    "uuid",
    "received_on",
    "source",
    "site_id",
    "classroom_id",
    "child_id",
    "reason_category",
    "reason",
    "expulsion_risk",
    "status",
    "contacted_on",
    "assigned_to_id",
    "assigned_on",
    "waitlisted_on",
    "ended_on",
    "end_reason",
    "case_id",
    "recorded_by_id",
    "created_at",
    "updated_at",
)
STEP_FIELDS = ("intake_id", "step", "on", "consultant_id", "note", "recorded_by_id", "created_at")
S = Intake.Status
SOURCE_WEIGHTS = {
    "director": 34, "provider": 26, "parent": 12, "warmline": 9, "health_department": 6,
    "child_guidance": 6, "self": 4, "other": 3,
}  # fmt: skip
REASON_BY_FOCUS = {
    "child": {"behaviour": 50, "social_emotional": 20, "trauma": 15, "developmental": 15},
    "classroom": {"classroom_climate": 45, "behaviour": 30, "teacher_support": 25},
    "program": {"teacher_support": 60, "classroom_climate": 30, "other": 10},
}
# Business days from the request to the first contact: most within the standard of 2.
CONTACT_DELAY_WEIGHTS = {0: 30, 1: 30, 2: 17, 3: 9, 4: 5, 5: 4, 7: 3, 10: 2}
END_REASONS: dict[str, list[str]] = {
    S.DECLINED: ["Director chose to wait until next term.", "Family declined consultation."],
    S.NOT_SERVED: ["Outside the program's area.", "Child older than the program serves."],
}


def _business_days_before(day: int, days: int) -> int:
    """The ordinal `days` weekdays before `day` (holidays are not modelled here)."""
    while days > 0:
        day -= 1
        if date.fromordinal(day).weekday() < 5:
            days -= 1
    return day


class IntakesMixin(GeneratorBase):
    def _intakes(self) -> None:
        self.intake_table = self._table(Intake, INTAKE_FIELDS)
        self.intake_step_table = self._table(IntakeStep, STEP_FIELDS)
        self.next_intake_id = self._next_id(Intake)
        self.pick_source = Picker(list(SOURCE_WEIGHTS), list(SOURCE_WEIGHTS.values()))
        self.pick_contact_delay = Picker(
            list(CONTACT_DELAY_WEIGHTS), list(CONTACT_DELAY_WEIGHTS.values())
        )
        user_fields = ("id", "supervisor_id")
        self.supervisor_of = {row[0]: row[-1] for row in self._user_pairs(user_fields)}
        at_risk = CASE_FIELDS.index("at_risk_of_expulsion")
        for case, row in zip(self.cases, self.case_rows, strict=True):
            self._served_intake(case, bool(row[at_risk]))
        for _ in range(len(self.cases) // 6):
            self._unserved_intake()
        self.log(f"planned {len(self.intake_table.rows):,} requests for consultation")

    def _user_pairs(self, fields: tuple[str, str]) -> list[tuple[int, int | None]]:
        indexes = [USER_FIELDS.index(name) for name in fields]
        return [(row[indexes[0]], row[indexes[1]]) for row in self.user_rows]

    def _reason(self, focus: str) -> str:
        weights = REASON_BY_FOCUS[focus]
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def _served_intake(self, case: dict[str, Any], at_risk: bool) -> None:
        """The request a case was opened from: contacted, perhaps waitlisted, assigned, opened."""
        rng = self.rng
        opened = case["opened"]
        assigned = opened - rng.randint(0, 4)
        waited = rng.randint(10, 60) if rng.random() < 0.12 else 0
        contacted = weekday_on_or_before(assigned - waited - rng.randint(0, 3))
        delay = (
            self.pick_contact_delay(rng) if not at_risk else min(self.pick_contact_delay(rng), 2)
        )
        received = _business_days_before(contacted, delay)
        supervisor = self.supervisor_of.get(case["consultant"]) or self.supervisor_ids[0]
        steps: list[tuple[str, int, int | None]] = [
            (S.RECEIVED, received, None),
            (S.CONTACTED, contacted, None),
        ]
        if waited:
            steps.append((S.WAITLISTED, contacted + rng.randint(0, 2), None))
        steps += [(S.ASSIGNED, assigned, case["consultant"]), (S.CASE_OPENED, opened, None)]
        self._add_intake(
            site=case["site"]["id"],
            classroom=case["classroom"] if case["focus"] != "program" else None,
            child=case["child"] if case["focus"] == "child" else None,
            reason=self._reason(case["focus"]),
            at_risk=at_risk,
            steps=steps,
            recorded_by=supervisor,
            case_id=case["id"],
        )

    def _unserved_intake(self) -> None:
        """A request that never became a case: ended, waitlisted, or waiting for contact."""
        rng = self.rng
        site = rng.choice(self.sites)
        received = weekday_on_or_before(rng.randint(self.start_ord, self.today_ord))
        recent = self.today_ord - received < 90
        roll = rng.random()
        steps: list[tuple[str, int, int | None]] = [(S.RECEIVED, received, None)]
        contacted = min(received + rng.randint(0, 5), self.today_ord)
        if recent and roll < 0.2:
            if rng.random() < 0.5:  # still waiting for a first contact, or just contacted
                steps.append((S.CONTACTED, contacted, None))
        elif recent and roll < 0.45:
            steps.append((S.CONTACTED, contacted, None))
            steps.append((S.WAITLISTED, min(contacted + 1, self.today_ord), None))
        else:
            outcome = S.DECLINED if roll < 0.75 else S.NOT_SERVED
            if rng.random() < 0.8:
                steps.append((S.CONTACTED, contacted, None))
            steps.append((outcome, min(contacted + rng.randint(0, 10), self.today_ord), None))
        self._add_intake(
            site=site["id"],
            classroom=None,
            child=None,
            reason=self._reason("classroom" if rng.random() < 0.4 else "program"),
            at_risk=False,
            steps=steps,
            recorded_by=rng.choice(self.supervisor_ids),
            case_id=None,
        )

    def _add_intake(
        self,
        *,
        site: int,
        classroom: int | None,
        child: int | None,
        reason: str,
        at_risk: bool,
        steps: list[tuple[str, int, int | None]],
        recorded_by: int,
        case_id: int | None,
    ) -> None:
        intake_id = self.next_intake_id
        self.next_intake_id += 1
        on = {step: date.fromordinal(day) for step, day, _ in steps}
        status = steps[-1][0]
        assigned = next((who for step, _, who in steps if step == S.ASSIGNED), None)
        ended = status in (S.DECLINED, S.NOT_SERVED)
        self.intake_table.rows.append(
            (
                intake_id,
                new_uuid(self.rng),
                on[S.RECEIVED],
                self.pick_source(self.rng),
                site,
                classroom,
                child,
                reason,
                "",
                at_risk,
                status,
                on.get(S.CONTACTED),
                assigned,
                on.get(S.ASSIGNED),
                on.get(S.WAITLISTED),
                on[status] if ended else None,
                self.rng.choice(END_REASONS[status]) if ended else "",
                case_id,
                recorded_by,
                self.now,
                self.now,
            )
        )
        for step, day, who in steps:
            self.intake_step_table.rows.append(
                (intake_id, step, date.fromordinal(day), who, "", recorded_by, self.now)
            )
