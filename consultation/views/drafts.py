"""What the visit form's script calls while the consultant types: keep a draft, find a child
of the site; and discarding a draft from the caseload."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from consultation import selectors, services
from consultation.forms.checklists import found_children
from consultation.models import VisitDraft
from core.http import AuthenticatedRequest
from core.permissions import consultant_only, get_visible_or_404


@consultant_only
@require_POST
def draft_save(request: AuthenticatedRequest) -> HttpResponse:
    """Keep the visit form as typed so far (the form's own fields, posted as they stand):
    ?case= for a new visit, with &visit= for an edit. Answers 204, or 400 with why."""
    user = request.user
    case = get_visible_or_404(selectors.cases_visible_to(user), uuid=request.GET.get("case"))
    visit = None
    if request.GET.get("visit"):
        visit = get_visible_or_404(
            selectors.visits_visible_to(user).filter(case=case), uuid=request.GET["visit"]
        )
    try:
        services.draft_save(
            consultant=user, case=case, visit=visit, data=dict(request.POST.lists())
        )
    except ValidationError as error:
        return JsonResponse({"errors": error.messages}, status=400)
    return HttpResponse(status=204)


@consultant_only
@require_POST
def draft_discard(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    draft: VisitDraft = get_visible_or_404(selectors.drafts_of(request.user), uuid=uuid)
    services.draft_discard(draft=draft, by=request.user)
    messages.success(request, _("The unfinished visit is discarded."))
    return redirect("consultation:caseload")


@consultant_only
@require_safe
def child_search(request: AuthenticatedRequest) -> JsonResponse:
    """Children of the case's site whose first name or initials match ?q=, for "Add a child"
    on the visit form: their name, classroom and date of birth (the form builds their
    checklist for the visit date)."""
    case = get_visible_or_404(
        selectors.open_cases_visible_to(request.user), uuid=request.GET.get("case")
    )
    found = list(found_children(case, request.GET.get("q", "")[:60]).select_related("classroom"))
    periods = selectors.consent_periods(found, selectors.Purpose.CONSULTATION)
    return JsonResponse(
        {
            "children": [
                {
                    "pk": child.pk,
                    "name": child.display_name,
                    "classroom": child.classroom.name,
                    "born": child.date_of_birth.isoformat(),
                    "consent": periods[child.pk],
                    "consentUrl": reverse("consultation:consent_create", args=[child.uuid]),
                }
                for child in found
            ]
        }
    )
