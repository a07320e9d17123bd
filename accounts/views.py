from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@login_not_required
@transaction.non_atomic_requests
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"db": "unavailable"}, status=503)
    return JsonResponse({"db": "ok"})


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Consultants land on their caseload; supervisors and program leads on their own home."""
    if request.user.is_consultant:
        from consultation.views import caseload

        return caseload(request)
    try:
        reports_url = reverse("reports:index")
    except NoReverseMatch:
        reports_url = ""
    return render(request, "accounts/home.html", {"reports_url": reports_url})
