"""Sites and their classrooms: the list, one site's page, and adding them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from consultation import selectors, services
from consultation.forms import ClassroomForm, SiteForm
from consultation.views.common import form_page
from core.dates import local_today
from core.forms import add_service_errors, posted
from core.http import AuthenticatedRequest
from core.pagination import page_of
from core.permissions import can_edit, consultant_only, get_visible_or_404


@require_safe
def site_list(request: AuthenticatedRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    sites = selectors.site_list(request.user, query=query, today=local_today())
    page = page_of(request, sites)
    return render(
        request,
        "consultation/site_list.html",
        {
            "sites": page.object_list,
            "page": page,
            "query": query,
            "can_edit": can_edit(request.user),
        },
    )


@consultant_only
@require_http_methods(["GET", "POST"])
def site_create(request: AuthenticatedRequest) -> HttpResponse:
    form = SiteForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            site = services.site_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{site.name} added. Add its classrooms next.")
            return redirect(site)
    return render(request, "consultation/form_page.html", form_page(form, "Add a site"))


@require_safe
def site_detail(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    user = request.user
    site = get_visible_or_404(selectors.sites_visible_to(user), uuid=uuid)
    children = selectors.children_visible_to(user).filter(classroom__site=site)
    return render(
        request,
        "consultation/site_detail.html",
        {
            "site": site,
            "rating": selectors.current_star_rating(site, today=local_today()),
            "classrooms": site.classrooms.filter(is_active=True),
            "children": children.order_by("classroom__name", "first_name", "pk"),
            "cases": selectors.cases_visible_to(user).filter(site=site).order_by("-opened_on"),
            "visits": selectors.visits_visible_to(user).filter(site=site)[:10],
            "can_edit": can_edit(user),
        },
    )


@consultant_only
@require_http_methods(["GET", "POST"])
def classroom_create(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    site = get_visible_or_404(selectors.sites_visible_to(request.user), uuid=uuid)
    form = ClassroomForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            classroom = services.classroom_create(site=site, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Classroom {classroom.name} added.")
            return redirect(site)
    page = form_page(form, f"Add a classroom to {site.name}", back=site.get_absolute_url())
    return render(request, "consultation/form_page.html", page)
