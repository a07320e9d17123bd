"""Reflective supervision hours per consultant per month: the minutes of each session count
for every consultant in it (a group session counts for each). Program leads see these hours,
never the sessions' notes; a supervisor sees their team's."""

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth

from accounts.models import User
from consultation.models import SupervisionSession
from core.scope import consultant_scope
from reports.figures.sql import ReportFilter
from reports.pseudonyms import consultant_code
from reports.tables import COUNT, HOURS, Column, Row, Table

Attendance = SupervisionSession.consultants.through

COLUMNS = [
    Column("sessions", "Sessions", COUNT, "Supervision sessions the consultant took part in."),
    Column(
        "hours",
        "Hours",
        HOURS,
        "Sum of those sessions' minutes, in hours (a group session counts for each consultant).",
        basis=("sessions",),
    ),
]


def _attendance(user: User, f: ReportFilter) -> QuerySet:
    """One row per consultant and month: their sessions and minutes, one query."""
    rows = Attendance.objects.filter(
        supervisionsession__held_on__gte=f.date_from, supervisionsession__held_on__lte=f.date_to
    )
    scope = consultant_scope(user, "user")
    if scope is not None:
        rows = rows.filter(scope)
    if f.consultant is not None:
        rows = rows.filter(user=f.consultant)
    return (
        rows.annotate(month=TruncMonth("supervisionsession__held_on"))
        .values(  # type: ignore[misc]  # "month" is the annotation above
            "user__uuid", "user__first_name", "user__last_name", "user__username", "month"
        )
        .annotate(sessions=Count("supervisionsession"), minutes=Sum("supervisionsession__minutes"))
        .order_by("user__first_name", "user__last_name", "user__username", "month")
    )


def _name(row: dict) -> str:
    full = f"{row['user__first_name']} {row['user__last_name']}".strip()
    return full or row["user__username"]


def supervision_hours(user: User, f: ReportFilter) -> Table:
    found = list(_attendance(user, f))
    rows = [
        Row(
            f"{_name(r)}, {r['month']:%Y-%m}",
            {"sessions": r["sessions"], "hours": round(r["minutes"] / 60, 2)},
        )
        for r in found
    ]
    total = Row(
        "Total",
        {
            "sessions": sum(r["sessions"] for r in found),
            "hours": round(sum(r["minutes"] for r in found) / 60, 2),
        },
    )
    return Table(
        slug="supervision-hours",
        title="Reflective supervision hours by consultant and month",
        definition=(
            "Reflective supervision sessions held in the period, by consultant and month: the "
            "sessions each consultant took part in and the sum of their minutes, in hours. A "
            "group session counts for every consultant in it, once in the total of sessions per "
            "consultant; the total row adds the rows. County and site type do not apply. Names "
            "are for staff: public exports show a consultant code instead."
        ),
        row_header="Consultant, month",
        columns=COLUMNS,
        rows=rows,
        total=total,
        public_labels=[f"{consultant_code(r['user__uuid'])}, {r['month']:%Y-%m}" for r in found],
    )
