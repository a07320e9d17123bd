"""The equity figures: for each demographic group, its share of child-focused cases, its share
of exclusion events, and its risk ratio (the group's events per case over all other children's).

Groups are the answers of one demographic question, so each table's groups add up to all the
children: race as recorded (one race, two or more races, declined, not recorded), ethnicity,
gender, IEP or IFSP, dual-language learner. A group with fewer children than the small-cell
threshold is never shown by name: such groups are combined into one row, without a risk ratio,
and the public export suppresses that row's small counts and their complements like any other.

By county and period like the other outcome figures: over several counties, each county's
block comes first (its groups named by its own children, risk ratios against its other
children, then the county's row), then the groups of all counties; the public variant
suppresses along each line that adds up (reports.tables.Line), so a small group of one
county cannot be had by subtracting the other counties from the state's row.

The cases and events are those of the exclusion figures (reports.figures.outcomes), read once
for both."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from accounts.models import User
from consultation.models import DECLINED, NOT_RECORDED, ChildDemographics, Race
from reports.figures.definitions import rate
from reports.figures.outcomes import Served, served_with_events
from reports.figures.sql import ReportFilter
from reports.tables import COUNT, RATE, Column, Line, Row, Table

RATIO = "ratio"  # a plain number (1.85), neither a count nor a percentage
D = "child__demographics__"
FIELDS = ["child_id", f"{D}races", f"{D}ethnicity", f"{D}gender", f"{D}iep_ifsp"]
FIELDS += [f"{D}dual_language"]


def _race_group(races: list[str] | None) -> str:
    if not races:
        return "Not recorded"
    if races == [DECLINED]:
        return "Declined to say"
    if len(races) > 1:
        return "Two or more races"
    return str(dict(Race.choices).get(races[0], "Not recorded"))


def _choice_group(choices: Any) -> Callable[[Any], str]:
    labels = dict(choices.choices)
    return lambda value: labels.get(value or NOT_RECORDED, "Not recorded")


@dataclass(frozen=True)
class Question:
    slug: str
    title: str
    group_of: Callable[[Any], str]
    column: str
    order: list[str] = field(default_factory=list)


QUESTIONS = [
    Question(
        "equity-race",
        "race",
        _race_group,
        f"{D}races",
        [str(label) for _, label in Race.choices]
        + ["Two or more races", "Declined to say", "Not recorded"],
    ),
    *(
        Question(
            f"equity-{slug}",
            title,
            _choice_group(choices),
            f"{D}{name}",
            [str(label) for value, label in choices.choices if value != NOT_RECORDED]
            + ["Not recorded"],
        )
        for slug, title, name, choices in (
            ("ethnicity", "ethnicity", "ethnicity", ChildDemographics.Ethnicity),
            ("gender", "gender", "gender", ChildDemographics.Gender),
            ("iep-ifsp", "IEP or IFSP", "iep_ifsp", ChildDemographics.Plan),
            ("dual-language", "dual-language learner", "dual_language", ChildDemographics.YesNo),
        )
    ),
]

COLUMNS = [
    Column("children", "Children", COUNT, "Distinct children of the child-focused cases."),
    Column("cases", "Cases", COUNT, "Child-focused cases open on any day of the period."),
    Column(
        "cases_share",
        "Share of cases",
        RATE,
        "The group's cases ÷ all child-focused cases, as a percentage.",
        basis=("cases",),
    ),
    Column("events", "Exclusion events", COUNT, "Exclusion events dated in the period."),
    Column(
        "events_share",
        "Share of events",
        RATE,
        "The group's exclusion events ÷ all exclusion events, as a percentage.",
        basis=("events",),
    ),
    Column(
        "risk_ratio",
        "Risk ratio",
        RATIO,
        "The group's events per case ÷ the events per case of all other children's cases. "
        "1 is parity; 2 means twice the rate of the others. Blank when either side has no "
        "cases, the others have no events, or the row combines small groups.",
        basis=("children", "cases", "events"),
    ),
]


def risk_ratio(events: int, cases: int, other_events: int, other_cases: int) -> float | None:
    """(events ÷ cases) ÷ (other events ÷ other cases), to two places; None when undefined."""
    if not cases or not other_cases or not other_events:
        return None
    return round((events / cases) / (other_events / other_cases), 2)


@dataclass
class _Counts:
    children: set[int] = field(default_factory=set)
    cases: int = 0
    events: int = 0


def _counts(question: Question, cases: list[dict], events: dict[int, int]) -> dict[str, _Counts]:
    groups: dict[str, _Counts] = defaultdict(_Counts)
    for case in cases:
        counts = groups[question.group_of(case[question.column])]
        counts.children.add(case["child_id"])
        counts.cases += 1
        counts.events += events.get(case["pk"], 0)
    return groups


def _row(label: str, counts: _Counts, all_cases: int, all_events: int, ratio: bool) -> Row:
    return Row(
        label,
        {
            "children": len(counts.children),
            "cases": counts.cases,
            "cases_share": rate(counts.cases, all_cases),
            "events": counts.events,
            "events_share": rate(counts.events, all_events),
            "risk_ratio": risk_ratio(
                counts.events, counts.cases, all_events - counts.events, all_cases - counts.cases
            )
            if ratio
            else None,
        },
    )


@dataclass
class _Block:
    """One set of cases' rows: its named groups (label -> row), the small groups combined (or
    None when no child is in them), and the counts of the whole set."""

    named: dict[str, Row]
    combined: Row | None
    everyone: _Counts

    def rows(self) -> list[Row]:
        return [*self.named.values(), *([self.combined] if self.combined else [])]


def _block(
    question: Question, cases: list[dict], events: dict[int, int], threshold: int, prefix: str
) -> _Block:
    """Groups of `threshold` children or more by name, with their risk ratio against the set's
    other children; the others combined into one row, without a ratio."""
    groups = _counts(question, cases, events)
    all_cases = len(cases)
    all_events = sum(events.get(case["pk"], 0) for case in cases)
    named, small = {}, _Counts()
    for label in question.order:
        counts = groups.get(label, _Counts())
        if len(counts.children) >= threshold:
            named[label] = _row(f"{prefix}{label}", counts, all_cases, all_events, ratio=True)
        else:
            small.children |= counts.children
            small.cases += counts.cases
            small.events += counts.events
    combined = None
    if small.children:
        label = f"{prefix}Groups of fewer than {threshold} children, combined"
        combined = _row(label, small, all_cases, all_events, ratio=False)
    everyone = _Counts({case["child_id"] for case in cases}, all_cases, all_events)
    return _Block(named, combined, everyone)


def _blocks_by_county(
    question: Question, cases: list[dict], events: dict[int, int], threshold: int, whole: _Block
) -> tuple[list[Row], list[Line]]:
    """Each county's block (its groups, then the county's row of all its children), then the
    groups of all counties; with every line that adds up, for the public variant: a county's
    groups to its row, the counties' rows to the total, the groups of all counties to the total,
    and each named group's county rows to its row of all counties (partial where the group is
    combined in some county)."""
    by_county: dict[str, list[dict]] = defaultdict(list)
    for case in cases:
        by_county[case["county"]].append(case)
    rows: list[Row] = []
    lines: list[Line] = []
    subtotals: list[int] = []
    group_rows: dict[str, list[int]] = defaultdict(list)
    for county in sorted(c for c in by_county if c is not None):
        block = _block(question, by_county[county], events, threshold, f"{county}: ")
        first = len(rows)
        for label in block.named:
            group_rows[label].append(first + list(block.named).index(label))
        rows += block.rows()
        label = gettext("%(county)s: all children") % {"county": county}
        everyone = block.everyone
        rows.append(_row(label, everyone, everyone.cases, everyone.events, ratio=False))
        subtotals.append(len(rows) - 1)
        lines.append(Line(tuple(range(first, len(rows) - 1)), len(rows) - 1))
    first = len(rows)
    rows += whole.rows()
    total_at = len(rows)
    lines.append(Line(tuple(range(first, total_at)), total_at))
    lines.append(Line(tuple(subtotals), total_at))
    for offset, label in enumerate(whole.named):
        lines.append(Line(tuple(group_rows[label]), first + offset, partial=True))
    return rows, lines


def equity_table(
    question: Question, cases: list[dict], events: dict[int, int], threshold: int
) -> Table:
    """One question's groups, by county when the cases are in several counties."""
    whole = _block(question, cases, events, threshold, "")
    everyone = whole.everyone
    total = _row("Total", everyone, everyone.cases, everyone.events, ratio=False)
    definition = (
        f"Children of child-focused cases open in the period, by {question.title} as "
        "recorded on the child's record (optional; not recorded unless the family said). "
        f"Groups of fewer than {threshold} children are combined and never named."
    )
    rows, lines = whole.rows(), None
    if len({case["county"] for case in cases}) > 1:
        rows, lines = _blocks_by_county(question, cases, events, threshold, whole)
        definition += " " + gettext(
            "By county: each county's groups first, named when the county has at least "
            "%(threshold)s children in them, with the risk ratio against the county's other "
            "children; then the county's row of all its children. The groups of all counties "
            "follow, above the total."
        ) % {"threshold": threshold}
    return Table(
        slug=question.slug,
        title=f"Equity of exclusion events by {question.title}",
        definition=definition,
        row_header=question.title.capitalize(),
        columns=COLUMNS,
        rows=rows,
        total=total,
        lines=lines,
    )


def served_for_equity(user: User, f: ReportFilter) -> Served:
    """The served cases with their child's answers, and their events (two queries)."""
    return served_with_events(user, f, *FIELDS)


def equity_tables(served: Served, *, threshold: int) -> list[Table]:
    """The five equity tables."""
    events = {case: n for case, (n, _days) in served.events.items()}
    return [equity_table(question, served.cases, events, threshold) for question in QUESTIONS]
