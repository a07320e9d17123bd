"""Sites and their classrooms: the list, one site's page, and adding them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from consultation import selectors, services
from consultation.forms import ClassroomEditForm, ClassroomForm, SiteEditForm, SiteForm
from consultation.views.common import form_page
from core.dates import local_today
from core.forms import add_service_errors, carry_current_version, posted
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
            messages.success(
                request, _("%(site)s added. Add its classrooms next.") % {"site": site.name}
            )
            return redirect(site)
    return render(request, "consultation/form_page.html", form_page(form, _("Add a site")))


@require_safe
def site_detail(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    user = request.user
    site = get_visible_or_404(selectors.sites_visible_to(user), uuid=uuid)
    archived = request.GET.get("children") == "archived"
    children = selectors.children_visible_to(user, include_archived=archived).filter(
        classroom__site=site, is_archived=archived
    )
    return render(
        request,
        "consultation/site_detail.html",
        {
            "site": site,
            "rating": selectors.current_star_rating(site, today=local_today()),
            "classrooms": site.classrooms.filter(is_active=True),
            "children": children.select_related("classroom").order_by(
                "classroom__name", "first_name", "pk"
            ),
            "showing_archived": archived,
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
            messages.success(request, _("Classroom %(name)s added.") % {"name": classroom.name})
            return redirect(site)
    page = form_page(
        form, _("Add a classroom to %(site)s") % {"site": site.name}, back=site.get_absolute_url()
    )
    return render(request, "consultation/form_page.html", page)


@consultant_only
@require_http_methods(["GET", "POST"])
def site_edit(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    site = get_visible_or_404(selectors.sites_visible_to(request.user), uuid=uuid)
    initial = {name: getattr(site, name) for name in SiteEditForm.base_fields if name != "version"}
    form = SiteEditForm(posted(request), initial={**initial, "version": site.version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("version")
        try:
            services.site_update(site=site, expected_version=expected, **data)
        except ValidationError as error:
            add_service_errors(form, error)
            carry_current_version(form, error)
        else:
            messages.success(request, _("%(site)s is saved.") % {"site": site.name})
            return redirect(site)
    page = form_page(form, _("Edit %(site)s") % {"site": site.name}, back=site.get_absolute_url())
    return render(request, "consultation/form_page.html", page)


@consultant_only
@require_http_methods(["GET", "POST"])
def classroom_edit(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    classroom = get_visible_or_404(selectors.classrooms_visible_to(request.user), uuid=uuid)
    initial = {
        "name": classroom.name,
        "age_group": classroom.age_group,
        "lead_teacher": classroom.lead_teacher,
        "version": classroom.version,
    }
    form = ClassroomEditForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("version")
        try:
            services.classroom_update(classroom=classroom, expected_version=expected, **data)
        except ValidationError as error:
            add_service_errors(form, error)
            carry_current_version(form, error)
        else:
            messages.success(request, _("Classroom %(name)s is saved.") % {"name": classroom.name})
            return redirect(classroom.site)
    page = form_page(
        form,
        _("Edit classroom %(name)s") % {"name": classroom.name},
        back=classroom.site.get_absolute_url(),
    )
    return render(request, "consultation/form_page.html", page)
