"""A child's record: adding one, their page, archiving."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from consultation import selectors, services
from consultation.forms import ChildForm
from consultation.models import ObservedConcern
from consultation.views.common import form_page
from core.dates import local_today
from core.forms import add_service_errors, posted
from core.http import AuthenticatedRequest
from core.permissions import can_edit, consultant_only, get_visible_or_404
from referrals.selectors import referrals_of_child


@consultant_only
@require_http_methods(["GET", "POST"])
def child_create(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    site = get_visible_or_404(selectors.sites_visible_to(request.user), uuid=uuid)
    form = ChildForm(posted(request), site=site)
    if request.method == "POST" and form.is_valid():
        try:
            child = services.child_create(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{child.display_name} added.")
            return redirect(child)
    page = form_page(
        form,
        f"Add a child at {site.name}",
        back=site.get_absolute_url(),
        intro="Record only a first name and last initial. Written caregiver consent is "
        "needed before a child-focused case.",
    )
    return render(request, "consultation/form_page.html", page)


@require_safe
def child_detail(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    user = request.user
    child = get_visible_or_404(
        selectors.children_visible_to(user, include_archived=True), uuid=uuid
    )
    today = local_today()
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
            "referrals": referrals_of_child(user, child),
            "can_edit": can_edit(user) and not child.is_archived,
        },
    )


@consultant_only
@require_POST
def child_archive(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    child = get_visible_or_404(selectors.children_visible_to(request.user), uuid=uuid)
    try:
        services.child_archive(child=child)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(child)
    messages.success(request, f"{child.display_name}'s record is archived.")
    return redirect(child.classroom.site)
