"""Reads, scoped to what the user may see. Every page and export reads through these."""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.http import Http404

from accounts.models import User
from consultation.models import (
    Child,
    Classroom,
    ConcernItem,
    ConsultationCase,
    PyramidGoal,
    Site,
    Visit,
)


def consultants_visible_to(user: User) -> QuerySet[User]:
    consultants = User.objects.filter(role=User.Role.CONSULTANT)
    if user.sees_everything:
        return consultants
    if user.is_supervisor:
        return consultants.filter(supervisor=user)
    if user.is_consultant:
        return consultants.filter(pk=user.pk)
    return consultants.none()


def _consultant_scope(user: User, field: str) -> Q | None:
    """The filter that limits rows owned through `field` (a path to a consultant) to the user.

    None means no limit (program leads and superusers); an impossible filter means nothing."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.sees_everything:
        return None
    if user.is_supervisor:
        return Q(**{f"{field}__supervisor": user})
    if user.is_consultant:
        return Q(**{field: user})
    return Q(pk__in=[])


def _scoped(queryset: QuerySet, user: User, field: str) -> QuerySet:
    scope = _consultant_scope(user, field)
    return queryset if scope is None else queryset.filter(scope).distinct()


def cases_visible_to(user: User) -> QuerySet[ConsultationCase]:
    cases = ConsultationCase.objects.filter(is_archived=False).select_related(
        "site__county", "classroom", "child", "consultant"
    )
    return _scoped(cases, user, "consultant")


def visits_visible_to(user: User) -> QuerySet[Visit]:
    visits = Visit.objects.filter(is_archived=False).select_related(
        "site__county", "case", "consultant"
    )
    return _scoped(visits, user, "consultant")


def sites_visible_to(user: User) -> QuerySet[Site]:
    """Sites whose children the user may see: a consultant's own sites, a team's, or all."""
    return _scoped(Site.objects.select_related("county"), user, "consultants")


def site_directory(user: User) -> QuerySet[Site]:
    """Every active site by name and licence: public facts any signed-in consultant may search."""
    if not user.is_authenticated:
        return Site.objects.none()
    return Site.objects.select_related("county")


def children_visible_to(user: User, *, include_archived: bool = False) -> QuerySet[Child]:
    children = Child.objects.select_related("classroom__site__county")
    if not include_archived:
        children = children.filter(is_archived=False)
    scope = _consultant_scope(user, "classroom__site__consultants")
    return children if scope is None else children.filter(scope).distinct()


def classrooms_visible_to(user: User) -> QuerySet[Classroom]:
    return _scoped(Classroom.objects.select_related("site"), user, "site__consultants")


def goals_visible_to(user: User) -> QuerySet[PyramidGoal]:
    goals = PyramidGoal.objects.select_related("case__site", "tier", "practice_area")
    return _scoped(goals, user, "case__consultant")


def get_visible_or_404(queryset: QuerySet, **lookup):
    """The one access helper: an object outside the user's scope does not exist for them."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError):
        raise Http404("No such record.") from None


def concern_checklist(band: str) -> QuerySet[ConcernItem]:
    return ConcernItem.objects.filter(age_band=band, is_active=True)


def caseload(user: User, *, today: date) -> QuerySet[ConsultationCase]:
    """Open cases with the figures the caseload page and the admin show, one query for all."""
    from referrals.models import Referral

    overdue_referrals = Referral.objects.filter(
        case=OuterRef("pk"),
        status__in=Referral.AWAITING_FOLLOW_UP,
        follow_up_due__lt=today,
    )
    return (
        cases_visible_to(user)
        .exclude(status=ConsultationCase.Status.CLOSED)
        .annotate(
            last_visit_on=Max("visits__visit_date", filter=Q(visits__is_archived=False)),
            next_visit_on=Max("visits__next_visit_date", filter=Q(visits__is_archived=False)),
            visit_count=Count("visits", filter=Q(visits__is_archived=False)),
            has_overdue_referral=Exists(overdue_referrals),
        )
        .order_by("opened_on", "pk")
    )


def no_contact_since(today: date) -> date:
    return today - timedelta(days=settings.NO_CONTACT_DAYS)
