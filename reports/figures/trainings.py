"""Trainings delivered to childcare staff (workforce development): trainings, hours, staff and
sites reached, by county and by month; and each consultant's hours, visits apart from trainings.

Two queries: one row per training and site it reached (with the training's figures and its
consultant's name), and the visits' count and minutes per consultant. The filters are the
report's: the period applies to the training's date, county and site type to the sites it
reached (a training counts when any of its sites matches, and only matching sites are counted
as reached), consultant to who delivered it; the scope is the consultant's (core.scope)."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from accounts.models import User
from consultation.models import Training
from core.scope import scoped
from reports.figures.sql import VISITS, ReportFilter, records
from reports.periods import months_between
from reports.tables import COUNT, HOURS, Column, Row, Table

SitesLink = Training.sites.through

COLUMNS = [
    Column("trainings", "Trainings", COUNT, "Trainings delivered in the period."),
    Column(
        "hours",
        "Hours",
        HOURS,
        "The sum of those trainings' lengths, in hours.",
        basis=("trainings",),
    ),
    Column(
        "staff_reached",
        "Staff reached",
        COUNT,
        "Attendances of childcare staff (teachers, directors and other staff) at those "
        "trainings: a person at two trainings counts twice.",
    ),
    Column(
        "sites_reached",
        "Sites reached",
        COUNT,
        "Distinct sites whose staff attended at least one of those trainings.",
    ),
]


@dataclass
class Group:
    trainings: set[int] = field(default_factory=set)
    minutes: int = 0
    staff: int = 0
    sites: set[int] = field(default_factory=set)

    def add(self, training: int, minutes: int, staff: int, site: int) -> None:
        if training not in self.trainings:
            self.trainings.add(training)
            self.minutes += minutes
            self.staff += staff
        self.sites.add(site)

    def values(self) -> dict[str, Any]:
        return {
            "trainings": len(self.trainings),
            "hours": round(self.minutes / 60, 2),
            "staff_reached": self.staff,
            "sites_reached": len(self.sites),
        }


def site_links(user: User, f: ReportFilter) -> QuerySet:
    """One row per training in the filter and site it reached that matches the filter. A
    voided training (recorded in error) counts nowhere."""
    trainings = scoped(Training.objects.all(), user).filter(
        delivered_on__gte=f.date_from, delivered_on__lte=f.date_to, is_void=False
    )
    if f.consultant is not None:
        trainings = trainings.filter(consultant=f.consultant)
    sites = Q()
    if f.county is not None:
        sites &= Q(site__county=f.county)
    if f.site_type:
        sites &= Q(site__site_type=f.site_type)
    return (
        SitesLink.objects.filter(sites, training__in=trainings.values("pk"))
        .order_by()
        .values_list(
            "training_id",
            "training__delivered_on",
            "training__minutes",
            "training__teachers",
            "training__directors",
            "training__other_staff",
            "site_id",
            "site__county__name",
            "training__consultant_id",
            "training__consultant__first_name",
            "training__consultant__last_name",
            "training__consultant__username",
        )
    )


def _name(first: str, last: str, username: str) -> str:
    return f"{first} {last}".strip() or username


def _table(
    slug: str, title: str, definition: str, header: str, rows: list[tuple[str, Group]], total: Group
) -> Table:
    return Table(
        slug=slug,
        title=title,
        definition=definition,
        row_header=header,
        columns=COLUMNS,
        rows=[Row(label, group.values()) for label, group in rows],
        total=Row("Total", total.values()),
    )


def tables(user: User, f: ReportFilter) -> list[Table]:
    total = Group()
    by_county: dict[str, Group] = defaultdict(Group)
    by_month: dict[Any, Group] = defaultdict(Group)
    training_minutes: dict[int, dict[int, int]] = defaultdict(dict)
    names: dict[int, str] = {}
    for pk, day, minutes, teachers, directors, other, site, county, who, *name in site_links(
        user, f
    ):
        staff = teachers + directors + other
        for group in (total, by_county[county], by_month[day.replace(day=1)]):
            group.add(pk, minutes, staff, site)
        training_minutes[who][pk] = minutes
        names[who] = _name(*name)
    months = months_between(f.date_from, f.date_to)
    return [
        _table(
            "trainings-by-county",
            "Trainings delivered by county",
            "Trainings of childcare staff in the period, by the county of the sites reached. "
            "A training reaching sites in several counties counts in each, so the counties "
            "may add up to more than the total.",
            "County",
            sorted(by_county.items()),
            total,
        ),
        _table(
            "trainings-by-month",
            "Trainings delivered by month",
            "Trainings of childcare staff in the period, by the month they were delivered.",
            "Month",
            [(f"{month:%Y-%m}", by_month.get(month, Group())) for month in months],
            total,
        ),
        hours_by_consultant(user, f, training_minutes, names),
    ]


def hours_by_consultant(
    user: User, f: ReportFilter, training_minutes: dict[int, dict[int, int]], names: dict[int, str]
) -> Table:
    """Each consultant's hours: visits and trainings apart, then together."""
    visits = (
        records(VISITS, user, f)
        .values(
            "consultant", "consultant__first_name", "consultant__last_name", "consultant__username"
        )
        .annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
    )
    found: dict[int, dict[str, Any]] = defaultdict(lambda: {"visits": 0, "visit_minutes": 0})
    for row in visits:
        who = row["consultant"]
        found[who].update(visits=row["n"], visit_minutes=row["minutes"] or 0)
        names[who] = _name(
            row["consultant__first_name"], row["consultant__last_name"], row["consultant__username"]
        )
    for who in training_minutes:  # a consultant with trainings and no visits gets a row too
        found.setdefault(who, {"visits": 0, "visit_minutes": 0})
    rows, all_minutes = [], {"visit_hours": 0, "training_hours": 0, "hours": 0}
    for who in sorted(found, key=lambda pk: (names[pk], pk)):
        trained = training_minutes.get(who, {})
        visit_minutes, train_minutes = found[who]["visit_minutes"], sum(trained.values())
        all_minutes["visit_hours"] += visit_minutes
        all_minutes["training_hours"] += train_minutes
        all_minutes["hours"] += visit_minutes + train_minutes
        rows.append(
            Row(
                names[who],
                {
                    "visits": found[who]["visits"],
                    "visit_hours": round(visit_minutes / 60, 2),
                    "trainings": len(trained),
                    "training_hours": round(train_minutes / 60, 2),
                    "hours": round((visit_minutes + train_minutes) / 60, 2),
                },
            )
        )
    total: dict[str, Any] = {key: round(n / 60, 2) for key, n in all_minutes.items()}
    total["visits"] = sum(row.values["visits"] for row in rows)
    total["trainings"] = sum(row.values["trainings"] for row in rows)
    return Table(
        slug="hours-by-consultant",
        title="Consultants' hours, visits and trainings",
        definition="Each consultant's visits and trainings in the period and their hours, "
        "apart and together.",
        row_header="Consultant",
        columns=CONSULTANT_COLUMNS,
        rows=rows,
        total=Row("Total", total),
    )


CONSULTANT_COLUMNS = [
    Column("visits", "Visits", COUNT, "Visits the consultant made in the period."),
    Column("visit_hours", "Visit hours", HOURS, "The sum of those visits' durations.", ("visits",)),
    COLUMNS[0],
    Column(
        "training_hours",
        "Training hours",
        HOURS,
        "The sum of the lengths of the trainings the consultant delivered in the period.",
        ("trainings",),
    ),
    Column(
        "hours",
        "All hours",
        HOURS,
        "Visit hours and training hours together.",
        ("visits", "trainings"),
    ),
]
