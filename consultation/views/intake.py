"""Requests for consultation: the intake queue, recording a request, its page, and one page per
step it takes (contact, assign, waitlist, decline, not served, open the case)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_http_methods, require_safe

from consultation import selectors
from consultation.forms.intake import (
    AssignForm,
    ContactForm,
    EndForm,
    IntakeForm,
    OpenCaseForm,
    WaitlistForm,
)
from consultation.models import Intake, Site
from consultation.selectors.intake import intake_days_of, intakes_visible_to, standing
from consultation.selectors.intake import intake_queue as queue_rows
from consultation.services import intake as service
from consultation.views.common import form_page
from core.dates import local_today
from core.forms import add_service_errors, posted
from core.http import AuthenticatedRequest
from core.permissions import get_visible_or_404

Status = Intake.Status


@require_safe
def intake_queue(request: AuthenticatedRequest) -> HttpResponse:
    today = local_today()
    return render(
        request,
        "consultation/intake_queue.html",
        {
            "rows": queue_rows(request.user, today),
            "can_record": request.user.is_supervisor,
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
def intake_create(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not user.is_supervisor:
        raise PermissionDenied(_("Supervisors record requests for consultation."))
    form = IntakeForm(
        posted(request),
        initial={"received_on": local_today()},
        sites=Site.objects.filter(is_active=True).select_related("county"),
        classrooms=selectors.classrooms_visible_to(user).filter(is_active=True),
        children=selectors.children_visible_to(user).order_by("first_name", "pk"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            intake = service.intake_receive(by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Request recorded. Record the first contact when it happens.")
            )
            return redirect(intake)
    page = form_page(form, _("Record a request for consultation"), submit=_("Record the request"))
    return render(request, "consultation/form_page.html", page)


@require_safe
def intake_detail(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    user = request.user
    intake = get_visible_or_404(intakes_visible_to(user), uuid=uuid)
    next_steps = [
        (STEP_SLUGS[step], str(STEP_PAGES[STEP_SLUGS[step]].title))
        for step in service.intake_next_steps(user, intake)
    ]
    return render(
        request,
        "consultation/intake_detail.html",
        {
            "intake": intake,
            "steps": list(intake.steps.select_related("consultant")),
            "standing": standing(intake, local_today()),
            "next_steps": next_steps,
            "case_days": intake_days_of(intake.case) if intake.case is not None else None,
        },
    )


@dataclass(frozen=True)
class StepPage:
    step: str
    form: type[forms.Form]
    date_field: str
    title: Promise  # lazy: in the language of the page
    take: Callable[..., Any]


def _assign_form(user, data, initial) -> forms.Form:
    return AssignForm(data, initial=initial, consultants=selectors.consultants_visible_to(user))


STEP_PAGES = {
    "contact": StepPage(
        Status.CONTACTED,
        ContactForm,
        "contacted_on",
        gettext_lazy("Record contact"),
        service.intake_contact,
    ),
    "assign": StepPage(
        Status.ASSIGNED,
        AssignForm,
        "assigned_on",
        gettext_lazy("Assign to a consultant"),
        service.intake_assign,
    ),
    "waitlist": StepPage(
        Status.WAITLISTED,
        WaitlistForm,
        "waitlisted_on",
        gettext_lazy("Waitlist"),
        service.intake_waitlist,
    ),
    "decline": StepPage(
        Status.DECLINED,
        EndForm,
        "ended_on",
        gettext_lazy("Record that it was declined"),
        lambda **kw: service.intake_end(outcome=Status.DECLINED, **kw),
    ),
    "not-served": StepPage(
        Status.NOT_SERVED,
        EndForm,
        "ended_on",
        gettext_lazy("Record that it was not served"),
        lambda **kw: service.intake_end(outcome=Status.NOT_SERVED, **kw),
    ),
    "open-case": StepPage(
        Status.CASE_OPENED,
        OpenCaseForm,
        "opened_on",
        gettext_lazy("Open the case"),
        service.intake_open_case,
    ),
}
STEP_SLUGS = {page.step: slug for slug, page in STEP_PAGES.items()}


@require_http_methods(["GET", "POST"])
def intake_step(request: AuthenticatedRequest, uuid: str, step: str) -> HttpResponse:
    user = request.user
    page = STEP_PAGES.get(step)
    if page is None:
        raise Http404(_("No such step."))
    intake = get_visible_or_404(intakes_visible_to(user), uuid=uuid)
    if page.step not in service.intake_role_steps(user, intake):
        raise PermissionDenied(_("You cannot take this step on this request."))
    initial = {page.date_field: local_today()}
    data = posted(request)
    form = (
        _assign_form(user, data, initial)
        if page.form is AssignForm
        else page.form(data, initial=initial)
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = page.take(intake=intake, by=user, **form.cleaned_data)
        except ValidationError as error:
            for _key, problems in add_service_errors(form, error):
                form.add_error(None, problems)
        else:
            messages.success(request, f"{Status(page.step).label}.")
            return redirect(result if page.step == Status.CASE_OPENED else intake)
    title = _("%(step)s: request of %(day)s from %(site)s") % {
        "step": page.title,
        "day": date_format(intake.received_on, pgettext("short date", "M j, Y")),
        "site": intake.site.name,
    }
    return render(
        request,
        "consultation/form_page.html",
        form_page(form, title, back=intake.get_absolute_url(), submit=str(page.title)),
    )
