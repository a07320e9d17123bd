"""Missing follow-ups: the one definition behind the paired change's "missing follow-ups"
count and the lead's list of cases with a baseline and no follow-up.

A missing follow-up is the earliest live (not voided) baseline of a subject (the same case,
instrument, child, classroom and teacher initials) of a case closed in the period, with no live
follow-up of that subject dated on or after it (whatever its date). Both are one query in the
database: two NOT EXISTS subqueries, answered by the administrations' (case, date) index, on
PostgreSQL and SQLite alike. The figure counts the baselines' scores by score field; the list
reads a page of the baselines, soonest due first, with only the columns the page shows."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import DateField, Exists, F, Func, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Trim, Upper
from django.utils.translation import gettext

from accounts.models import User
from consultation.models import Administration, ConsultationCase, Instrument
from reports.figures.sql import ReportFilter, Source, records

Point = Administration.Point

ADMINISTRATIONS = Source(
    Administration,
    "administered_on",
    "case__site",
    Q(is_void=False, case__is_archived=False),
    "case__consultant",
)


def _initials(prefix: str = "") -> Upper:
    return Upper(Trim(f"{prefix}teacher_initials"))


def _same_subject() -> Q:
    """Live administrations of the outer one's subject: its case and instrument, the same child
    and classroom (null-safe: a teacher's measure has no child), initials trimmed, any case."""
    return Q(
        is_void=False,
        case_id=OuterRef("case_id"),
        instrument_id=OuterRef("instrument_id"),
        child_key=Coalesce(OuterRef("child_id"), Value(0)),
        classroom_key=Coalesce(OuterRef("classroom_id"), Value(0)),
        initials_key=_initials_of_outer(),
    )


def _initials_of_outer() -> Upper:
    return Upper(Trim(OuterRef("teacher_initials")))


def _subject_rows() -> QuerySet[Administration]:
    return Administration.objects.annotate(
        child_key=Coalesce("child_id", Value(0)),
        classroom_key=Coalesce("classroom_id", Value(0)),
        initials_key=_initials(),
    ).order_by()


def missing_baselines(user: User, f: ReportFilter) -> QuerySet[Administration]:
    """The baselines still waiting for their follow-up, in the user's scope and the filter."""
    same = _same_subject()
    earlier_baseline = _subject_rows().filter(
        same,
        Q(administered_on__lt=OuterRef("administered_on"))
        | Q(administered_on=OuterRef("administered_on"), pk__lt=OuterRef("pk")),
        point=Point.BASELINE,
    )
    follow_up = _subject_rows().filter(
        same, point=Point.FOLLOW_UP, administered_on__gte=OuterRef("administered_on")
    )
    return (
        records(ADMINISTRATIONS, user, f, in_period=False)
        .filter(
            point=Point.BASELINE,
            case__status=ConsultationCase.Status.CLOSED,
            case__closed_on__gte=f.date_from,
            case__closed_on__lte=f.date_to,
        )
        .filter(~Exists(earlier_baseline), ~Exists(follow_up))
    )


class AddDays(Func):
    """A date plus a number of days, in SQL: `date + integer` on PostgreSQL, date() on SQLite."""

    output_field = DateField()

    def as_sql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:  # type: ignore[override]
        return super().as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" + ", **extra_context
        )

    def as_sqlite(self, compiler, connection, **extra_context):  # type: ignore[no-untyped-def]
        return super().as_sql(
            compiler,
            connection,
            template="date(%(expressions)s || ' days')",
            arg_joiner=", '+' || ",
            **extra_context,
        )


@dataclass(frozen=True)
class MissingFollowUp:
    """One row of the lead's list, as the page shows it."""

    case_uuid: str
    site: str
    instrument: str
    subject: str  # the child, the classroom, the teacher's initials, or the program
    baseline_on: date
    closed_on: date
    due_by: date
    overdue: bool
    consultant: str


LIST_COLUMNS = {
    "case_uuid": F("case__uuid"),
    "site": F("case__site__name"),
    "instrument_name": F("instrument__name"),
    "rates": F("instrument__rates"),
    "first_name": F("case__child__first_name"),
    "last_initial": F("case__child__last_initial"),
    "room": F("case__classroom__name"),
    "closed_on": F("case__closed_on"),
    "consultant_first": F("case__consultant__first_name"),
    "consultant_last": F("case__consultant__last_name"),
    "consultant_username": F("case__consultant__username"),
}


def missing_list(user: User, f: ReportFilter) -> QuerySet:
    """The lead's list as value rows, soonest due first (due by the case's closing date plus
    the instrument's follow-up window): page it, then `missing_rows` a page."""
    due_by = AddDays("case__closed_on", "instrument__follow_up_window_days")
    return (
        missing_baselines(user, f)
        .annotate(due_by=due_by)
        .order_by("due_by", "case_id", "instrument__sort_order", "pk")
        .values("administered_on", "teacher_initials", "due_by", **LIST_COLUMNS)
    )


def _subject(row: dict) -> str:
    if row["rates"] == Instrument.Rates.CHILD and row["first_name"] is not None:
        return f"{row['first_name']} {row['last_initial']}."
    if row["rates"] == Instrument.Rates.TEACHER:
        initials = row["teacher_initials"].strip().upper()
        return (
            gettext("Teacher %(initials)s") % {"initials": initials}
            if initials
            else gettext("Teacher")
        )
    if row["rates"] == Instrument.Rates.CLASSROOM and row["room"] is not None:
        return row["room"]
    return gettext("The program")


def missing_rows(rows: list[dict], *, today: date) -> list[MissingFollowUp]:
    result = []
    for row in rows:
        consultant = f"{row['consultant_first']} {row['consultant_last']}".strip()
        result.append(
            MissingFollowUp(
                case_uuid=row["case_uuid"],
                site=row["site"],
                instrument=row["instrument_name"],
                subject=_subject(row),
                baseline_on=row["administered_on"],
                closed_on=row["closed_on"],
                due_by=row["due_by"],
                overdue=row["due_by"] < today,
                consultant=consultant or row["consultant_username"],
            )
        )
    return result


def missing_follow_ups(user: User, f: ReportFilter, *, today: date) -> list[MissingFollowUp]:
    return missing_rows(list(missing_list(user, f)), today=today)
