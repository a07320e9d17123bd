"""Exclusion events, from a child-focused case's page: record one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from consultation import selectors, services
from consultation.forms.exclusions import ExclusionForm
from consultation.models import ConsultationCase
from consultation.views.common import form_page
from core.dates import local_today
from core.forms import add_service_errors, posted
from core.http import AuthenticatedRequest
from core.permissions import consultant_only, get_visible_or_404


@consultant_only
@require_http_methods(["GET", "POST"])
def exclusion_create(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    case = get_visible_or_404(
        selectors.cases_visible_to(request.user).filter(focus=ConsultationCase.Focus.CHILD),
        uuid=uuid,
    )
    form = ExclusionForm(posted(request), initial={"occurred_on": local_today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.exclusion_record(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Exclusion event recorded."))
            return redirect(case)
    child = case.child
    if child is None:  # a child-focused case always has its child
        raise Http404("No such case.")
    page = form_page(
        form,
        _("Record an exclusion of %(name)s") % {"name": child.display_name},
        back=case.get_absolute_url(),
        intro=_(
            "Each time the program excluded the child, however briefly: sent home, a shorter "
            "day, asked to keep the child home, suspended, enrolled on conditions, moved or "
            "dismissed."
        ),
    )
    return render(request, "consultation/form_page.html", page)
