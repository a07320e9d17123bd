"""Reads of exclusion events."""

from consultation.models import ConsultationCase, ExclusionEvent


def exclusions_of(case: ConsultationCase) -> list[ExclusionEvent]:
    """A child-focused case's exclusion events, newest first; other cases have none (no query)."""
    if case.focus != ConsultationCase.Focus.CHILD:
        return []
    return list(case.exclusion_events.all())
