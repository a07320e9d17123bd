"""Reads, scoped to what the user may see. Every page and export reads through these."""

from consultation.selectors.caseload import (
    CaseloadRow,
    caseload,
    caseload_flagged_count,
    caseload_rows,
    caseload_values,
)
from consultation.selectors.consents import (
    Purpose,
    children_with_consent,
    consent_in_force,
    consent_periods,
    consents_of,
)
from consultation.selectors.exclusions import exclusions_of
from consultation.selectors.measures import (
    MeasuresDue,
    administrations_of,
    administrations_visible_to,
    instrument_with_fields,
    instruments_for_focus,
    measures_due_for,
    measures_due_of,
)
from consultation.selectors.outcomes import (
    demographics_of,
    follow_ups_of,
    follow_ups_to_answer,
    follow_ups_visible_to,
)
from consultation.selectors.review import (
    TEAM_CASELOAD_ORDERINGS,
    TEAM_FIGURES,
    FigurePart,
    count_of,
    team_caseload,
    with_review_figures,
)
from consultation.selectors.scope import (
    AccessAfterReassigning,
    access_after_reassigning,
    cases_visible_to,
    children_visible_to,
    classrooms_visible_to,
    consultants_visible_to,
    open_cases_visible_to,
    sites_visible_to,
    visits_visible_to,
)
from consultation.selectors.sites import current_star_rating, site_list
from consultation.selectors.timeline import TimelineEvent, case_timeline, newest_first
from consultation.selectors.urls import uuid_url
from consultation.selectors.visits import (
    cases_to_log_visits_on,
    draft_of,
    drafts_of,
    last_visit,
    visit_saved_under,
)

__all__ = [
    "demographics_of",
    "follow_ups_of",
    "follow_ups_to_answer",
    "follow_ups_visible_to",
    "AccessAfterReassigning",
    "access_after_reassigning",
    "exclusions_of",
    "administrations_of",
    "administrations_visible_to",
    "instrument_with_fields",
    "instruments_for_focus",
    "measures_due_for",
    "measures_due_of",
    "TEAM_CASELOAD_ORDERINGS",
    "TEAM_FIGURES",
    "CaseloadRow",
    "FigurePart",
    "MeasuresDue",
    "Purpose",
    "TimelineEvent",
    "case_timeline",
    "caseload",
    "caseload_flagged_count",
    "caseload_rows",
    "caseload_values",
    "cases_visible_to",
    "children_visible_to",
    "children_with_consent",
    "consent_in_force",
    "consent_periods",
    "consents_of",
    "classrooms_visible_to",
    "consultants_visible_to",
    "count_of",
    "current_star_rating",
    "cases_to_log_visits_on",
    "draft_of",
    "drafts_of",
    "last_visit",
    "visit_saved_under",
    "newest_first",
    "open_cases_visible_to",
    "site_list",
    "sites_visible_to",
    "team_caseload",
    "uuid_url",
    "visits_visible_to",
    "with_review_figures",
]
