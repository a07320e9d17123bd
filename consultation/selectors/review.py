"""What a supervisor reviews in the admin: figures per case, and one row per consultant."""

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    Count,
    DateField,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from accounts.models import User
from consultation.models import ConsultationCase, Visit
from consultation.rules import no_contact_since, no_recent_visit
from consultation.selectors.scope import consultants_visible_to


def count_of(queryset: QuerySet, group_by: str) -> Coalesce:
    """A correlated COUNT subquery: one figure per outer row, no join fan-out.

    It counts the grouping column (never null in its group), which an index on it answers
    without reading the rows."""
    counted = queryset.order_by().values(group_by).annotate(n=Count(group_by)).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_review_figures(cases: QuerySet[ConsultationCase], *, today: date) -> QuerySet:
    """The visit figures a supervisor reviews, one subquery each, in the cases query itself
    (referrals.selectors adds the referral figures).

    PostgreSQL works them out only for the rows of the page, unless the page is sorted or
    filtered by one; the last visit is the newest by the (case, visit_date) index, one index
    step a case rather than a MAX over all its visits."""
    visits = Visit.objects.filter(case=OuterRef("pk"), is_archived=False).order_by()
    last_visit = visits.order_by("-visit_date").values("visit_date")[:1]
    minutes_90 = (
        visits.filter(visit_date__gte=today - timedelta(days=90))
        .values("case")
        .annotate(m=Sum("duration_minutes"))
        .values("m")
    )
    return cases.annotate(
        last_visit_on=Subquery(last_visit, output_field=DateField()),
        visit_count=count_of(visits, "case"),
        minutes_last_90=Coalesce(Subquery(minutes_90, output_field=IntegerField()), 0),
    )


# A figure of the team caseload: its key, and a function of the consultants' ids giving value
# rows (consultant_id, kind=key, n, m) grouped by consultant. `n` is the figure; `m`, if the
# figure has a second one (named in TEAM_FIGURES), the other.
FigurePart = Callable[[list[int]], QuerySet]

# Figure key -> the attributes its n and m fill on each consultant.
TEAM_FIGURES: dict[str, tuple[str, str | None]] = {
    "open_cases": ("open_cases", "no_recent_contact"),
    "recent_visits": ("recent_visits", "recent_minutes"),
    "overdue_referrals": ("overdue_referrals", None),
}
TEAM_CASELOAD_ORDERINGS = (
    "name",
    "open_cases",
    "recent_visits",
    "recent_minutes",
    "no_recent_contact",
    "overdue_referrals",
    "oldest_open_on",
)


def _open_cases() -> QuerySet[ConsultationCase]:
    return ConsultationCase.objects.filter(is_archived=False).exclude(
        status=ConsultationCase.Status.CLOSED
    )


def _case_and_visit_parts(today: date) -> list[FigurePart]:
    since = no_contact_since(today)

    def open_cases(ids: list[int]) -> QuerySet:
        return (
            _open_cases()
            .filter(consultant_id__in=ids)
            .order_by()
            .values("consultant_id")
            .annotate(
                kind=Value("open_cases"),
                n=Count("pk"),
                m=Count("pk", filter=no_recent_visit(today)),
            )
        )

    def recent_visits(ids: list[int]) -> QuerySet:
        return (
            Visit.objects.filter(is_archived=False, visit_date__gte=since, consultant_id__in=ids)
            .order_by()
            .values("consultant_id")
            .annotate(kind=Value("recent_visits"), n=Count("pk"), m=Sum("duration_minutes"))
        )

    return [open_cases, recent_visits]


def _ordering(order: str) -> tuple[str, bool, list[str]]:
    """The figure to sort by, whether descending, and the query's own ordering."""
    field = order.removeprefix("-")
    descending = order.startswith("-") and field in TEAM_CASELOAD_ORDERINGS
    if field not in TEAM_CASELOAD_ORDERINGS or field == "name":
        keys = ["first_name", "last_name", "username"]
        return "name", descending, [*(f"-{k}" if descending else k for k in keys), "pk"]
    return field, descending, ["first_name", "pk"]  # the tie-break; the sort later is stable


def team_caseload(
    user: User | Any, *, today: date, order: str = "name", more: Sequence[FigurePart] = ()
) -> list[User]:
    """One row per consultant the user reviews, with their caseload figures, in two queries.

    The consultants come with their oldest open case (an index lookup each); every other figure
    (the open cases, those with no recent contact, the recent visits and minutes, and the
    figures of `more`) is one grouped aggregate per kind of record, sent as one UNION ALL and
    merged here. Rows are sorted by `order` (a TEAM_CASELOAD_ORDERINGS key, "-" for descending;
    unknown keys sort by name), ties by first name, a consultant with no open case last."""
    field, descending, ordering = _ordering(order)
    oldest = _open_cases().filter(consultant=OuterRef("pk")).order_by("opened_on", "pk")
    consultants: list[Any] = list(
        consultants_visible_to(user)
        .only("username", "first_name", "last_name")
        .annotate(
            oldest_open_on=Subquery(oldest.values("opened_on")[:1]),
            oldest_open_pk=Subquery(oldest.values("pk")[:1]),
        )
        .order_by(*ordering)
    )
    if not consultants:
        return []
    ids = [c.pk for c in consultants]
    parts = [part(ids) for part in [*_case_and_visit_parts(today), *more]]
    merged = parts[0].union(*parts[1:], all=True).values_list("consultant_id", "kind", "n", "m")
    figures = {(consultant_id, kind): (n, m or 0) for consultant_id, kind, n, m in merged}
    for consultant in consultants:
        for kind, (n_name, m_name) in TEAM_FIGURES.items():
            n, m = figures.get((consultant.pk, kind), (0, 0))
            setattr(consultant, n_name, n)
            if m_name:
                setattr(consultant, m_name, m)
    if field != "name":
        present = [c for c in consultants if getattr(c, field) is not None]
        present.sort(key=lambda c: getattr(c, field), reverse=descending)
        consultants = present + [c for c in consultants if getattr(c, field) is None]
    return consultants
