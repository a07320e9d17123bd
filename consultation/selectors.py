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
    FilteredRelation,
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
    initials_of,
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


def _crosses_many(model, path: str) -> bool:
    """Whether a lookup path goes through a many-valued relation, so a filter on it can repeat
    rows (a site's consultants) and needs DISTINCT; a path of foreign keys never does."""
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        if field.related_model is None:
            return False
        model = field.related_model
    return False


def _scoped(queryset: QuerySet, user: User, field: str) -> QuerySet:
    scope = _consultant_scope(user, field)
    if scope is None:
        return queryset
    # DISTINCT sorts every selected column: only pay for it where rows can repeat.
    scoped = queryset.filter(scope)
    return scoped.distinct() if _crosses_many(queryset.model, field) else scoped


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
        # Archived visits are left out in the join itself (not by an aggregate's FILTER), so
        # the figures come from the partial index visit_live_by_case_idx alone.
        .annotate(live_visits=FilteredRelation("visits", condition=Q(visits__is_archived=False)))
        .annotate(
            last_visit_on=Max("live_visits__visit_date"),
            next_visit_on=Max("live_visits__next_visit_date"),
            visit_count=Count("live_visits"),
            has_overdue_referral=Exists(overdue_referrals),
        )
        .order_by("opened_on", "pk")
    )


def no_contact_since(today: date) -> date:
    return today - timedelta(days=settings.NO_CONTACT_DAYS)


# Supervisor review (the admin) ------------------------------------------------------------------


def scoped_to(queryset: QuerySet, user: User, *, through: str) -> QuerySet:
    """Limit any queryset to the rows `user` may see, owned through the consultant path `through`.

    Archived rows are kept (the admin shows them behind a filter). A many-valued path is applied
    as a primary-key subquery, so it never duplicates rows; a foreign-key path filters directly."""
    scope = _consultant_scope(user, through)
    if scope is None:
        return queryset
    if not _crosses_many(queryset.model, through):
        return queryset.filter(scope)
    return queryset.filter(pk__in=queryset.model._default_manager.filter(scope).values("pk"))


def _count_of(queryset: QuerySet, group_by: str) -> Coalesce:
    """A correlated COUNT subquery: one figure per outer row, no join fan-out.

    It counts the grouping column (never null in its group), which an index on it answers
    without reading the rows."""
    counted = queryset.order_by().values(group_by).annotate(n=Count(group_by)).values("n")
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
    """The figures a supervisor reviews, one subquery each, computed in the cases query itself.

    PostgreSQL works them out only for the rows of the page, unless the page is sorted or
    filtered by one; the last visit is the newest by the (case, visit_date) index, one index
    step a case rather than a MAX over all its visits."""
    from referrals.models import Referral

    visits = Visit.objects.filter(case=OuterRef("pk"), is_archived=False).order_by()
    last_visit = visits.order_by("-visit_date").values("visit_date")[:1]
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


def team_caseload(user: User, *, today: date, order: str = "name") -> list[User]:
    """One row per consultant the user reviews, with their caseload figures, in two queries.

    The consultants come with their oldest open case (an index lookup each); every other figure
    is one grouped aggregate per kind of record, sent as one UNION ALL and merged here. Rows are
    sorted by `order` (a TEAM_CASELOAD_ORDERINGS key, "-" for descending; unknown keys sort by
    name), figures with ties by first name, and a consultant with no open case last."""
    since = no_contact_since(today)
    open_cases = ConsultationCase.objects.filter(is_archived=False).exclude(
        status=ConsultationCase.Status.CLOSED
    )
    oldest = open_cases.filter(consultant=OuterRef("pk")).order_by("opened_on", "pk")
    field = order.removeprefix("-")
    descending = order.startswith("-") and field in TEAM_CASELOAD_ORDERINGS
    if field not in TEAM_CASELOAD_ORDERINGS or field == "name":
        keys = ["first_name", "last_name", "username"]
        ordering = [*(f"-{k}" if descending else k for k in keys), "pk"]
    else:
        ordering = ["first_name", "pk"]  # the tie-break; the sort below is stable
    consultants = list(
        consultants_visible_to(user)
        .only("username", "first_name", "last_name")
        .annotate(
            oldest_open_on=Subquery(oldest.values("opened_on")[:1]),
            oldest_open_pk=Subquery(oldest.values("pk")[:1]),
        )
        .order_by(*ordering)
    )
    if not consultants:
        return []
    ids = [c.pk for c in consultants]
    recent_visit = Visit.objects.filter(
        case=OuterRef("pk"), is_archived=False, visit_date__gte=since
    )
    # Each part answers (consultant, kind, n, m): kind says which figures n and m are.
    parts = (
        open_cases.filter(consultant_id__in=ids)
        .order_by()
        .values("consultant_id")
        .annotate(
            kind=Value("open_cases"),
            n=Count("pk"),
            m=Count("pk", filter=Q(opened_on__lt=since) & ~Exists(recent_visit)),
        ),
        _visits_since(since)
        .filter(consultant_id__in=ids)
        .order_by()
        .values("consultant_id")
        .annotate(kind=Value("visits_30"), n=Count("pk"), m=Sum("duration_minutes")),
        _overdue_referrals(today)
        .filter(case__consultant_id__in=ids, case__is_archived=False)
        .order_by()
        .values("case__consultant_id")
        .annotate(kind=Value("overdue_referrals"), n=Count("pk"), m=Value(0)),
    )
    merged = parts[0].union(*parts[1:], all=True).values_list("consultant_id", "kind", "n", "m")
    figures = {(consultant_id, kind): (n, m or 0) for consultant_id, kind, n, m in merged}
    for consultant in consultants:
        pk = consultant.pk
        consultant.open_cases, consultant.no_visit_30 = figures.get((pk, "open_cases"), (0, 0))
        consultant.visits_30, consultant.minutes_30 = figures.get((pk, "visits_30"), (0, 0))
        consultant.overdue_referrals = figures.get((pk, "overdue_referrals"), (0, 0))[0]
    if field in TEAM_CASELOAD_ORDERINGS and field != "name":
        present = [c for c in consultants if getattr(c, field) is not None]
        present.sort(key=lambda c: getattr(c, field), reverse=descending)
        consultants = present + [c for c in consultants if getattr(c, field) is None]
    return consultants


