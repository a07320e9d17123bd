"""Reflective supervision sessions, as their two parties read them: the supervisor who held
them and the consultants in them. Nobody else reads a session's notes: program leads and
superusers get the minutes only, through the reports."""

from typing import Any

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from consultation.models import ConsultationCase, SupervisionSession


def supervision_sessions_of(user: User | Any) -> QuerySet[SupervisionSession]:
    """The sessions the user held (a supervisor) or took part in (a consultant); none else."""
    sessions = SupervisionSession.objects.select_related("supervisor")
    if not (user.is_authenticated and user.is_active):
        return sessions.none()
    if user.is_supervisor:
        return sessions.filter(supervisor=user)
    if user.is_consultant:
        return sessions.filter(consultants=user)
    return sessions.none()


def with_parties(sessions: QuerySet[SupervisionSession]) -> QuerySet[SupervisionSession]:
    """The sessions with their consultants and discussed cases (and the cases' subjects)."""
    cases = ConsultationCase.objects.select_related("child", "classroom", "site")
    return sessions.prefetch_related("consultants", Prefetch("cases", queryset=cases))
