"""Reads, scoped to what the user may see. Every page and export reads through these."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse

from accounts.models import User
from consultation.models import (
    Child,
    Classroom,
    ConcernItem,
    ConsultationCase,
    GoalProgress,
    ObservedConcern,
    PyramidGoal,
    Site,
    StarRating,
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
    except (queryset.model.DoesNotExist, ValueError, ValidationError):
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


# Supervisor review (the admin) ------------------------------------------------------------------


def scoped_to(queryset: QuerySet, user: User, *, through: str) -> QuerySet:
    """Limit any queryset to the rows `user` may see, owned through the consultant path `through`.

    Archived rows are kept (the admin shows them behind a filter). The scope is applied as a
    primary-key subquery, so many-to-many paths never duplicate rows."""
    scope = _consultant_scope(user, through)
    if scope is None:
        return queryset
    return queryset.filter(pk__in=queryset.model._default_manager.filter(scope).values("pk"))


def _count_of(queryset: QuerySet, group_by: str) -> Coalesce:
    """A correlated COUNT subquery: one figure per outer row, no join fan-out."""
    counted = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _visits_since(since: date):
    return Visit.objects.filter(is_archived=False, visit_date__gte=since)


def _overdue_referrals(today: date):
    from referrals.models import Referral

    return Referral.objects.filter(status__in=Referral.AWAITING_FOLLOW_UP, follow_up_due__lt=today)


def no_recent_visit(today: date) -> Q:
    """Open cases with no visit for NO_CONTACT_DAYS (new cases get that long for a first visit).

    Needs the `last_visit_on` annotation of `with_review_figures`."""
    since = no_contact_since(today)
    return ~Q(status=ConsultationCase.Status.CLOSED) & (
        Q(last_visit_on__lt=since) | Q(last_visit_on__isnull=True, opened_on__lt=since)
    )


def with_review_figures(cases: QuerySet[ConsultationCase], *, today: date) -> QuerySet:
    """The figures a supervisor reviews, one subquery each, computed in the cases query itself."""
    from referrals.models import Referral

    visits = Visit.objects.filter(case=OuterRef("pk"), is_archived=False).order_by()
    last_visit = visits.values("case").annotate(d=Max("visit_date")).values("d")
    minutes_90 = (
        visits.filter(visit_date__gte=today - timedelta(days=90))
        .values("case")
        .annotate(m=Sum("duration_minutes"))
        .values("m")
    )
    return cases.annotate(
        last_visit_on=Subquery(last_visit, output_field=DateField()),
        visit_count=_count_of(visits, "case"),
        minutes_last_90=Coalesce(Subquery(minutes_90, output_field=IntegerField()), 0),
        open_referral_count=_count_of(
            Referral.objects.filter(case=OuterRef("pk"), status__in=Referral.OPEN_STATUSES),
            "case",
        ),
        has_overdue_referral=Exists(_overdue_referrals(today).filter(case=OuterRef("pk"))),
    )


TEAM_CASELOAD_ORDERINGS = (
    "name",
    "open_cases",
    "visits_30",
    "minutes_30",
    "no_visit_30",
    "overdue_referrals",
    "oldest_open_on",
)


def team_caseload(user: User, *, today: date, order: str = "name") -> QuerySet[User]:
    """One row per consultant the user reviews, with their caseload figures, in one query."""
    since = no_contact_since(today)
    open_cases = ConsultationCase.objects.filter(
        consultant=OuterRef("pk"), is_archived=False
    ).exclude(status=ConsultationCase.Status.CLOSED)
    recent_visits = Visit.objects.filter(
        case=OuterRef("pk"), is_archived=False, visit_date__gte=since
    )
    stale_cases = open_cases.filter(opened_on__lt=since).filter(~Exists(recent_visits))
    visits_30 = _visits_since(since).filter(consultant=OuterRef("pk")).order_by()
    minutes_30 = visits_30.values("consultant").annotate(m=Sum("duration_minutes")).values("m")
    oldest = open_cases.order_by("opened_on", "pk")
    rows = consultants_visible_to(user).annotate(
        open_cases=_count_of(open_cases, "consultant"),
        visits_30=_count_of(visits_30, "consultant"),
        minutes_30=Coalesce(Subquery(minutes_30, output_field=IntegerField()), 0),
        no_visit_30=_count_of(stale_cases, "consultant"),
        overdue_referrals=_count_of(
            _overdue_referrals(today).filter(
                case__consultant=OuterRef("pk"), case__is_archived=False
            ),
            "case__consultant",
        ),
        oldest_open_on=Subquery(oldest.values("opened_on")[:1]),
        oldest_open_pk=Subquery(oldest.values("pk")[:1]),
    )
    field = order.removeprefix("-")
    if field not in TEAM_CASELOAD_ORDERINGS:
        order, field = "name", "name"
    if field == "name":
        keys = ["first_name", "last_name", "username"]
        return rows.order_by(*(f"-{k}" if order.startswith("-") else k for k in keys), "pk")
    nulls = (
        F(field).desc(nulls_last=True) if order.startswith("-") else F(field).asc(nulls_last=True)
    )
    return rows.order_by(nulls, "first_name", "pk")


# Consultant workspace pages --------------------------------------------------------------------


@dataclass(frozen=True)
class CaseloadRow:
    case: ConsultationCase
    days_open: int
    no_recent_visit: bool
    planned_visit_passed: bool
    overdue_referral: bool

    @property
    def flagged(self) -> bool:
        return self.no_recent_visit or self.planned_visit_passed or self.overdue_referral


def caseload_rows(user: User, *, today: date) -> list[CaseloadRow]:
    """The caseload page: each open case with its flags, from the one annotated query."""
    since = no_contact_since(today)
    rows = []
    for case in caseload(user, today=today):
        last = case.last_visit_on
        rows.append(
            CaseloadRow(
                case=case,
                days_open=case.days_open(today),
                no_recent_visit=(last or case.opened_on) < since,
                planned_visit_passed=bool(
                    case.next_visit_on
                    and case.next_visit_on < today
                    and (last is None or last < case.next_visit_on)
                ),
                overdue_referral=case.has_overdue_referral,
            )
        )
    return rows


def _rating_label() -> Case:
    return Case(
        *[When(level=value, then=Value(label)) for value, label in StarRating.Level.choices],
        default=Value(""),
        output_field=CharField(),
    )


def current_star_rating(site: Site, *, today: date) -> StarRating | None:
    return site.star_ratings.filter(effective_date__lte=today).order_by("-effective_date").first()


def site_list(user: User, *, query: str = "", today: date) -> QuerySet[Site]:
    """Sites the user may see, searched by name, licence number or county, with their figures."""
    current_rating = (
        StarRating.objects.filter(site=OuterRef("pk"), effective_date__lte=today)
        .order_by("-effective_date")
        .annotate(label=_rating_label())
        .values("label")[:1]
    )
    open_cases = (
        cases_visible_to(user)
        .filter(site=OuterRef("pk"))
        .exclude(status=ConsultationCase.Status.CLOSED)
        .order_by()
        .values("site")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    classrooms = (
        Classroom.objects.filter(site=OuterRef("pk"), is_active=True)
        .order_by()
        .values("site")
        .annotate(n=Count("pk"))
        .values("n")
    )
    sites = sites_visible_to(user).annotate(
        current_rating=Subquery(current_rating),
        open_case_count=Coalesce(Subquery(open_cases), 0),
        classroom_count=Coalesce(Subquery(classrooms), 0),
    )
    query = query.strip()
    if query:
        sites = sites.filter(
            Q(name__icontains=query)
            | Q(licence_number__icontains=query)
            | Q(county__name__icontains=query)
        )
    return sites.order_by("name", "pk")


@dataclass(frozen=True)
class TimelineEvent:
    on: date
    kind: str
    title: str
    detail: str = ""
    url: str = ""
    order: int = 0


def _uuid_url(name: str):
    """A function from a record's UUID to its URL, reversing the pattern only once."""
    placeholder = "00000000-0000-0000-0000-000000000000"
    pattern = reverse(name, args=[placeholder])
    return lambda uuid: pattern.replace(placeholder, str(uuid))


