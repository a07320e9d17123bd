"""The supervisor's review tool: team caseloads, reassignment, closure, archive, audit history.

Scope, permissions and the read-only history live in `base.ScopedAdmin`; writes go through the
same services the consultant pages use. Importing the package registers every model's admin."""

from consultation.admin import (
    cases,
    children,
    exclusions,
    goals,
    intakes,
    measures,
    outcomes,
    reference,
    sites,
    supervision,
    trainings,
    visits,
)

__all__ = [
    "cases",
    "children",
    "exclusions",
    "goals",
    "intakes",
    "measures",
    "outcomes",
    "reference",
    "sites",
    "supervision",
    "trainings",
    "visits",
]
