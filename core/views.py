"""The pages that belong to no app: the home page and the health check."""

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.http import AuthenticatedRequest


@login_not_required
@transaction.non_atomic_requests
@never_cache
@require_safe
def healthz(request: AuthenticatedRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"db": "unavailable"}, status=503)
    return JsonResponse({"db": "ok"})


@require_safe
def home(request: AuthenticatedRequest) -> HttpResponse:
    """Consultants land on their caseload; supervisors and program leads on their own home."""
    if request.user.is_consultant:
        return redirect("consultation:caseload")
    return render(request, "core/home.html")


@never_cache
@require_safe
def keepalive(request: AuthenticatedRequest) -> HttpResponse:
    """A signed-in page's "stay signed in": the request itself restarts the idle clock."""
    return HttpResponse(status=204)
