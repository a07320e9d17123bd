"""Paired change per instrument and score: the baseline and follow-up of the same case and the
same subject (child, classroom, teacher or program), and the baselines still without one.

A pair is the earliest live (not voided) baseline and the latest live follow-up of the same
case, instrument and subject, the follow-up dated on or after the baseline; it counts in the
period its follow-up falls in. A baseline of a case closed in the period with no such follow-up
is a missing follow-up (reports.figures.missing_follow_ups: the one definition the figure and the
lead's list share). Four queries whatever the data: the scores of the administrations of cases
with a follow-up in the period, the missing baselines' scores counted by score field, and the
catalogue's score fields with their cut-offs."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet

from accounts.models import User
from consultation.ages import age_in_months
from consultation.models import CutOff, Point, Score, ScoreField
from reports.figures.definitions import rate
from reports.figures.missing_follow_ups import ADMINISTRATIONS, missing_baselines
from reports.figures.sql import ReportFilter, records
from reports.tables import COUNT, RATE, Column, Row, Table

SCORE, TEXT = "score", "text"

# (case, instrument, child, classroom, teacher initials): whom a pair is about.
Subject = tuple[int, int, int | None, int | None, str]


@dataclass
class Taken:
    """One live administration as read: its date, the child's birth date, its scores."""

    on: date
    born: date | None
    scores: dict[int, Decimal] = field(default_factory=dict)


@dataclass
class Subjects:
    """Per subject: its earliest baseline and latest follow-up."""

    baseline: dict[Subject, Taken] = field(default_factory=dict)
    follow_up: dict[Subject, Taken] = field(default_factory=dict)


def relevant_administrations(user: User, f: ReportFilter) -> QuerySet:
    """Live baselines and follow-ups of the cases in scope and in the filter that have a live
    follow-up in the period."""
    live = records(ADMINISTRATIONS, user, f, in_period=False).filter(
        point__in=[Point.BASELINE, Point.FOLLOW_UP]
    )
    follow_ups_in_period = live.filter(
        point=Point.FOLLOW_UP, administered_on__gte=f.date_from, administered_on__lte=f.date_to
    ).values("case_id")
    return live.filter(case_id__in=follow_ups_in_period)


ADMINISTRATION_COLUMNS = (
    "case_id",
    "instrument_id",
    "child_id",
    "classroom_id",
    "teacher_initials",
    "point",
    "administered_on",
)


def read_subjects(user: User, f: ReportFilter) -> Subjects:
    """The pairs' ends, from one query over the relevant administrations' scores (with the
    child's birth date, for the cut-offs)."""
    rows = (
        Score.objects.filter(administration__in=relevant_administrations(user, f).values("pk"))
        .order_by()
        .values_list(
            "administration_id",
            *(f"administration__{column}" for column in ADMINISTRATION_COLUMNS),
            "administration__child__date_of_birth",
            "score_field_id",
            "value",
        )
    )
    taken: dict[int, tuple[Subject, str, Taken]] = {}
    for pk, case, instrument, child, room, initials, point, on, born, fid, value in rows:
        subject: Subject = (case, instrument, child, room, initials.strip().upper())
        if pk not in taken:
            taken[pk] = (subject, point, Taken(on=on, born=born))
        taken[pk][2].scores[fid] = value
    found = Subjects()
    # Earliest baseline, latest follow-up; ties on the date go to the first recorded (pk).
    for pk in sorted(taken):
        who, at, one = taken[pk]
        if at == Point.BASELINE:
            if who not in found.baseline or one.on < found.baseline[who].on:
                found.baseline[who] = one
        elif who not in found.follow_up or one.on > found.follow_up[who].on:
            found.follow_up[who] = one
    return found


def missing_by_score_field(user: User, f: ReportFilter) -> dict[int, int]:
    """Score field pk -> the missing follow-ups with that score at baseline (one query)."""
    scores = Score.objects.filter(administration__in=missing_baselines(user, f).values("pk"))
    return dict(
        scores.order_by()
        .values_list("score_field_id")
        .annotate(n=Count("pk"))
        .values_list("score_field_id", "n")
    )


