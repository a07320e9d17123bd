"""Measures and exclusion events of the synthetic program.

Measures began a few years ago (MEASURES_YEARS): cases opened since have baselines of the
instruments that fit them soon after opening (most, not all), and most closed cases a follow-up
soon after closing, while the child still fits the instrument. Scores stay within the
catalogue's ranges and mostly improve. A few administrations entered in error are voided and
recorded again. The measures due follow the schedule (baselines on opening, follow-ups on
closing, done where recorded). Child-focused cases have exclusion events, more of them when the
child was at risk of expulsion at intake.

The step draws from its own random stream, seeded from the main one after every other step, so
adding it changed none of the rows the other steps write."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any

from consultation.ages import age_in_months
from consultation.models import Administration, ExclusionEvent, Instrument, MeasureDue, Score
from devdata.synthetic.base import GeneratorBase
from devdata.synthetic.tables import Picker, new_uuid

MEASURES_YEARS = 4
BASELINE_RECORDED, FOLLOW_UP_RECORDED, VOIDED = 0.88, 0.75, 0.02
# (baseline mean, sd, mean change, sd of change, decimals) by what a score field measures;
# the change is in the score's units, signed (most children and rooms improve).
SHAPES = {
    "red flags": (4, 2.5, -1.5, 1.5, 0),
    "behavioral concerns": (58, 8, -3.5, 5, 0),
    "t-score": (44, 8, 3.5, 5, 0),
    "percent": (52, 16, 10, 9, 0),
    "mean of 1-9": (6.2, 1.0, 0.4, 0.5, 2),
    "asq": (62, 25, -8, 12, 0),
    "perm": (45, 12, -6, 8, 0),
}
EXCLUSION_WEIGHTS = {
    "sent_home": 35,
    "shortened_day": 20,
    "keep_home": 15,
    "suspension": 10,
    "conditional": 8,
    "transfer": 7,
    "dismissal": 5,
}
DECIDED_BY_WEIGHTS = {"director": 50, "teacher": 25, "owner": 15, "other": 10}
DAYS_OF = {"suspension": (1, 5), "keep_home": (1, 10), "shortened_day": (5, 30)}
ADMINISTRATION_FIELDS = (
    "id",
    "uuid",
    "instrument_id",
    "case_id",
    "child_id",
    "classroom_id",
    "teacher_initials",
    "administered_on",
    "point",
    "recorded_by_id",
    "is_void",
    "void_reason",
    "voided_at",
    "created_at",
    "updated_at",
)
SCORE_FIELDS = ("administration_id", "score_field_id", "value")
DUE_FIELDS = (
    "case_id",
    "instrument_id",
    "point",
    "due_by",
    "satisfied_by_id",
    "created_at",
    "updated_at",
)
EXCLUSION_FIELDS = (
    "uuid",
    "case_id",
    "child_id",
    "kind",
    "occurred_on",
    "days",
    "decided_by",
    "recorded_by_id",
    "created_at",
    "updated_at",
)


def shape_of(code: str, field: Any) -> tuple[float, float, float, float, int]:
    name = field.name.lower()
    if code == "perm":
        return SHAPES["perm"]
    if code == "asq-se-2":
        return SHAPES["asq"]
    for key in ("red flags", "behavioral concerns"):
        if key in name:
            return SHAPES[key]
    if field.max_value == 9:
        return SHAPES["mean of 1-9"]
    return SHAPES["t-score"] if field.max_value == 80 else SHAPES["percent"]


def clipped(value: float, field: Any, decimals: int) -> Decimal:
    if field.min_value is not None:
        value = max(value, float(field.min_value))
    if field.max_value is not None:
        value = min(value, float(field.max_value))
    return Decimal(str(round(max(value, 0), decimals)))


class MeasuresMixin(GeneratorBase):
    def _measures_and_exclusions(self) -> None:
        self.mrng = random.Random(self.rng.getrandbits(64))
        self.instruments = {
            i.code: (i, list(i.score_fields.all()))
            for i in Instrument.objects.filter(is_active=True).prefetch_related("score_fields")
        }
        self.measure_tables = (
            self._table(Administration, ADMINISTRATION_FIELDS),
            self._table(Score, SCORE_FIELDS),
            self._table(MeasureDue, DUE_FIELDS),
            self._table(ExclusionEvent, EXCLUSION_FIELDS),
        )
        self.next_administration_id = self._next_id(Administration)
        self.pick_kind = Picker(list(EXCLUSION_WEIGHTS), list(EXCLUSION_WEIGHTS.values()))
        self.pick_decider = Picker(list(DECIDED_BY_WEIGHTS), list(DECIDED_BY_WEIGHTS.values()))
        since = self.today_ord - 365 * MEASURES_YEARS
        for ci, case in enumerate(self.cases):
            if case["opened"] >= since:
                self._measure_case(case, self.case_rows[ci])
                if case["focus"] == "child" and case["child"]:
                    self._exclusions(case, at_risk=self.case_rows[ci][10])
        administrations, scores, _due, events = self.measure_tables
        self.log(
            f"planned {len(administrations.rows):,} administrations with {len(scores.rows):,} "
            f"scores and {len(events.rows):,} exclusion events"
        )

    def _fits(self, instrument: Instrument, case: dict[str, Any], day: int) -> bool:
        """The instrument fits the case's child (age) or room (age group) on that day."""
        if instrument.rates == Instrument.Rates.CHILD:
            if case["focus"] != "child" or not case["child"]:
                return False
            months = age_in_months(self.child_rows[case["child"]][4], date.fromordinal(day))
            low, high = instrument.min_age_months or 0, instrument.max_age_months
            return months >= low and (high is None or months <= high)
        if instrument.rates == Instrument.Rates.PROGRAM:
            return case["focus"] == "program"
        if case["focus"] != "classroom" or not case["classroom"]:
            return False
        rooms = instrument.room_types
        return instrument.rates == Instrument.Rates.TEACHER or (
            not rooms or self.classrooms[case["classroom"]][1] in rooms
        )

    def _measure_case(self, case: dict[str, Any], row: tuple) -> None:
        rng = self.mrng
        closed_on: date | None = row[11]
        initials = f"{chr(65 + rng.randrange(26))}.{chr(65 + rng.randrange(26))}."
        for code, (instrument, fields) in self.instruments.items():
            if not self._fits(instrument, case, case["opened"]):
                continue
            if not instrument.scheduled and rng.random() > 0.15:
                continue  # unscheduled (ASQ:SE-2): recorded now and then
            if code == "tses" and rng.random() < 0.5:
                continue  # a teacher scale on half the classroom cases
            teacher = initials if instrument.rates == Instrument.Rates.TEACHER else ""
            self._instrument_on_case(case, closed_on, instrument, fields, teacher)

    def _instrument_on_case(self, case, closed_on, instrument, fields, teacher) -> None:
        rng = self.mrng
        last_day = min(self.today_ord, case["end"])
        baseline_day = min(case["opened"] + rng.randint(0, 21), last_day)
        if not self._fits(instrument, case, baseline_day):
            baseline_day = case["opened"]  # the child was about to age out: on the first day
        baseline_id = follow_up_id = None
        scores: dict[int, float] = {}
        if rng.random() < BASELINE_RECORDED:
            scores = self._draw_scores(instrument, fields)
            baseline_id = self._administer(
                case, instrument, teacher, baseline_day, "baseline", scores
            )
        if instrument.scheduled:
            due = case["opened"] + instrument.baseline_window_days
            self._due(case, instrument, "baseline", due, baseline_id)
        if closed_on is None:
            return
        follow_day = min(closed_on.toordinal() + rng.randint(0, 25), self.today_ord)
        recorded = rng.random() < FOLLOW_UP_RECORDED
        if baseline_id and recorded and self._fits(instrument, case, follow_day):
            later = self._draw_scores(instrument, fields, after=scores)
            follow_up_id = self._administer(
                case, instrument, teacher, follow_day, "follow_up", later
            )
        if instrument.scheduled:
            due = closed_on.toordinal() + instrument.follow_up_window_days
            self._due(case, instrument, "follow_up", due, follow_up_id)

    def _draw_scores(self, instrument, fields, after: dict[int, float] | None = None):
        """Scores for each field (an optional field now and then left out); a follow-up moves
        each baseline score by the field's usual change."""
        rng = self.mrng
        drawn: dict[int, float] = {}
        for field in fields:
            if after is not None and field.pk not in after:
                continue
            if after is None and not field.required and rng.random() < 0.4:
                continue
            mean, sd, change, change_sd, decimals = shape_of(instrument.code, field)
            start = after[field.pk] if after is not None else rng.gauss(mean, sd)
            value = start + rng.gauss(change, change_sd) if after is not None else start
            drawn[field.pk] = float(clipped(value, field, decimals))
        return drawn

    def _administer(self, case, instrument, teacher, day, point, scores) -> int:
        """Write the administration (and, now and then, a voided one before it)."""
        administrations, score_table, _due, _events = self.measure_tables
        voided = self.mrng.random() < VOIDED
        ids = []
        for void in [True, False] if voided else [False]:
            admin_id = self.next_administration_id
            self.next_administration_id += 1
            ids.append(admin_id)
            rated_child = instrument.rates == Instrument.Rates.CHILD
            rated_room = instrument.rates in (Instrument.Rates.CLASSROOM, Instrument.Rates.TEACHER)
            administrations.rows.append(
                (
                    admin_id,
                    new_uuid(self.mrng),
                    instrument.pk,
                    case["id"],
                    case["child"] if rated_child else None,
                    case["classroom"] if rated_room else None,
                    teacher,
                    date.fromordinal(day),
                    point,
                    case["consultant"],
                    void,
                    "Scores entered for the wrong child" if void else "",
                    self.now if void else None,
                    self.now,
                    self.now,
                )
            )
            for field_pk, value in scores.items():
                score_table.rows.append((admin_id, field_pk, Decimal(str(value))))
        return ids[-1]

    def _due(self, case, instrument, point, due_ord, satisfied_by) -> None:
        self.measure_tables[2].rows.append(
            (
                case["id"],
                instrument.pk,
                point,
                date.fromordinal(due_ord),
                satisfied_by,
                self.now,
                self.now,
            )
        )

    def _exclusions(self, case: dict[str, Any], *, at_risk: bool) -> None:
        """Poisson-like counts: at-risk children about 1.5 events a case, others 0.3."""
        rng = self.mrng
        expected = 1.5 if at_risk else 0.3
        count = 0
        while rng.random() < expected / (expected + 1) and count < 8:
            count += 1
        last_day = min(self.today_ord, case["end"])
        for _ in range(count):
            kind = self.pick_kind(rng)
            low, high = DAYS_OF.get(kind, (0, 0))
            self.measure_tables[3].rows.append(
                (
                    new_uuid(rng),
                    case["id"],
                    case["child"],
                    kind,
                    date.fromordinal(rng.randint(case["opened"], max(case["opened"], last_day))),
                    rng.randint(low, high) if high else None,
                    self.pick_decider(rng),
                    case["consultant"],
                    self.now,
                    self.now,
                )
            )
