"""My supervision: the reflective supervision sessions a consultant took part in, notes
included (they are the consultant's and the supervisor's). Supervisors record them in the
admin."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from consultation.selectors.supervision import supervision_sessions_of, with_parties
from core.http import AuthenticatedRequest
from core.pagination import page_of
from core.permissions import consultant_only


@require_safe
@consultant_only
def supervision_list(request: AuthenticatedRequest) -> HttpResponse:
    page = page_of(request, with_parties(supervision_sessions_of(request.user)))
    return render(request, "consultation/supervision_list.html", {"page": page})