# Consultant workspace pages --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    """One line of the caseload page, read as values and formatted once, not per template tag."""

    pk: int
    url: str
    log_visit_url: str
    site_name: str
    county_name: str
    label: str  # "Child-focused: A.B."
    is_intake: bool
    consultant_name: str  # filled in only for readers who see several consultants' cases
    days_open: int
    last_visit: str  # "Jan 5, 2026", or "" before the first visit
    next_visit: str
    no_recent_visit: bool
    planned_visit_passed: bool
    overdue_referral: bool

    @property
    def flagged(self) -> bool:
        return self.no_recent_visit or self.planned_visit_passed or self.overdue_referral

    def __getitem__(self, name: str):
        # The template engine tries `row[name]` before `row.name`: answering it saves raising
        # and catching an exception for every cell of every row.
        return getattr(self, name)


CASELOAD_FIELDS = (
    "pk",
    "uuid",
    "focus",
    "status",
    "opened_on",
    "site__name",
    "site__county__name",
    "classroom__name",
    "child__first_name",
    "child__last_initial",
    "last_visit_on",
    "next_visit_on",
    "has_overdue_referral",
)
CONSULTANT_NAME_FIELDS = ("consultant__first_name", "consultant__last_name", "consultant__username")


def caseload_count(user: User) -> int:
    """How many cases caseload() lists, without working out their figures."""
    return cases_visible_to(user).exclude(status=ConsultationCase.Status.CLOSED).count()


def caseload_values(user: User, *, today: date) -> QuerySet:
    """The caseload as value rows (what caseload_rows reads), for paging: the consultant's name
    only for readers who see several consultants' cases."""
    fields = CASELOAD_FIELDS if user.is_consultant else CASELOAD_FIELDS + CONSULTANT_NAME_FIELDS
    return caseload(user, today=today).values(*fields)


def _caseload_flags(
    opened_on: date, last: date | None, planned: date | None, overdue: bool, *, today: date
) -> tuple[bool, bool, bool]:
    """No visit for NO_CONTACT_DAYS (a new case gets that long for its first), the planned
    visit date passed with no visit since, a referral follow-up overdue."""
    return (
        (last or opened_on) < no_contact_since(today),
        bool(planned and planned < today and (last is None or last < planned)),
        bool(overdue),
    )


def caseload_flagged_count(cases: QuerySet, *, today: date) -> int:
    """How many cases of the whole caseload (every page) have a flag."""
    figures = cases.values_list(
        "opened_on", "last_visit_on", "next_visit_on", "has_overdue_referral"
    )
    return sum(1 for case in figures if any(_caseload_flags(*case, today=today)))


def caseload_rows(cases, *, today: date) -> list[CaseloadRow]:
    """Lines of the caseload page from value rows of caseload_values (a page of them), with
    their flags, URLs and dates built here once."""
    case_url = _uuid_url("consultation:case_detail")
    log_visit_url = reverse("consultation:visit_create") + "?case="
    focus_labels = dict(ConsultationCase.Focus.choices)
    rows = []
    for case in cases:
        focus, last, planned = case["focus"], case["last_visit_on"], case["next_visit_on"]
        if focus == ConsultationCase.Focus.CHILD:  # as ConsultationCase.subject_label
            subject = initials_of(case["child__first_name"], case["child__last_initial"])
        elif focus == ConsultationCase.Focus.CLASSROOM:
            subject = case["classroom__name"]
        else:
            subject = "Whole program"
        consultant_name = ""
        if "consultant__username" in case:  # as User.__str__: the full name, else the username
            full_name = f"{case['consultant__first_name']} {case['consultant__last_name']}"
            consultant_name = full_name.strip() or case["consultant__username"]
        no_recent_visit, planned_visit_passed, overdue_referral = _caseload_flags(
            case["opened_on"], last, planned, case["has_overdue_referral"], today=today
        )
        uuid = case["uuid"]
        rows.append(
            CaseloadRow(
                pk=case["pk"],
                url=case_url(uuid),
                log_visit_url=f"{log_visit_url}{uuid}",
                site_name=case["site__name"],
                county_name=case["site__county__name"],
                label=f"{focus_labels.get(focus, focus)}: {subject}",
                is_intake=case["status"] == ConsultationCase.Status.INTAKE,
                consultant_name=consultant_name,
                days_open=(today - case["opened_on"]).days,  # an open case has no closed_on
                last_visit=_short_date(last) if last else "",
                next_visit=_short_date(planned) if planned else "",
                no_recent_visit=no_recent_visit,
                planned_visit_passed=planned_visit_passed,
                overdue_referral=overdue_referral,
            )
        )
    return rows


