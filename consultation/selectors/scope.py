"""The records each user may see, with what every page of them reads joined in once. Every page,
export and admin list reads through these (or core.scope.scoped for a queryset of its own)."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from accounts.models import User
from consultation.models import Child, Classroom, ConsultationCase, Site, Visit
from consultation.models.case_status import OPEN_CASE_STATUSES
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


@dataclass(frozen=True)
class AccessAfterReassigning:
    """What a consultant keeps of a site once the selected cases there go to someone else:
    only the site's other open cases they hold keep it for them (core.scope)."""

    consultant: User
    site: Site
    other_open_cases: int

    def __str__(self) -> str:
        if self.other_open_cases:
            return (
                f"{self.consultant} keeps {self.site.name} through {self.other_open_cases} "
                "other open case(s) there, but no longer sees the reassigned cases' visits, "
                "concerns, goals or referrals."
            )
        return (
            f"{self.consultant} loses access to {self.site.name}: its children, and the "
            "reassigned cases' visits, concerns, goals and referrals (they hold no other open "
            "case there)."
        )


def access_after_reassigning(cases: Iterable[ConsultationCase]) -> list[AccessAfterReassigning]:
    """For each consultant and site of `cases`, what reassigning them all leaves that
    consultant; one query, whatever the number of cases."""
    cases = [case for case in cases if case.status != ConsultationCase.Status.CLOSED]
    pairs = {(case.consultant_id, case.site_id): case for case in cases}
    if not pairs:
        return []
    others = (
        ConsultationCase.objects.filter(
            is_archived=False,
            status__in=OPEN_CASE_STATUSES,
            consultant_id__in={consultant for consultant, _ in pairs},
            site_id__in={site for _, site in pairs},
        )
        .exclude(pk__in=[case.pk for case in cases])
        .values_list("consultant_id", "site_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {(consultant, site): n for consultant, site, n in others}
    found = [
        AccessAfterReassigning(case.consultant, case.site, counts.get(pair, 0))
        for pair, case in pairs.items()
    ]
    return sorted(found, key=lambda access: (str(access.consultant), access.site.name))
