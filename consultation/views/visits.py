"""Visits: pick a case, log a visit on it, edit it, read it, print the provider's summary."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from consultation import selectors, services
from consultation.forms import VisitLogForm
from consultation.models import ConsultationCase, ObservedConcern, Visit
from core.forms import posted
from core.http import AuthenticatedRequest
from core.permissions import can_edit, consultant_only, get_visible_or_404


@consultant_only
@require_http_methods(["GET", "POST"])
def visit_create(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    case_uuid = request.GET.get("case")
    if case_uuid:
        case = get_visible_or_404(selectors.open_cases_visible_to(user), uuid=case_uuid)
        return _visit_page(request, case=case)
    # No case yet: pick one (of one site, after "Save and log another").
    cases = selectors.caseload(user).order_by("site__name", "pk")
    site = None
    if request.GET.get("site"):
        site = get_visible_or_404(selectors.sites_visible_to(user), uuid=request.GET["site"])
        cases = cases.filter(site=site)
    return render(request, "consultation/visit_pick.html", {"cases": cases, "site": site})


@consultant_only
@require_http_methods(["GET", "POST"])
def visit_edit(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    visit = get_visible_or_404(selectors.visits_visible_to(request.user), uuid=uuid)
    if visit.case is None:
        raise PermissionDenied("Visits without a case are edited in the admin.")
    return _visit_page(request, case=visit.case, visit=visit)


def _visit_page(
    request: AuthenticatedRequest, *, case: ConsultationCase, visit: Visit | None = None
) -> HttpResponse:
    form = VisitLogForm(case=case, visit=visit, data=posted(request))
    if form.is_valid():
        try:
            result = services.visit_log(
                consultant=request.user, case=case, visit=visit, **form.service_arguments()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            saved = result.visit
            if "another" in request.POST and not result.crisis_concerns:
                messages.success(request, f"Visit of {saved.visit_date:%b %d} saved.")
                return redirect(f"{reverse('consultation:visit_create')}?site={case.site.uuid}")
            messages.success(request, "Visit saved.")
            return redirect(saved)
    context = {"case": case, "site": case.site, "visit": visit, **form.context()}
    return render(request, "consultation/visit_form.html", context)


def _visit_with_details(request: AuthenticatedRequest, uuid: str):
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
def visit_detail(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
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
            "can_edit": can_edit(request.user, visit.consultant_id) and visit.case_id,
        },
    )


@require_safe
def visit_summary(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
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
