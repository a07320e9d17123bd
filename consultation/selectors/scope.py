"""The records each user may see, with what every page of them reads joined in once. Every page,
export and admin list reads through these (or core.scope.scoped for a queryset of its own)."""

from typing import Any

from django.db.models import QuerySet

from accounts.models import User
from consultation.models import Child, Classroom, ConsultationCase, Site, Visit
from core.scope import scoped


def consultants_visible_to(user: User | Any) -> QuerySet[User]:
    consultants = User.objects.filter(role=User.Role.CONSULTANT)
    if user.sees_everything:
        return consultants
    if user.is_supervisor:
        return consultants.filter(supervisor=user)
    if user.is_consultant:
        return consultants.filter(pk=user.pk)
    return consultants.none()


def cases_visible_to(user: User | Any) -> QuerySet[ConsultationCase]:
    cases = ConsultationCase.objects.filter(is_archived=False).select_related(
        "site__county", "classroom", "child", "consultant"
    )
    return scoped(cases, user)


def open_cases_visible_to(user: User | Any) -> QuerySet[ConsultationCase]:
    return cases_visible_to(user).exclude(status=ConsultationCase.Status.CLOSED)


def visits_visible_to(user: User | Any) -> QuerySet[Visit]:
    visits = Visit.objects.filter(is_archived=False).select_related(
        "site__county", "case", "consultant"
    )
    return scoped(visits, user)


def sites_visible_to(user: User | Any) -> QuerySet[Site]:
    """Sites whose children the user may see: a consultant's own sites, a team's, or all."""
    return scoped(Site.objects.select_related("county"), user)


def children_visible_to(user: User | Any, *, include_archived: bool = False) -> QuerySet[Child]:
    children = Child.objects.select_related("classroom__site__county")
    if not include_archived:
        children = children.filter(is_archived=False)
    return scoped(children, user)


def classrooms_visible_to(user: User | Any) -> QuerySet[Classroom]:
    return scoped(Classroom.objects.select_related("site"), user)