def case_timeline(case: ConsultationCase) -> list[TimelineEvent]:
    """Everything that happened on a case, newest first: one query per kind of event."""
    from referrals.models import ReferralStatusChange

    events = [TimelineEvent(case.opened_on, "opened", "Case opened", case.reason, order=0)]
    # Visits and concerns are read as values, not model instances: a case can hold hundreds.
    visit_url = _uuid_url("consultation:visit_detail")
    names: dict[int, list[str]] = {}
    for visit_id, name in (
        Visit.activities.through.objects.filter(visit__case=case, visit__is_archived=False)
        .order_by("visit_id", "activity__sort_order", "activity__name", "activity__pk")
        .values_list("visit_id", "activity__name")
    ):
        names.setdefault(visit_id, []).append(name)
    modes = dict(Visit.Mode.choices)
    visits = case.visits.filter(is_archived=False).values_list(
        "pk", "uuid", "visit_date", "mode", "duration_minutes"
    )
    for pk, uuid, visit_date, mode, minutes in visits:
        events.append(
            TimelineEvent(
                visit_date,
                "visit",
                f"Visit ({modes.get(mode, mode).lower()}, {minutes} min)",
                ", ".join(names.get(pk, ())),
                visit_url(uuid),
                order=pk * 10 + 1,
            )
        )
    frequencies = dict(ObservedConcern.Frequency.choices)
    concerns = ObservedConcern.objects.filter(
        visit__case=case, visit__is_archived=False
    ).values_list(
        "visit_id",
        "visit__uuid",
        "visit__visit_date",
        "child__first_name",
        "child__last_initial",
        "concern_item__text",
        "frequency",
        "notes",
    )
    for visit_id, uuid, visit_date, first, last, text, frequency, notes in concerns:
        initials = Child(first_name=first, last_initial=last).initials
        events.append(
            TimelineEvent(
                visit_date,
                "concern",
                f"Concern for {initials}: {text}",
                f"{frequencies.get(frequency, frequency)}. {notes}".strip(),
                visit_url(uuid),
                order=visit_id * 10 + 2,
            )
        )
    for goal in case.goals.select_related("practice_area"):
        events.append(
            TimelineEvent(
                goal.set_on,
                "goal",
                f"Goal set: {goal.practice_area.name}",
                goal.description,
                order=goal.pk * 10 + 3,
            )
        )
    progress = GoalProgress.objects.filter(
        goal__case=case, visit__is_archived=False
    ).select_related("goal__practice_area")
    for note in progress:
        events.append(
            TimelineEvent(
                note.recorded_on,
                "progress",
                f"Goal progress {note.rating}/5: {note.goal.practice_area.name}",
                note.note,
                order=note.visit_id * 10 + 4,
            )
        )
    changes = ReferralStatusChange.objects.filter(referral__case=case).select_related(
        "referral__service_type", "referral__child"
    )
    for change in changes:
        events.append(
            TimelineEvent(
                change.changed_on,
                "referral",
                f"Referral to {change.referral.service_type.name}: "
                f"{change.get_to_status_display().lower()}",
                change.note,
                change.referral.get_absolute_url(),
                order=change.pk * 10 + 5,
            )
        )
    if case.closed_on:
        events.append(
            TimelineEvent(
                case.closed_on,
                "closed",
                f"Case closed: {case.get_closure_reason_display()}",
                case.closure_note,
                order=10**12,
            )
        )
    return sorted(events, key=lambda e: (e.on, e.order), reverse=True)
