"""Reads around the visit form: the consultant's drafts, the last visit of a case, the site's
children a search finds."""

from typing import Any
from uuid import UUID

from django.db.models import QuerySet

from accounts.models import User
from consultation.models import ConsultationCase, Visit, VisitDraft


def drafts_of(user: User | Any) -> QuerySet[VisitDraft]:
    """The consultant's unfinished visits, newest first (nobody else's: drafts are private)."""
    return VisitDraft.objects.filter(
        consultant=user, case__is_archived=False, case__consultant=user
    ).select_related("case__site", "case__child", "case__classroom", "visit")


def draft_of(user: User | Any, *, case: ConsultationCase, visit: Visit | None) -> VisitDraft | None:
    return drafts_of(user).filter(case=case, visit=visit).first()


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
