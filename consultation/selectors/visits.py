"""Reads around the visit form: the consultant's drafts, the last visit of a case, the site's
children a search finds."""

from typing import Any
from uuid import UUID

from django.db.models import QuerySet

from accounts.models import User
from consultation.models import ConsultationCase, Visit, VisitDraft
from consultation.selectors.scope import open_cases_visible_to


def drafts_of(user: User | Any) -> QuerySet[VisitDraft]:
    """The consultant's unfinished visits, newest first (nobody else's: drafts are private)."""
    # Prefetched rather than joined: most caseload views find no draft, and then the one
    # narrow query is all they pay for.
    return VisitDraft.objects.filter(
        consultant=user, case__is_archived=False, case__consultant=user
    ).prefetch_related("case__site", "case__child", "case__classroom", "visit")


def draft_of(user: User | Any, *, case: ConsultationCase, visit: Visit | None) -> VisitDraft | None:
    """The consultant's draft of the form for `case` (and `visit`, when editing one); the case
    was found in the consultant's scope already, so nothing is joined."""
    return VisitDraft.objects.filter(consultant=user, case=case, visit=visit).first()


def cases_to_log_visits_on(user: User | Any) -> QuerySet[ConsultationCase]:
    """The open cases in the consultant's scope, with only what the visit form shows of them."""
    return (
        open_cases_visible_to(user)
        .select_related(None)
        .select_related("site", "classroom", "child")
    )


def last_visit(case: ConsultationCase, *, before: Visit | None = None) -> Visit | None:
    """The case's latest live visit (before the one being edited): its next steps and the
    visit it planned head the visit form."""
    visits = case.visits.filter(is_archived=False)
    if before is not None:
        visits = visits.exclude(pk=before.pk).filter(visit_date__lte=before.visit_date)
    return visits.order_by("-visit_date", "-start_time", "-pk").first()


def visit_saved_under(user: User | Any, token: str | None) -> Visit | None:
    """The visit this consultant already saved from the form carrying `token`, if any: a form
    posted twice (a double tap, a resent request) answers with that visit."""
    try:
        parsed = UUID(str(token))
    except ValueError:
        return None
    return Visit.objects.filter(consultant=user, submission_token=parsed).first()
