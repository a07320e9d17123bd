"""The consultant workspace: caseload, sites, children, cases and visits.

Consultants read and write their own work; supervisors (their team's) and program leads
(everything) read the same pages without the buttons, and any write they attempt is refused."""

from datetime import date
from functools import wraps

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from consultation import selectors, services
from consultation.forms import (
    CaseCloseForm,
    CaseOpenForm,
    ChildForm,
    ClassroomForm,
    ConcernForm,
    GoalProgressForm,
    NewGoalFormSet,
    SiteForm,
    VisitForm,
    add_service_errors,
    carry_current_version,
    read_choices,
    render_option,
)
from consultation.models import (
    Child,
    ConcernItem,
    ConsultationCase,
    ObservedConcern,
    PyramidGoal,
    Visit,
)
from consultation.pagination import page_of
from consultation.selectors import get_visible_or_404
from referrals.selectors import crisis_lines, referrals_visible_to


def consultant_only(view):
    """Writes here are consultants' work; supervisors and leads edit in the admin."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_consultant:
            raise PermissionDenied("Only consultants record consultation work here.")
        return view(request, *args, **kwargs)

    return wrapper


def posted(request):
    """The submitted data on a POST (even an empty one, so its errors show), else None."""
    return request.POST if request.method == "POST" else None


def _can_edit(user, owner_id: int | None = None) -> bool:
    return user.is_consultant and (owner_id is None or owner_id == user.pk)


# Caseload and sites ----------------------------------------------------------------------------


@require_safe
def caseload(request):
    today = services.local_today()
    cases = selectors.caseload_values(request.user, today=today)
    page = page_of(request, cases, count=selectors.caseload_count(request.user))
    rows = selectors.caseload_rows(page.object_list, today=today)
    if page.paginator.num_pages == 1:
        flagged_count = sum(1 for row in rows if row.flagged)
    else:
        flagged_count = selectors.caseload_flagged_count(cases, today=today)
    return render(
        request,
        "consultation/caseload.html",
        {
            "rows": rows,
            "page": page,
            "today": today,
            "flagged_count": flagged_count,
            "no_contact_days": settings.NO_CONTACT_DAYS,
            "can_edit": _can_edit(request.user),
            "show_consultant": not request.user.is_consultant,
        },
    )


@require_safe
def site_list(request):
    query = request.GET.get("q", "")
    sites = selectors.site_list(request.user, query=query, today=services.local_today())
    page = page_of(request, sites)
    return render(
        request,
        "consultation/site_list.html",
        {
            "sites": page.object_list,
            "page": page,
            "query": query,
            "can_edit": _can_edit(request.user),
        },
    )


@consultant_only
@require_http_methods(["GET", "POST"])
def site_create(request):
    form = SiteForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            site = services.site_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{site.name} added. Add its classrooms next.")
            return redirect(site)
    return render(request, "consultation/form_page.html", _form_page(form, "Add a site"))


def _form_page(form, title: str, *, back: str = "", intro: str = "", submit: str = "Save"):
    return {"form": form, "title": title, "back": back, "intro": intro, "submit": submit}


@require_safe
def site_detail(request, uuid):
    user = request.user
    site = get_visible_or_404(selectors.sites_visible_to(user), uuid=uuid)
    today = services.local_today()
    children = selectors.children_visible_to(user).filter(classroom__site=site)
    return render(
        request,
        "consultation/site_detail.html",
        {
            "site": site,
            "rating": selectors.current_star_rating(site, today=today),
            "classrooms": site.classrooms.filter(is_active=True),
            "children": children.order_by("classroom__name", "first_name", "pk"),
            "cases": selectors.cases_visible_to(user).filter(site=site).order_by("-opened_on"),
            "visits": selectors.visits_visible_to(user).filter(site=site)[:10],
            "can_edit": _can_edit(user),
        },
    )


def _my_site_or_404(request, uuid):
    return get_visible_or_404(selectors.sites_visible_to(request.user), uuid=uuid)


@consultant_only
@require_http_methods(["GET", "POST"])
def classroom_create(request, uuid):
    site = _my_site_or_404(request, uuid)
    form = ClassroomForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            classroom = services.classroom_create(site=site, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Classroom {classroom.name} added.")
            return redirect(site)
    page = _form_page(form, f"Add a classroom to {site.name}", back=site.get_absolute_url())
    return render(request, "consultation/form_page.html", page)


@consultant_only
@require_http_methods(["GET", "POST"])
def child_create(request, uuid):
    site = _my_site_or_404(request, uuid)
    form = ChildForm(posted(request), site=site)
    if request.method == "POST" and form.is_valid():
        try:
            child = services.child_create(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{child.display_name} added.")
            return redirect(child)
    page = _form_page(
        form,
        f"Add a child at {site.name}",
        back=site.get_absolute_url(),
        intro="Record only a first name and last initial. Written caregiver consent is "
        "needed before a child-focused case.",
    )
    return render(request, "consultation/form_page.html", page)


@require_safe
def child_detail(request, uuid):
    user = request.user
    child = get_visible_or_404(
        selectors.children_visible_to(user, include_archived=True), uuid=uuid
    )
    today = services.local_today()
    concerns = (
        ObservedConcern.objects.filter(
            child=child, visit__in=selectors.visits_visible_to(user).values("pk")
        )
        .select_related("visit", "concern_item")
        .order_by("-visit__visit_date", "pk")
    )
    born = today >= child.date_of_birth
    return render(
        request,
        "consultation/child_detail.html",
        {
            "child": child,
            "age_months": child.age_in_months_on(today) if born else None,
            "age_band": child.age_band_on(today).label if born else "",
            "cases": selectors.cases_visible_to(user).filter(child=child),
            "concerns": concerns,
            "referrals": referrals_visible_to(user).filter(child=child),
            "can_edit": _can_edit(user) and not child.is_archived,
        },
    )


@consultant_only
@require_POST
def child_archive(request, uuid):
    child = get_visible_or_404(selectors.children_visible_to(request.user), uuid=uuid)
    try:
        services.child_archive(child=child)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(child)
    messages.success(request, f"{child.display_name}'s record is archived.")
    return redirect(child.classroom.site)


# Cases -----------------------------------------------------------------------------------------


@consultant_only
@require_http_methods(["GET", "POST"])
def case_create(request):
    user = request.user
    initial = {"opened_on": services.local_today(), "focus": ConsultationCase.Focus.CHILD}
    for name in ("site", "child", "classroom"):
        if request.GET.get(name):
            initial[name] = request.GET[name]
    if "child" not in initial and "classroom" not in initial and "site" in initial:
        initial["focus"] = ConsultationCase.Focus.PROGRAM
    form = CaseOpenForm(
        posted(request),
        initial=initial,
        children=selectors.children_visible_to(user).order_by("first_name", "pk"),
        classrooms=selectors.classrooms_visible_to(user).filter(is_active=True),
        sites=selectors.sites_visible_to(user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(consultant=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Case opened. Log the first visit when it happens.")
            return redirect(case)
    page = _form_page(
        form,
        "Open a case",
        intro="Choose the focus, then the child, classroom or site it is about.",
        submit="Open the case",
    )
    return render(request, "consultation/form_page.html", page)


TIMELINE_SHOWN = 50


@require_safe
def case_detail(request, uuid):
    user = request.user
    case = get_visible_or_404(selectors.cases_visible_to(user), uuid=uuid)
    goals = list(case.goals.select_related("tier", "practice_area"))
    timeline = selectors.case_timeline(case, goals=goals)
    # A long case shows its latest events; the whole history is one link away.
    shown = timeline if request.GET.get("timeline") == "all" else timeline[:TIMELINE_SHOWN]
    return render(
        request,
        "consultation/case_detail.html",
        {
            "case": case,
            "timeline": timeline,
            "shown_events": shown,
            "older_events": len(timeline) - len(shown),
            "goals": goals,
            # The list shows each referral's service type, status and follow-up date only.
            "referrals": referrals_visible_to(user)
            .filter(case=case)
            .select_related(None)
            .select_related("service_type"),
            "days_open": case.days_open(services.local_today()),
            "can_edit": _can_edit(user, case.consultant_id) and case.is_open,
        },
    )


@consultant_only
@require_http_methods(["GET", "POST"])
def case_close(request, uuid):
    case = get_visible_or_404(selectors.cases_visible_to(request.user), uuid=uuid)
    # A close posted on an older version goes on to the service, which says what changed since.
    posted_version = request.POST.get("version", "") if request.method == "POST" else ""
    stale = posted_version not in ("", str(case.version))
    if not case.is_open and not stale:
        messages.info(request, "This case is already closed.")
        return redirect(case)
    initial = {"closed_on": services.local_today(), "version": case.version}
    form = CaseCloseForm(posted(request), case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected_version = data.pop("version")
        try:
            services.case_close(case=case, expected_version=expected_version, **data)
        except ValidationError as error:
            add_service_errors(form, error)
            carry_current_version(form, error)
        else:
            messages.success(request, "Case closed.")
            return redirect(case)
    page = _form_page(form, f"Close case: {case}", back=case.get_absolute_url(), submit="Close")
    return render(request, "consultation/form_page.html", page)


# Visits ----------------------------------------------------------------------------------------


@consultant_only
@require_http_methods(["GET", "POST"])
def visit_create(request):
    user = request.user
    case_uuid = request.GET.get("case")
    if case_uuid:
        cases = selectors.cases_visible_to(user).exclude(status=ConsultationCase.Status.CLOSED)
        case = get_visible_or_404(cases, uuid=case_uuid)
        return _visit_page(request, case=case)
    # No case yet: pick one (of one site, after "Save and log another").
    cases = selectors.caseload(user, today=services.local_today()).order_by("site__name", "pk")
    site = None
    if request.GET.get("site"):
        site = get_visible_or_404(selectors.sites_visible_to(user), uuid=request.GET["site"])
        cases = cases.filter(site=site)
    return render(request, "consultation/visit_pick.html", {"cases": cases, "site": site})


@consultant_only
@require_http_methods(["GET", "POST"])
def visit_edit(request, uuid):
    visit = get_visible_or_404(selectors.visits_visible_to(request.user), uuid=uuid)
    if visit.case is None:
        raise PermissionDenied("Visits without a case are edited in the admin.")
    return _visit_page(request, case=visit.case, visit=visit)


def _posted_date(request, name: str, fallback: date) -> date:
    try:
        return django_forms.DateField().clean(request.POST.get(name)) or fallback
    except ValidationError:
        return fallback


def _checklists(request, *, children, on: date, visit: Visit | None):
    """Per child of the site: the concern checklist of the child's age band on `on`.

    Items already recorded on the visit, or ticked in the posted form, stay on the page even
    when they belong to another band (the visit date changed): the service then says why."""
    items = list(ConcernItem.objects.all())
    by_band: dict[str, list[ConcernItem]] = {}
    for item in items:
        if item.is_active:
            by_band.setdefault(item.age_band, []).append(item)
    by_pk = {item.pk: item for item in items}
    existing = {}
    if visit is not None:
        existing = {(c.child_id, c.concern_item_id): c for c in visit.concerns.all()}
    posted = set()
    if request.method == "POST":
        for key in request.POST:
            parts = key.split("-")
            if (
                len(parts) == 4
                and parts[0] == "concern"
                and parts[3] == "observed"
                and parts[1].isdigit()
                and parts[2].isdigit()
            ):
                posted.add((int(parts[1]), int(parts[2])))
    sections = []
    for child in children:
        band = child.age_band_on(on) if on >= child.date_of_birth else None
        shown = list(by_band.get(band, []))
        extra = {pk for (child_pk, pk) in set(existing) | posted if child_pk == child.pk}
        shown += [by_pk[pk] for pk in sorted(extra) if pk in by_pk and by_pk[pk] not in shown]
        concern_forms = []
        for item in shown:
            prefix = f"concern-{child.pk}-{item.pk}"
            recorded = existing.get((child.pk, item.pk))
            initial = (
                {"observed": True, "frequency": recorded.frequency, "notes": recorded.notes}
                if recorded
                else {}
            )
            concern_forms.append(
                ConcernForm(
                    request.POST if request.method == "POST" else None,
                    prefix=prefix,
                    initial=initial,
                    item=item,
                    child=child,
                )
            )
        sections.append({"child": child, "band": band, "forms": concern_forms})
    return sections


def _visit_page(request, *, case: ConsultationCase, visit: Visit | None = None):
    user = request.user
    site = case.site
    data = request.POST if request.method == "POST" else None
    today = services.local_today()
    children = list(
        Child.objects.filter(classroom__site=site, is_archived=False)
        .select_related("classroom")
        .order_by("classroom__name", "first_name", "pk")
    )
    if visit is not None:
        initial = {
            "visit_date": visit.visit_date,
            "start_time": visit.start_time,
            "duration_minutes": visit.duration_minutes,
            "mode": visit.mode,
            "activities": list(visit.activities.all()),
            "classrooms": list(visit.classrooms.all()),
            "children": list(visit.children.all()),
            "notes": visit.notes,
            "next_steps": visit.next_steps,
            "next_visit_date": visit.next_visit_date,
            "version": visit.version,
        }
    else:
        initial = {
            "visit_date": today,
            "start_time": timezone.localtime().replace(second=0, microsecond=0).time(),
            "mode": Visit.Mode.ON_SITE,
            "classrooms": [case.classroom] if case.classroom_id else [],
            "children": [case.child] if case.child_id else [],
        }
    visit_form = VisitForm(
        data,
        prefix="visit",
        initial=initial,
        classrooms=site.classrooms.filter(is_active=True),
        children=Child.objects.filter(pk__in=[c.pk for c in children]),
    )
    checklist_date = (
        _posted_date(request, "visit-visit_date", initial["visit_date"])
        if data
        else initial["visit_date"]
    )
    sections = _checklists(request, children=children, on=checklist_date, visit=visit)
    for name in ("activities", "classrooms", "children"):
        visit_form.fields[name].choices = read_choices(visit_form.fields[name])
    # Each child's "involved" box heads the child's checklist, written out once here.
    child_boxes = {
        str(box.data["value"]): {"tag": render_option(box.data), "id_for_label": box.id_for_label}
        for box in visit_form["children"]
    }
    for section in sections:
        section["checkbox"] = child_boxes.get(str(section["child"].pk))

    goals = case.goals.filter(status__in=PyramidGoal.OPEN_STATUSES)
    if visit is not None:
        goals = goals | case.goals.filter(progress__visit=visit)
    goals = list(goals.select_related("tier", "practice_area").distinct())
    recorded = {}
    if visit is not None:
        recorded = {p.goal_id: p for p in visit.goal_progress.all()}
    progress_forms = [
        GoalProgressForm(
            data,
            prefix=f"goal-{goal.pk}",
            goal=goal,
            initial=(
                {"rating": recorded[goal.pk].rating, "note": recorded[goal.pk].note}
                if goal.pk in recorded
                else {}
            ),
        )
        for goal in goals
    ]
    new_goals = NewGoalFormSet(data, prefix="newgoal")
    # Every new-goal block lists the same tiers and practice areas: read them once, not per form.
    for name in ("tier", "practice_area"):
        choices = read_choices(new_goals.empty_form.fields[name])
        for form in new_goals.forms:
            form.fields[name].choices = choices
    section_errors = {"concerns": [], "goal_progress": [], "new_goals": []}

    all_forms = [visit_form, *progress_forms, new_goals]
    all_forms += [form for section in sections for form in section["forms"]]
    if data is not None and all(form.is_valid() for form in all_forms):
        cleaned = dict(visit_form.cleaned_data)
        expected_version = cleaned.pop("version")
        concerns = [
            services.ConcernInput(
                child=form.child,
                concern_item=form.item,
                frequency=form.cleaned_data["frequency"],
                notes=form.cleaned_data["notes"],
            )
            for section in sections
            for form in section["forms"]
            if form.cleaned_data.get("observed")
        ]
        goal_progress = [
            services.GoalProgressInput(
                goal=form.goal,
                rating=form.cleaned_data["rating"],
                note=form.cleaned_data["note"],
                new_status=form.cleaned_data["status"],
            )
            for form in progress_forms
            if form.cleaned_data.get("rating")
        ]
        goal_inputs = [
            services.GoalInput(**form.cleaned_data)
            for form in new_goals.forms
            if form.has_changed() and form.cleaned_data
        ]
        try:
            result = services.visit_log(
                consultant=user,
                case=case,
                visit=visit,
                concerns=concerns,
                goal_progress=goal_progress,
                new_goals=goal_inputs,
                expected_version=expected_version if visit is not None else None,
                **cleaned,
            )
        except ValidationError as error:
            carry_current_version(visit_form, error)
            for key, messages_ in add_service_errors(visit_form, error):
                section_errors.setdefault(key, []).extend(messages_)
        else:
            saved = result.visit
            if "another" in request.POST and not result.crisis_concerns:
                messages.success(request, f"Visit of {saved.visit_date:%b %d} saved.")
                return redirect(f"{reverse('consultation:visit_create')}?site={site.uuid}")
            messages.success(request, "Visit saved.")
            return redirect(saved)
    has_errors = data is not None
    return render(
        request,
        "consultation/visit_form.html",
        {
            "case": case,
            "site": site,
            "visit": visit,
            "form": visit_form,
            "sections": sections,
            "checklist_date": checklist_date,
            "progress_forms": progress_forms,
            "frequency_choices": ConcernForm.base_fields["frequency"].choices,
            "new_goals": new_goals,
            "section_errors": section_errors,
            "has_errors": has_errors,
        },
    )


def _visit_with_details(request, uuid):
    visits = selectors.visits_visible_to(request.user).prefetch_related(
        "activities", "classrooms", "children"
    )
    visit = get_visible_or_404(visits, uuid=uuid)
    concerns = list(
        visit.concerns.select_related("child", "concern_item").order_by("child", "concern_item")
    )
    progress = visit.goal_progress.select_related("goal__practice_area", "goal__tier")
    return visit, concerns, progress


@require_safe
def visit_detail(request, uuid):
    visit, concerns, progress = _visit_with_details(request, uuid)
    crisis = [c for c in concerns if c.concern_item.prompts_crisis_lines]
    return render(
        request,
        "consultation/visit_detail.html",
        {
            "visit": visit,
            "concerns": concerns,
            "progress": progress,
            "crisis_concerns": crisis,
            "crisis_lines": crisis_lines() if crisis else [],
            "can_edit": _can_edit(request.user, visit.consultant_id) and visit.case_id,
        },
    )


@require_safe
def visit_summary(request, uuid):
    """The provider's printable copy: children by initials only, nothing about other visits."""
    visit, concerns, progress = _visit_with_details(request, uuid)
    by_child: dict[str, list[ObservedConcern]] = {}
    for concern in concerns:
        by_child.setdefault(concern.child.initials, []).append(concern)
    return render(
        request,
        "consultation/visit_summary.html",
        {
            "visit": visit,
            "children": sorted({child.initials for child in visit.children.all()}),
            "concerns_by_child": sorted(by_child.items()),
            "progress": progress,
        },
    )
