"""Outcomes from the consultant's pages: answering a placement follow-up, recording a child's
demographics (only while consent is in force)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from consultation import selectors, services
from consultation.forms.outcomes import DemographicsForm, FollowUpAnswerForm
from consultation.models import ChildDemographics
from consultation.services.outcomes import NO_CONSENT
from consultation.views.common import form_page
from core.dates import local_today, short_date
from core.forms import add_service_errors, posted
from core.http import AuthenticatedRequest
from core.permissions import consultant_only, get_visible_or_404


@consultant_only
@require_http_methods(["GET", "POST"])
def follow_up_answer(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    """Answer a follow-up whose day has come; one not yet due is not there to answer (404)."""
    follow_ups = selectors.follow_ups_visible_to(request.user).filter(due_on__lte=local_today())
    follow_up = get_visible_or_404(follow_ups, uuid=uuid)
    initial = {"answer": follow_up.answer, "why": follow_up.why}
    form = FollowUpAnswerForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_answer(follow_up=follow_up, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Placement follow-up answered."))
            return redirect("consultation:caseload")
    page = form_page(
        form,
        follow_up.question,
        back=reverse("consultation:caseload"),
        intro=_(
            "%(days)s days after the case closed on %(day)s. Ask the program; answer unknown "
            "when it cannot say."
        )
        % {
            "days": follow_up.days_after,
            "day": short_date(follow_up.case.closed_on or follow_up.due_on),
        },
    )
    return render(request, "consultation/form_page.html", page)


@consultant_only
@require_http_methods(["GET", "POST"])
def demographics_edit(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    child = get_visible_or_404(selectors.children_visible_to(request.user), uuid=uuid)
    title = _("Demographics of %(name)s") % {"name": child.display_name}
    if selectors.consent_in_force(child, local_today(), selectors.Purpose.CONSULTATION) is None:
        context = {"title": title, "message": NO_CONSENT, "back": child.get_absolute_url()}
        return render(request, "consultation/demographics_no_consent.html", context)
    record = selectors.demographics_of(child) or ChildDemographics(child=child)
    initial = {
        "races": record.races,
        "ethnicity": record.ethnicity,
        "gender": record.gender,
        "iep_ifsp": record.iep_ifsp,
        "dual_language": record.dual_language,
    }
    form = DemographicsForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.demographics_record(child=child, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s's demographics are saved.") % {"name": child.display_name}
            )
            return redirect(child)
    page = form_page(
        form,
        title,
        back=child.get_absolute_url(),
        intro=_(
            "Optional, for the program's equity figures: record only what the family chose "
            "to tell. Each answer may be left not recorded, or recorded as declined. They are "
            "never published for groups of fewer children than the reports' threshold."
        ),
    )
    return render(request, "consultation/form_page.html", page)
