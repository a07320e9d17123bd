"""Writes. Every change to sites, children, cases, visits, concerns and goals comes through
these functions, from the consultant pages, the admin and management commands alike."""

from consultation.services.cases import (
    case_archive,
    case_close,
    case_open,
    case_reassign,
    cases_close,
    cases_reassign,
)
from consultation.services.children import child_archive, child_create
from consultation.services.goals import GoalInput, goal_create, goal_set_status
from consultation.services.sites import classroom_create, site_create, star_rating_record
from consultation.services.visits import (
    ConcernInput,
    GoalProgressInput,
    VisitResult,
    visit_archive,
    visit_log,
)

__all__ = [
    "ConcernInput",
    "GoalInput",
    "GoalProgressInput",
    "VisitResult",
    "case_archive",
    "case_close",
    "case_open",
    "case_reassign",
    "cases_close",
    "cases_reassign",
    "child_archive",
    "child_create",
    "classroom_create",
    "goal_create",
    "goal_set_status",
    "site_create",
    "star_rating_record",
    "visit_archive",
    "visit_log",
]
