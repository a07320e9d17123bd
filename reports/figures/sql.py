"""The SQL side of the figures: the filter, where each kind of record keeps its date, site and
consultant, and the one query that aggregates every base several ways.

Scope: program leads and superusers see everything; a supervisor sees the work of the
consultants they supervise (core.scope, the same rule every list of the app uses), counted by
who did the work: a visit stays in the figures of the consultant who made it when its case is
reassigned, though its record follows the case. Filters: the
period applies to the date that makes each record count (visit date, case opened or closed, goal
set, referral sent); county and site type are the site's; consultant is the one who did the
work."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Case, IntegerField, Model, Q, QuerySet, Value, When
from django.db.models.functions import Cast, ExtractMonth, ExtractYear

from accounts.models import User
from consultation.models import ConsultationCase, County, ObservedConcern, PyramidGoal, Visit
from core.scope import scoped
from referrals.models import Referral

TOTAL = "total"


def user_may_see_reports(user: User) -> bool:
    return user.is_active and (user.sees_everything or user.is_supervisor)


@dataclass(frozen=True)
class ReportFilter:
    date_from: date
    date_to: date
    county: County | None = None
    consultant: User | None = None
    site_type: str = ""

    def as_record(self) -> dict[str, Any]:
        """The filters as plain data, for the export log."""
        return {
            "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(),
            "county": self.county.name if self.county else "",
            "consultant": self.consultant.username if self.consultant else "",
            "site_type": self.site_type,
        }


@dataclass(frozen=True)
class Source:
    """Where a kind of record keeps the fields the filters and breakdowns use."""

    model: type[Model]
    date: str
    site: str
    base: Q
    # The path to the consultant who did the work (the filter, the breakdown and the scope).
    consultant: str


VISITS = Source(Visit, "visit_date", "site", Q(is_archived=False), "consultant")
CASES_OPENED = Source(ConsultationCase, "opened_on", "site", Q(is_archived=False), "consultant")
CASES_CLOSED = Source(
    ConsultationCase,
    "closed_on",
    "site",
    Q(is_archived=False, status=ConsultationCase.Status.CLOSED),
    "consultant",
)
CONCERNS = Source(
    ObservedConcern,
    "visit__visit_date",
    "visit__site",
    Q(visit__is_archived=False),
    "visit__consultant",
)
GOALS = Source(PyramidGoal, "set_on", "case__site", Q(case__is_archived=False), "case__consultant")
REFERRALS_SENT = Source(
    Referral,
    "sent_on",
    "case__site",
    Q(case__is_archived=False, sent_on__isnull=False),
    "case__consultant",
)
# Referrals whatever their dates: the overdue follow-ups are counted as of today.
REFERRALS = Source(
    Referral, "follow_up_due", "case__site", Q(case__is_archived=False), "case__consultant"
)


def records(source: Source, user: User, f: ReportFilter, *, in_period: bool = True) -> QuerySet:
    records = scoped(
        source.model._default_manager.filter(source.base), user, path=source.consultant
    )
    if in_period:
        records = records.filter(
            **{f"{source.date}__gte": f.date_from, f"{source.date}__lte": f.date_to}
        )
    if f.county is not None:
        records = records.filter(**{f"{source.site}__county": f.county})
    if f.site_type:
        records = records.filter(**{f"{source.site}__site_type": f.site_type})
    if f.consultant is not None:
        records = records.filter(**{source.consultant: f.consultant})
    return records.order_by()


def quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def count_sql(column: str | None = None, *, distinct: bool = False) -> str:
    """COUNT over a column of an aggregated base (non-null values), or of its rows."""
    if column is None:
        return "COUNT(*)"
    return f"COUNT({'DISTINCT ' if distinct else ''}{quoted(column)})"


def sum_sql(column: str) -> str:
    return f"SUM({quoted(column)})"


# A way of aggregating a base: the keys to group by (SQL over the base's columns; none for the
# whole base) and the named aggregates (SQL, as count_sql and sum_sql write them).
Grouping = tuple[tuple[str, ...], dict[str, str]]


def aggregated(bases: dict[str, tuple[QuerySet, dict[str, Grouping]]]) -> dict[str, dict]:
    """Aggregate several bases, each several ways, in one query, reading each base once.

    A base is a values() queryset with the scope and filters applied; it runs once, as a common
    table expression named after it, and each of its groupings reads that result (so the visits
    of a statewide year are not scanned again for every breakdown). Keys come back as text.
    Returns {base: {grouping: {keys: {aggregate: value}}}}; a grouping without keys has its one
    row, under (), even when the base is empty."""
    n_keys = max(len(keys) for _, groupings in bases.values() for keys, _ in groupings.values())
    n_values = max(len(a) for _, groupings in bases.values() for _, a in groupings.values())
    ctes: list[str] = []
    params: list[Any] = []
    branches: list[str] = []
    for base_name, (base, groupings) in bases.items():
        sql, base_params = base.query.sql_with_params()
        ctes.append(f"{quoted(base_name)} AS ({sql})")
        params.extend(base_params)
        for name, (keys, aggregates) in groupings.items():
            columns = [f"'{base_name}'", f"'{name}'"]
            columns += [f"CAST({key} AS TEXT)" for key in keys]
            columns += ["''"] * (n_keys - len(keys))
            columns += aggregates.values()
            # Typed, so that the branches of the union agree on every database.
            columns += ["CAST(NULL AS BIGINT)"] * (n_values - len(aggregates))
            group_by = f" GROUP BY {', '.join(keys)}" if keys else ""
            branches.append(f"SELECT {', '.join(columns)} FROM {quoted(base_name)}{group_by}")
    found: dict[str, dict] = {
        base_name: {name: {} for name in groupings} for base_name, (_, groupings) in bases.items()
    }
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {', '.join(ctes)} {' UNION ALL '.join(branches)}", params)
        for base_name, name, *row in cursor.fetchall():
            keys, aggregates = bases[base_name][1][name]
            values = dict(zip(aggregates, row[n_keys:], strict=False))
            found[base_name][name][tuple(row[: len(keys)])] = values
    return found


def figure_groupings(**aggregates: str) -> dict[str, Grouping]:
    """The headline figures' groupings: the whole filter, by county and by month (from the
    base's `county` and `month` columns)."""
    return {
        TOTAL: ((), aggregates),
        "county": ((quoted("county"),), aggregates),
        "month": ((quoted("month"),), aggregates),
    }


def month_key(date_field: str) -> Cast:
    """The year and month of a date as one number, 202607, on every database."""
    return Cast(ExtractYear(date_field) * Value(100) + ExtractMonth(date_field), IntegerField())


def month_of_key(key: str) -> date:
    number = int(key)
    return date(number // 100, number % 100, 1)


def flag(condition: Q) -> Case:
    """1 where the condition holds, else NULL: COUNT over it counts the rows that match."""
    return Case(When(condition, then=Value(1)), output_field=IntegerField())
