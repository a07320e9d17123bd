"""Cases: open one, its page with the whole history, close it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from consultation import selectors, services
from consultation.dose import case_dose
from consultation.forms import CaseCloseForm, CaseOpenForm
from consultation.models import ConsultationCase
from consultation.selectors.intake import intake_days_of
from consultation.views.common import form_page
from core.dates import local_today
from core.forms import add_service_errors, carry_current_version, posted
from core.http import AuthenticatedRequest
from core.permissions import can_edit, consultant_only, get_visible_or_404
from referrals.selectors import referrals_of_case, with_referral_events

TIMELINE_SHOWN = 50


@consultant_only
@require_http_methods(["GET", "POST"])
def case_create(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    initial = {"opened_on": local_today(), "focus": ConsultationCase.Focus.CHILD}
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
            messages.success(request, _("Case opened. Log the first visit when it happens."))
            return redirect(case)
    page = form_page(
        form,
        _("Open a case"),
        intro=_("Choose the focus, then the child, classroom or site it is about."),
        submit=_("Open the case"),
    )
    return render(request, "consultation/form_page.html", page)


@require_safe
def case_detail(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    user = request.user
    case = get_visible_or_404(selectors.cases_visible_to(user).select_related("intake"), uuid=uuid)
    goals = list(case.goals.select_related("tier", "practice_area"))
    timeline = with_referral_events(case, selectors.case_timeline(case, goals=goals))
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
            "referrals": referrals_of_case(user, case),
            "days_open": case.days_open(local_today()),
            "can_edit": can_edit(user, case.consultant_id) and case.is_open,
            # Follow-ups are recorded after closing too.
            "can_record_measures": can_edit(user, case.consultant_id),
            "administrations": selectors.administrations_of(case),
            "measures_due": selectors.measures_due_of(case),
            "exclusions": selectors.exclusions_of(case),
            "follow_ups": selectors.follow_ups_of(case),
            "intake_days": intake_days_of(case),
            "today": local_today(),
            "closure_sign_off": services.closure_sign_off_required(),
            "dose": case_dose(case, local_today()),
        },
    )


@consultant_only
@require_http_methods(["GET", "POST"])
def case_close(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    case = get_visible_or_404(selectors.cases_visible_to(request.user), uuid=uuid)
    # A close posted on an older version goes on to the service, which says what changed since.
    posted_version = request.POST.get("version", "") if request.method == "POST" else ""
    stale = posted_version not in ("", str(case.version))
    if not case.is_open and not stale:
        messages.info(request, _("This case is already closed."))
        return redirect(case)
    sign_off = services.closure_sign_off_required()
    if sign_off and case.closure_requested and not stale:
        messages.info(request, _("Closure is already requested: it waits for your supervisor."))
        return redirect(case)
    initial = {"closed_on": local_today(), "version": case.version}
    form = CaseCloseForm(posted(request), case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected_version = data.pop("version")
        try:
            if sign_off:
                services.case_close_request(
                    case=case, by=request.user, expected_version=expected_version, **data
                )
            else:
                services.case_close(case=case, expected_version=expected_version, **data)
        except ValidationError as error:
            add_service_errors(form, error)
            carry_current_version(form, error)
        else:
            done = (
                _("Closure requested: your supervisor approves it.")
                if sign_off
                else _("Case closed.")
            )
            messages.success(request, done)
            return redirect(case)
    title, submit = (
        (_("Request closure"), _("Request closure")) if sign_off else (_("Close case"), _("Close"))
    )
    page = form_page(form, f"{title}: {case}", back=case.get_absolute_url(), submit=submit)
    return render(request, "consultation/form_page.html", page)
