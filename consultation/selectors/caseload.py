"""The caseload: open cases with the figures and flags the caseload page shows."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import DateField, Exists, Max, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from consultation.models import ConsultationCase, Visit, initials_of
from consultation.rules import CaseloadFlags, caseload_flags
from consultation.selectors.scope import open_cases_visible_to
from consultation.selectors.urls import uuid_url
from core.dates import short_date


def caseload(user: User | Any) -> QuerySet[ConsultationCase]:
    """Open cases with their last visit and the next visit planned, oldest first, one query.

    Each figure is a subquery per case that the partial index visit_live_by_case_idx answers
    alone; a join grouped over every column took PostgreSQL twice as long to plan."""
    live = Visit.objects.filter(case=OuterRef("pk"), is_archived=False).order_by()
    last_visit = live.order_by("-visit_date").values("visit_date")[:1]
    next_visit = live.values("case").annotate(planned=Max("next_visit_date")).values("planned")
    return (
        open_cases_visible_to(user)
        .annotate(
            last_visit_on=Subquery(last_visit, output_field=DateField()),
            next_visit_on=Subquery(next_visit, output_field=DateField()),
        )
        .order_by("opened_on", "pk")
    )


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    """One line of the caseload page, read as values and formatted once, not per template tag."""

    pk: int
    url: str
    log_visit_url: str
    site_name: str
    county_name: str
    label: str  # "Child-focused: A.B."
    is_intake: bool
    consultant_name: str  # filled in only for readers who see several consultants' cases
    days_open: int
    last_visit: str  # "Jan 5, 2026", or "" before the first visit
    next_visit: str
    flags: CaseloadFlags
    closure_requested: bool = False  # waiting for the supervisor's sign-off

    @property
    def flagged(self) -> bool:
        return self.flags.any

    def __getitem__(self, name: str) -> Any:
        # The template engine tries `row[name]` before `row.name`: answering it saves raising
        # and catching an exception for every cell of every row.
        return getattr(self, name)


CASELOAD_FIELDS = (
    "pk",
    "uuid",
    "focus",
    "status",
    "opened_on",
    "site__name",
    "site__county__name",
    "classroom__name",
    "child__first_name",
    "child__last_initial",
    "last_visit_on",
    "next_visit_on",
    "closure_requested_on",
)
CONSULTANT_NAME_FIELDS = ("consultant__first_name", "consultant__last_name", "consultant__username")


def caseload_values(user: User | Any, *, overdue: Exists) -> QuerySet:
    """The caseload as value rows (what caseload_rows reads), for paging: the consultant's name
    only for readers who see several consultants' cases. `overdue` says, for a case, whether a
    referral follow-up is overdue (referrals.selectors decides that)."""
    fields = CASELOAD_FIELDS if user.is_consultant else CASELOAD_FIELDS + CONSULTANT_NAME_FIELDS
    return caseload(user).annotate(overdue_referral=overdue).values(*fields, "overdue_referral")


def flags_of(case: dict[str, Any], *, today: date) -> CaseloadFlags:
    return caseload_flags(
        opened_on=case["opened_on"],
        last_visit_on=case["last_visit_on"],
        next_visit_on=case["next_visit_on"],
        overdue_referral=case["overdue_referral"],
        today=today,
    )


def caseload_flagged_count(cases: QuerySet, *, today: date) -> int:
    """How many cases of the whole caseload (every page) have a flag."""
    figures = cases.values("opened_on", "last_visit_on", "next_visit_on", "overdue_referral")
    return sum(1 for case in figures if flags_of(case, today=today).any)


def _subject(case: dict[str, Any]) -> str:
    """As ConsultationCase.subject_label, from value rows."""
    focus = case["focus"]
    if focus == ConsultationCase.Focus.CHILD:
        return initials_of(case["child__first_name"], case["child__last_initial"])
    if focus == ConsultationCase.Focus.CLASSROOM:
        return case["classroom__name"]
    return _("Whole program")


def _consultant_name(case: dict[str, Any]) -> str:
    """As User.__str__: the full name, else the username; "" when the row has none."""
    if "consultant__username" not in case:
        return ""
    full_name = f"{case['consultant__first_name']} {case['consultant__last_name']}"
    return full_name.strip() or case["consultant__username"]


def caseload_rows(cases: Iterable[dict[str, Any]], *, today: date) -> list[CaseloadRow]:
    """Lines of the caseload page from value rows of caseload_values (a page of them), with
    their flags, URLs and dates built here once."""
    case_url = uuid_url("consultation:case_detail")
    log_visit_url = reverse("consultation:visit_create") + "?case="
    focus_labels = dict(ConsultationCase.Focus.choices)
    rows = []
    for case in cases:
        last, planned, uuid = case["last_visit_on"], case["next_visit_on"], case["uuid"]
        rows.append(
            CaseloadRow(
                pk=case["pk"],
                url=case_url(uuid),
                log_visit_url=f"{log_visit_url}{uuid}",
                site_name=case["site__name"],
                county_name=case["site__county__name"],
                label=f"{focus_labels.get(case['focus'], case['focus'])}: {_subject(case)}",
                is_intake=case["status"] == ConsultationCase.Status.INTAKE,
                consultant_name=_consultant_name(case),
                days_open=(today - case["opened_on"]).days,  # an open case has no closed_on
                last_visit=short_date(last) if last else "",
                next_visit=short_date(planned) if planned else "",
                flags=flags_of(case, today=today),
                closure_requested=case["closure_requested_on"] is not None,
            )
        )
    return rows
