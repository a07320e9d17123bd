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
from consultation.services.children import (
    child_archive,
    child_create,
    child_restore,
    child_update,
)
from consultation.services.closure_signoff import (
    case_close_request,
    case_closure_approve,
    case_closure_return,
    cases_closure_approve,
    cases_closure_return,
    closure_sign_off_required,
)
from consultation.services.consents import (
    ConsentInput,
    consent_record,
    consent_refusal,
    consent_revoke,
    require_consent,
)
from consultation.services.drafts import draft_discard, draft_save
from consultation.services.exclusions import exclusion_record
from consultation.services.goals import GoalInput, goal_create, goal_set_status
from consultation.services.measures import administration_record, administration_void
from consultation.services.measures_due import (
    measures_schedule_baselines,
    measures_schedule_follow_ups,
)
from consultation.services.outcomes import (
    demographics_record,
    follow_up_answer,
    placement_follow_ups_schedule,
)
from consultation.services.sites import (
    classroom_create,
    classroom_update,
    site_consultant_assign,
    site_consultant_remove,
    site_create,
    site_update,
    star_rating_record,
)
from consultation.services.trainings import (
    TrainingInput,
    training_record,
    training_update,
    training_void,
)
from consultation.services.visit_checks import (
    ConcernInput,
    GoalProgressInput,
    GoalStatusAfter,
    VisitContent,
    visit_errors,
)
from consultation.services.visits import VisitResult, visit_log, visit_void

__all__ = [
    "case_close_request",
    "case_closure_approve",
    "case_closure_return",
    "cases_closure_approve",
    "cases_closure_return",
    "closure_sign_off_required",
    "demographics_record",
    "follow_up_answer",
    "placement_follow_ups_schedule",
    "administration_record",
    "administration_void",
    "ConcernInput",
    "ConsentInput",
    "GoalInput",
    "GoalProgressInput",
    "GoalStatusAfter",
    "VisitContent",
    "VisitResult",
    "case_archive",
    "case_close",
    "case_open",
    "case_reassign",
    "cases_close",
    "cases_reassign",
    "child_archive",
    "child_create",
    "child_restore",
    "child_update",
    "classroom_create",
    "classroom_update",
    "consent_record",
    "consent_refusal",
    "consent_revoke",
    "draft_discard",
    "draft_save",
    "exclusion_record",
    "goal_create",
    "goal_set_status",
    "measures_schedule_baselines",
    "measures_schedule_follow_ups",
    "require_consent",
    "site_consultant_assign",
    "site_consultant_remove",
    "site_create",
    "site_update",
    "star_rating_record",
    "visit_errors",
    "visit_log",
    "visit_void",
    "TrainingInput",
    "training_record",
    "training_update",
    "training_void",
]