def score_fields() -> list[ScoreField]:
    """Every score field of the catalogue, with its instrument and cut-offs (two queries)."""
    cut_offs = Prefetch("cut_offs", queryset=CutOff.objects.order_by("from_age_months", "pk"))
    return list(
        ScoreField.objects.select_related("instrument")
        .prefetch_related(cut_offs)
        .order_by("instrument__sort_order", "instrument__name", "sort_order", "pk")
    )


# A score field's cut-offs as plain (from months, to months, value), read once per page.
CutOffs = list[tuple[int | None, int | None, Decimal]]


def cut_offs_of(score_field: ScoreField) -> CutOffs:
    return [(c.from_age_months, c.to_age_months, c.value) for c in score_field.cut_offs.all()]


def cut_off_for(cut_offs: CutOffs, taken: Taken) -> Decimal | None:
    """The cut-off that applies to this administration: by the child's age in completed months
    on its date where the cut-off has an age interval; one without an interval applies to all."""
    months = age_in_months(taken.born, taken.on) if taken.born and taken.born <= taken.on else None
    for low, high, value in cut_offs:
        if low is None and high is None:
            return value
        if months is None:
            continue
        if months >= (low or 0) and (high is None or months <= high):
            return value
    return None


def of_concern(score_field: ScoreField, value: Decimal, cut: Decimal) -> bool:
    """At or above the cut-off when higher is worse; at or below it when higher is better."""
    if score_field.direction == ScoreField.Direction.HIGHER_WORSE:
        return value >= cut
    return value <= cut


@dataclass
class Tally:
    """What one score field adds up over its pairs and missing follow-ups."""

    baselines: list[Decimal] = field(default_factory=list)
    follow_ups: list[Decimal] = field(default_factory=list)
    improved: int = 0
    of_concern: int = 0
    crossed: int = 0
    missing: int = 0


def _add_pair(
    tally: Tally, score_field: ScoreField, cut_offs: CutOffs, before: Taken, after: Taken
) -> None:
    first, last = before.scores[score_field.pk], after.scores[score_field.pk]
    tally.baselines.append(first)
    tally.follow_ups.append(last)
    higher_better = score_field.direction == ScoreField.Direction.HIGHER_BETTER
    tally.improved += last > first if higher_better else last < first
    if not cut_offs:
        return
    cut_before, cut_after = cut_off_for(cut_offs, before), cut_off_for(cut_offs, after)
    if cut_before is not None and of_concern(score_field, first, cut_before):
        tally.of_concern += 1
        tally.crossed += cut_after is not None and not of_concern(score_field, last, cut_after)


def tallies(
    found: Subjects, f: ReportFilter, fields: list[ScoreField], missing: dict[int, int]
) -> dict[int, Tally]:
    """Score field pk -> its tally, for the pairs of the period and the missing follow-ups."""
    by_instrument: dict[int, list[tuple[ScoreField, CutOffs]]] = defaultdict(list)
    for score_field in fields:
        by_instrument[score_field.instrument_id].append((score_field, cut_offs_of(score_field)))
    result: dict[int, Tally] = defaultdict(Tally)
    for subject, before in found.baseline.items():
        after = found.follow_up.get(subject)
        paired = after is not None and after.on >= before.on
        for score_field, cut_offs in by_instrument[subject[1]]:
            if score_field.pk not in before.scores:
                continue
            if (
                paired
                and after is not None
                and f.date_from <= after.on <= f.date_to
                and (score_field.pk in after.scores)
            ):
                _add_pair(result[score_field.pk], score_field, cut_offs, before, after)
    for score_field_pk, n in missing.items():
        result[score_field_pk].missing = n
    return result


def _mean(values: list[Decimal]) -> float | None:
    return round(float(sum(values) / len(values)), 2) if values else None


def _direction(score_field: ScoreField, change: float | None) -> str:
    better = "higher" if score_field.direction == ScoreField.Direction.HIGHER_BETTER else "lower"
    if change is None:
        return ""
    if change == 0:
        return f"No change ({better} is better)"
    improved = (change > 0) == (better == "higher")
    return f"{'Improved' if improved else 'Worsened'} ({better} is better)"


