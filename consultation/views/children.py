"""A child's record: adding one, their page, correcting it, archiving and restoring it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from consultation import selectors, services
from consultation.forms import ArchiveForm, ChildEditForm, ChildForm
from consultation.models import Child, ObservedConcern
from consultation.services.visit_checks import band_mismatch
from consultation.views.common import form_page
from core.dates import local_today
from core.forms import add_service_errors, carry_current_version, posted
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
            messages.success(
                request,
                _("%(name)s added. Record the caregiver's consent next.")
                % {"name": child.display_name},
            )
            return redirect(child)
    page = form_page(
        form,
        _("Add a child at %(site)s") % {"site": site.name},
        back=site.get_absolute_url(),
        intro=_(
            "Record only a first name and last initial. Caregiver consent is recorded on the "
            "child's page, before a child-focused case or any concern about the child."
        ),
    )
    return render(request, "consultation/form_page.html", page)


def _concerns_with_fit(user, child: Child) -> list[ObservedConcern]:
    """The child's concerns on visits the user may see, each marked with why its checklist item
    no longer fits the child's age band on the visit date ("" when it does): after a corrected
    date of birth, the consultant reviews these; nothing is rewritten for them."""
    concerns = list(
        ObservedConcern.objects.filter(
            child=child, visit__in=selectors.visits_visible_to(user).values("pk")
        )
        .select_related("visit", "concern_item")
        .order_by("-visit__visit_date", "pk")
    )
    for concern in concerns:
        concern.misfit = band_mismatch(child, concern.concern_item, concern.visit.visit_date)  # type: ignore[attr-defined]
    return concerns


@require_safe
def child_detail(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    user = request.user
    child = get_visible_or_404(
        selectors.children_visible_to(user, include_archived=True), uuid=uuid
    )
    today = local_today()
    born = today >= child.date_of_birth
    concerns = _concerns_with_fit(user, child)
    consents = list(selectors.consents_of(child))
    return render(
        request,
        "consultation/child_detail.html",
        {
            "child": child,
            "age_months": child.age_in_months_on(today) if born else None,
            "age_band": child.age_band_on(today).label if born else "",
            "cases": selectors.cases_visible_to(user).filter(child=child),
            "concerns": concerns,
            "misfits": [c for c in concerns if c.misfit],  # type: ignore[attr-defined]
            "consents": consents,
            "consent_today": {
                purpose.value: next(
                    (c for c in consents if c.in_force_on(today) and c.covers_for(purpose)), None
                )
                for purpose in selectors.Purpose
            },
            "referrals": referrals_of_child(user, child),
            "demographics": selectors.demographics_of(child),
            "can_edit": can_edit(user) and not child.is_archived,
            "today": today,
        },
    )


@consultant_only
@require_http_methods(["GET", "POST"])
def child_edit(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    child = get_visible_or_404(selectors.children_visible_to(request.user), uuid=uuid)
    born_before = child.date_of_birth
    form = ChildEditForm(posted(request), child=child)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.child_update(
                child=child,
                first_name=data["first_name"],
                last_initial=data["last_initial"],
                date_of_birth=data["date_of_birth"],
                classroom=data["classroom"],
                correction_reason=data["correction_reason"],
                expected_version=data["version"],
                preferred_language=data["preferred_language"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            carry_current_version(form, error)
        else:
            return _edited(request, child, born_before)
    page = form_page(
        form,
        _("Correct %(name)s's record") % {"name": child.display_name},
        back=child.get_absolute_url(),
        intro=_(
            "A corrected date of birth needs a reason: the age band of every visit rests on "
            "it. Concerns that no longer fit the new band are listed on the child's page to review."
        ),
    )
    return render(request, "consultation/form_page.html", page)


def _edited(request: AuthenticatedRequest, child: Child, born_before) -> HttpResponse:
    messages.success(request, _("%(name)s's record is saved.") % {"name": child.display_name})
    if child.date_of_birth != born_before:
        misfits = [c for c in _concerns_with_fit(request.user, child) if c.misfit]  # type: ignore[attr-defined]
        if misfits:
            visits = len({c.visit_id for c in misfits})
            messages.warning(
                request,
                ngettext(
                    "With the new date of birth, %(concerns)s on %(visits)s visit no longer fit "
                    "the child's age band: they are listed below for you to review. Nothing was "
                    "changed in them.",
                    "With the new date of birth, %(concerns)s on %(visits)s visits no longer fit "
                    "the child's age band: they are listed below for you to review. Nothing was "
                    "changed in them.",
                    visits,
                )
                % {
                    "concerns": ngettext(
                        "%(n)s recorded concern", "%(n)s recorded concerns", len(misfits)
                    )
                    % {"n": len(misfits)},
                    "visits": visits,
                },
            )
    return redirect(child)


@consultant_only
@require_http_methods(["GET", "POST"])
def child_archive(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    """Archive after a confirmation that says what it does and why it is asked."""
    child = get_visible_or_404(selectors.children_visible_to(request.user), uuid=uuid)
    form = ArchiveForm(posted(request), initial={"version": child.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.child_archive(
                child=child,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            carry_current_version(form, error)
        else:
            messages.success(
                request,
                _("%(name)s's record is archived. Restore it from the site's archived children.")
                % {"name": child.display_name},
            )
            return redirect(child.classroom.site)
    page = form_page(
        form,
        _("Archive %(name)s?") % {"name": child.display_name},
        back=child.get_absolute_url(),
        intro=_(
            "%(name)s will disappear from lists and searches; every record about the child "
            "stays, and the record can be restored from the site's page."
        )
        % {"name": child.display_name},
        submit=_("Archive %(name)s") % {"name": child.display_name},
    )
    return render(request, "consultation/form_page.html", page)


@consultant_only
@require_POST
def child_restore(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    children = selectors.children_visible_to(request.user, include_archived=True)
    child = get_visible_or_404(children, uuid=uuid)
    services.child_restore(child=child)
    messages.success(request, _("%(name)s's record is restored.") % {"name": child.display_name})
    return redirect(child)
