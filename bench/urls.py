"""The project's URLs plus the floor: the cheapest page a signed-in user can get through the
same middleware (session, user, CSRF, CSP, audit, axes), with no query of its own."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_safe

from config.urls import urlpatterns as project_urlpatterns


@require_safe
def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"ok {request.user.username}", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *project_urlpatterns]
