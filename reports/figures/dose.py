"""Dose figures: hours per closed case against its focus's target, and hours in the classroom
apart from hours meeting (consultation.dose holds the rules and their settings)."""

from collections import defaultdict

from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Sum, Value, When
from django.db.models.fields import CharField

from accounts.models import User
from consultation.dose import classroom_activities, dose_met, dose_target
from consultation.models import ConsultationCase, Visit
from reports.figures.definitions import percentile, rate
from reports.figures.rounding import HOURS_ROUNDING, add_up, hours
from reports.figures.sql import CASES_CLOSED, VISITS, ReportFilter, records
from reports.tables import COUNT, HOURS, RATE, Column, Row, Table

DOSE_COLUMNS = [
    Column("closed", "Cases closed", COUNT, "Cases closed in the period."),
    Column(
        "median_hours",
        "Median hours per case",
        HOURS,
        "Median of the hours of each of those cases: the durations of all its visits (voided "
        "ones excluded), whoever logged them, rounded to two decimals.",
        basis=("closed",),
    ),
    Column(
        "met",
        "Met the dose",
        COUNT,
        "Of those cases, the ones whose hours reached the target hours of their focus (in the "
        "row's label; a setting).",
    ),
    Column(
        "met_share",
        "Share met",
        RATE,
        "Met the dose ÷ cases closed, as a percentage.",
        basis=("met", "closed"),
    ),
]


def _focus_label(focus: ConsultationCase.Focus) -> str:
    target = dose_target(focus.value)
    return (
        f"{focus.label} (target {target[0]:g} h in {target[1]} weeks)"
        if target
        else str(focus.label)
    )


def dose_by_focus(user: User, f: ReportFilter) -> Table:
    """Closed cases by focus: how many, their median hours, and how many met the dose. One
    query: one row per case closed in the period, with its minutes."""
    cases = records(CASES_CLOSED, user, f).annotate(
        minutes=Sum("visits__duration_minutes", filter=Q(visits__is_archived=False))
    )
    by_focus: dict[str, list[int]] = defaultdict(list)
    met: dict[str, int] = defaultdict(int)
    for focus, minutes in cases.values_list("focus", "minutes"):
        by_focus[focus].append(minutes or 0)
        met[focus] += bool(dose_met(minutes, focus))
    rows = [
        _row(_focus_label(focus), by_focus[focus.value], met[focus.value])
        for focus in ConsultationCase.Focus
    ]
    every = [m for values in by_focus.values() for m in values]
    return Table(
        slug="dose-by-focus",
        title="Dose, hours per closed case by focus",
        definition=(
            "Cases closed in the period, their median hours and the share that met the dose "
            "target of their focus."
        ),
        row_header="Focus",
        columns=DOSE_COLUMNS,
        rows=rows,
        total=_row("Total", every, sum(met.values())),
    )


def _row(label: str, minutes: list[int], met: int) -> Row:
    median = percentile(minutes, 0.5)
    return Row(
        label,
        {
            "closed": len(minutes),
            # The median of whole minutes can fall halfway between two: rounded to the minute.
            "median_hours": None if median is None else hours(int(median + 0.5)),
            "met": met,
            "met_share": rate(met, len(minutes)),
        },
    )


CLASSROOM, MEETING, BOTH, UNRECORDED = "classroom", "meeting", "both", "unrecorded"
SETTING_LABELS = {
    CLASSROOM: "In the classroom",
    MEETING: "Meeting (teachers, families, staff)",
    BOTH: "Both in one visit",
    UNRECORDED: "No activity recorded",
}


def _setting(visits: QuerySet) -> QuerySet:
    """Each visit's setting: classroom time, meeting time, both, or none recorded."""
    links = Visit.activities.through.objects.filter(visit_id=OuterRef("pk"))
    names = classroom_activities()
    in_classroom = Exists(links.filter(activity__name__in=names))
    other = Exists(links.exclude(activity__name__in=names))
    on_site = Q(mode=Visit.Mode.ON_SITE)
    return visits.annotate(
        setting=Case(
            When(~on_site, then=Value(MEETING)),
            When(in_classroom & other, then=Value(BOTH)),
            When(in_classroom, then=Value(CLASSROOM)),
            When(other, then=Value(MEETING)),
            default=Value(UNRECORDED),
            output_field=CharField(),
        )
    )


def hours_by_setting(user: User, f: ReportFilter) -> Table:
    """Visits and hours in the classroom apart from meeting time: one query."""
    found = {
        row["setting"]: row
        for row in _setting(records(VISITS, user, f))
        .values("setting")
        .annotate(visits=Count("pk"), minutes=Sum("duration_minutes"))
        .order_by()
    }
    rows = [
        Row(
            label,
            {
                "visits": found.get(key, {}).get("visits", 0),
                "hours": hours(found.get(key, {}).get("minutes")),
            },
        )
        for key, label in SETTING_LABELS.items()
    ]
    names = ", ".join(classroom_activities())
    return Table(
        slug="hours-by-setting",
        title="Hours in the classroom and in meetings",
        definition=(
            f"Visits in the period by where the time went. In the classroom: an on-site visit "
            f"with a classroom activity ({names}) and no other. Meeting: a virtual or phone "
            f"visit, or an on-site visit with other activities only. Both: an on-site visit "
            f"with activities of each kind. {HOURS_ROUNDING}"
        ),
        row_header="Setting",
        columns=[
            Column("visits", "Visits", COUNT, "Visits dated in the period."),
            Column(
                "hours",
                "Hours",
                HOURS,
                "Sum of those visits' durations, in hours.",
                basis=("visits",),
            ),
        ],
        rows=rows,
        total=Row(
            "Total",
            {
                "visits": sum(r.values["visits"] for r in rows),
                "hours": add_up(r.values["hours"] for r in rows),
            },
        ),
    )