def _row(score_field: ScoreField, tally: Tally) -> Row:
    base, follow = _mean(tally.baselines), _mean(tally.follow_ups)
    n = len(tally.baselines)
    change = round(follow - base, 2) if base is not None and follow is not None else None
    has_cut = bool(score_field.cut_offs.all())
    instrument = score_field.instrument.name.split(" (")[0]
    return Row(
        f"{instrument}: {score_field.name}",
        {
            "pairs": n,
            "mean_baseline": base,
            "mean_follow_up": follow,
            "mean_change": change,
            "direction": _direction(score_field, change),
            "improved": tally.improved,
            "improved_share": rate(tally.improved, n),
            "of_concern": tally.of_concern if has_cut else None,
            "crossed": tally.crossed if has_cut else None,
            "crossed_share": rate(tally.crossed, tally.of_concern) if has_cut else None,
            "missing": tally.missing,
        },
    )


PAIRED_COLUMNS = [
    Column(
        "pairs",
        "Pairs",
        COUNT,
        "Baseline and follow-up pairs with this score whose follow-up is dated in the period.",
    ),
    Column("mean_baseline", "Mean baseline", SCORE, "Mean of the pairs' baselines.", ("pairs",)),
    Column("mean_follow_up", "Mean follow-up", SCORE, "Mean of the pairs' follow-ups.", ("pairs",)),
    Column(
        "mean_change",
        "Mean change",
        SCORE,
        "Mean follow-up minus mean baseline (a negative change is a fall).",
        ("pairs",),
    ),
    Column(
        "direction",
        "Direction",
        TEXT,
        "Whether the mean change is an improvement: up when higher is better, down when higher "
        "is worse.",
        ("pairs",),
    ),
    Column(
        "improved",
        "Improved",
        COUNT,
        "Pairs whose follow-up is better than their baseline in the score's direction (an "
        "equal score is not an improvement).",
    ),
    Column(
        "improved_share",
        "Share improved",
        RATE,
        "Improved ÷ pairs, as a percentage.",
        ("improved", "pairs"),
    ),
    Column(
        "of_concern",
        "Of concern at baseline",
        COUNT,
        "Pairs whose baseline is at or beyond the score's cut-off for the child's age on the "
        "baseline date (at or above it when higher is worse, at or below it when higher is "
        "better); empty for a score without cut-offs.",
    ),
    Column(
        "crossed",
        "Moved out of concern",
        COUNT,
        "Of those, the pairs whose follow-up is on the good side of the cut-off for the child's "
        "age on the follow-up date.",
    ),
    Column(
        "crossed_share",
        "Share moved out",
        RATE,
        "Moved out of concern ÷ of concern at baseline, as a percentage.",
        ("crossed", "of_concern"),
    ),
    Column(
        "missing",
        "Missing follow-ups",
        COUNT,
        "Live baselines with this score, of cases closed in the period, with no live follow-up "
        "of the same subject on or after them (whatever its date).",
    ),
]


def paired_change(user: User, f: ReportFilter) -> Table:
    """The paired-change table: one row per score field with a pair or a missing follow-up."""
    fields = score_fields()
    found = tallies(read_subjects(user, f), f, fields, missing_by_score_field(user, f))
    return Table(
        slug="paired-change",
        title="Paired change from baseline to follow-up",
        definition=(
            "Per instrument and score: a pair is the earliest live (not voided) baseline and "
            "the latest live follow-up of the same case, instrument and subject (the child, the "
            "classroom, the teacher by initials, or the program), the follow-up dated on or "
            "after the baseline. A pair counts in the period its follow-up is dated in; a score "
            "counts when both ends have it. Cases by their site's county and their consultant."
        ),
        row_header="Instrument: score",
        columns=PAIRED_COLUMNS,
        rows=[_row(sf, found[sf.pk]) for sf in fields if sf.pk in found],
    )