def _short_date(day: date) -> str:
    """The date as the template filter `date:"M j, Y"` shows it ("Jan 5, 2026"), at a third of
    its cost: pages list dozens of dates."""
    from django.utils.dates import MONTHS_3

    return f"{MONTHS_3[day.month].title()} {day.day}, {day.year}"


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

    @property
    def on_label(self) -> str:
        return _short_date(self.on)

    @property
    def short_detail(self) -> str:
        """The detail as the filter `truncatechars:240` shows it, without its cost on short ones
        (a text no longer than 240 characters is never cut, only NFC-normalised)."""
        import unicodedata

        from django.utils.text import Truncator

        if len(self.detail) <= 240:
            return unicodedata.normalize("NFC", self.detail)

        return Truncator(self.detail).chars(240)

    def __getitem__(self, name: str):
        # As CaseloadRow: the template engine tries `event[name]` first.
        return getattr(self, name)


def _uuid_url(name: str):
    """A function from a record's UUID to its URL, reversing the pattern only once."""
    placeholder = "00000000-0000-0000-0000-000000000000"
    pattern = reverse(name, args=[placeholder])
    return lambda uuid: pattern.replace(placeholder, str(uuid))


def case_timeline(
    case: ConsultationCase, *, goals: list[PyramidGoal] | None = None
) -> list[TimelineEvent]:
    """Everything that happened on a case, newest first: one query per kind of event.

    `goals` are the case's goals with their practice areas when the caller has read them
    already (the case page lists them too), saving a query here."""
    from referrals.models import Referral, ReferralStatusChange

    events = [TimelineEvent(case.opened_on, "opened", "Case opened", case.reason, order=0)]
    # Everything is read as values, not model instances: a case can hold hundreds of visits.
    visit_url = _uuid_url("consultation:visit_detail")
    modes = {value: label.lower() for value, label in Visit.Mode.choices}
    # One row per visit and activity (a visit without any has one row, with None): visits and
    # their activities in one query.
    visits: dict[int, tuple] = {}
    names: dict[int, list[str]] = {}
    for pk, uuid, visit_date, mode, minutes, name in (
        case.visits.filter(is_archived=False)
        .order_by("pk", "activities__sort_order", "activities__name", "activities__pk")
        .values_list("pk", "uuid", "visit_date", "mode", "duration_minutes", "activities__name")
    ):
        if pk not in visits:
            visits[pk] = (uuid, visit_date, mode, minutes)
            names[pk] = []
        if name is not None:
            names[pk].append(name)
    for pk, (uuid, visit_date, mode, minutes) in visits.items():
        events.append(
            TimelineEvent(
                visit_date,
                "visit",
                f"Visit ({modes.get(mode, mode)}, {minutes} min)",
                ", ".join(names[pk]),
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
        initials = initials_of(first, last)
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
    if goals is None:
        goals = list(case.goals.select_related("practice_area"))
    areas = {goal.pk: goal.practice_area.name for goal in goals}
    for goal in goals:
        events.append(
            TimelineEvent(
                goal.set_on,
                "goal",
                f"Goal set: {areas[goal.pk]}",
                goal.description,
                order=goal.pk * 10 + 3,
            )
        )
    progress = GoalProgress.objects.filter(goal__case=case, visit__is_archived=False).values_list(
        "recorded_on", "rating", "goal_id", "note", "visit_id"
    )
    for recorded_on, rating, goal_id, note, visit_id in progress:
        events.append(
            TimelineEvent(
                recorded_on,
                "progress",
                f"Goal progress {rating}/5: {areas[goal_id]}",
                note,
                order=visit_id * 10 + 4,
            )
        )
    referral_url = _uuid_url("referrals:referral_detail")
    statuses = {value: label.lower() for value, label in Referral.Status.choices}
    changes = ReferralStatusChange.objects.filter(referral__case=case).values_list(
        "pk", "changed_on", "to_status", "note", "referral__uuid", "referral__service_type__name"
    )
    for pk, changed_on, to_status, note, uuid, service in changes:
        events.append(
            TimelineEvent(
                changed_on,
                "referral",
                f"Referral to {service}: {statuses.get(to_status, to_status)}",
                note,
                referral_url(uuid),
                order=pk * 10 + 5,
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
