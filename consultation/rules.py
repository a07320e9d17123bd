"""The caseload's rules, each written once: in SQL where pages filter or count by it, in Python
where a page flags the rows it already read, both from the same dates.

- No contact: an open case with no visit for NO_CONTACT_DAYS (settings); a new case gets that
  long for its first visit.
- Planned visit passed: the next visit date planned on the last visit is past, with no visit
  since.
- A family's consent on a referral about no child: a date and who gave it, together, not in
  the future (a child's consent is a record of its own: selectors.consents).
- Least data: a child is a first name and a last initial (one letter, or two: "Mc", "De"),
  born on a date that is not in the future.
- Shared notes: a note printed for the provider names children by initials, not first names.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultation.models import Child, ConsultationCase, Visit
from core.dates import implausible_dates, local_today


def no_contact_days() -> int:
    return settings.NO_CONTACT_DAYS


def no_contact_since(today: date) -> date:
    """A case whose last visit is before this date (or that opened before it and has none) has
    had no contact."""
    return today - timedelta(days=no_contact_days())


def no_recent_visit(today: date) -> Q:
    """Open cases with no contact, as a filter on cases."""
    since = no_contact_since(today)
    recent = Visit.objects.filter(case=OuterRef("pk"), is_archived=False, visit_date__gte=since)
    return Q(~Exists(recent), ~Q(status=ConsultationCase.Status.CLOSED), opened_on__lt=since)


def has_no_recent_visit(*, opened_on: date, last_visit_on: date | None, today: date) -> bool:
    """The same rule for an open case whose last visit is known."""
    return (last_visit_on or opened_on) < no_contact_since(today)


def planned_visit_passed(*, planned: date | None, last_visit_on: date | None, today: date) -> bool:
    return bool(planned and planned < today and (last_visit_on is None or last_visit_on < planned))


@dataclass(frozen=True, slots=True)
class CaseloadFlags:
    no_recent_visit: bool
    planned_visit_passed: bool
    overdue_referral: bool

    @property
    def any(self) -> bool:
        return self.no_recent_visit or self.planned_visit_passed or self.overdue_referral

    def __getitem__(self, name: str) -> bool:
        # The template engine tries `flags[name]` before `flags.name`: answering it saves
        # raising and catching an exception for every flag of every row.
        return bool(getattr(self, name))


def caseload_flags(
    *,
    opened_on: date,
    last_visit_on: date | None,
    next_visit_on: date | None,
    overdue_referral: bool,
    today: date,
) -> CaseloadFlags:
    """What the caseload flags on an open case: no contact, the planned visit passed, a referral
    follow-up overdue (referrals.models decides that one)."""
    return CaseloadFlags(
        no_recent_visit=has_no_recent_visit(
            opened_on=opened_on, last_visit_on=last_visit_on, today=today
        ),
        planned_visit_passed=planned_visit_passed(
            planned=next_visit_on, last_visit_on=last_visit_on, today=today
        ),
        overdue_referral=overdue_referral,
    )


def consent_errors(
    *, consent_date: date | None, consent_given_by: str, today: date, born: date | None = None
) -> dict[str, str]:
    """What is wrong with the written caregiver consent as typed (empty when nothing is)."""
    errors = {}
    if consent_date and consent_date > today:
        errors["consent_date"] = _("The consent date cannot be in the future.")
    elif consent_date and born and consent_date < born:
        errors["consent_date"] = _("The consent date cannot be before the date of birth.")
    if consent_date and not consent_given_by.strip():
        errors["consent_given_by"] = _("Say who gave consent.")
    if consent_given_by.strip() and not consent_date:
        errors["consent_date"] = _("Give the date consent was given.")
    return errors


LAST_INITIAL_RULE = gettext_lazy(
    "Give the last name's initial only: one letter, or two for names such as McKay (Mc) or "
    "De Luca (De). The full last name is never kept, so no child can be named from the record."
)


def last_initial_errors(typed: str) -> tuple[str, str]:
    """The initial as kept ("Mc" from "mc."), and what is wrong with it ("" when nothing):
    anything longer is refused with the reason, never cut."""
    initial = typed.strip().rstrip(".").replace("'", "")
    if not initial:
        return "", _("Give the last name's initial.")
    if not initial.isalpha():
        return "", _("Use letters only for the last initial.")
    if len(initial) > 2:
        return "", str(LAST_INITIAL_RULE)
    return initial[0].upper() + initial[1:].lower(), ""


def date_of_birth_errors(born: date, *, was: date | None = None) -> dict[str, str]:
    """A date of birth in the future, or a new one (not the one on record, which ages with the
    child) too far back to be a child's."""
    if born > local_today():
        return {"date_of_birth": _("The date of birth cannot be in the future.")}
    return implausible_dates(date_of_birth=born) if born != was else {}


def first_names_in(text: str, children: Iterable[Child]) -> list[str]:
    """The first names of `children` that `text` spells out as words ("Ava" in "Ava cried",
    not in "Avalon"): a note meant for the provider should name children by initials."""
    found = []
    for child in children:
        name = child.first_name.strip()
        if name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags=re.IGNORECASE):
            found.append(name)
    return sorted(set(found))


def visit_holder_id(visit: Visit) -> int:
    """Whose record a visit is, to edit and void: its case's consultant (access follows the
    case when it is reassigned), or, for a visit on no case, the consultant who logged it. The
    same rule as Visit.owner_path, for a visit already read."""
    return visit.case.consultant_id if visit.case is not None else visit.consultant_id


def visit_holder(visit: Visit) -> Any:
    """The consultant of visit_holder_id, as a user (their supervisor voids it too)."""
    return visit.case.consultant if visit.case is not None else visit.consultant
