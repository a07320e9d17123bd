from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from accounts.mfa import mfa_needed, second_step_done

# Besides the two-factor pages themselves (marked with views_mfa.second_step_page) and the
# pages open to anyone signed out, the only pages reachable before the second step.
OPEN_BEFORE_SECOND_STEP = {"logout", "admin:logout"}


class TwoFactorRequiredMiddleware:
    """Until a signed-in user who needs a second step (accounts.mfa.mfa_needed) has given a code,
    every page sends them to it: deny by default, the admin included. Set on the request:
    `mfa_pending`, which the navigation reads to offer nothing but sign-out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        request.mfa_pending = False  # type: ignore[attr-defined]
        user = request.user
        if not user.is_authenticated or not mfa_needed(session=request.session, user=user):
            return None
        if second_step_done(user):
            return None
        request.mfa_pending = True  # type: ignore[attr-defined]
        if getattr(view_func, "second_step_page", False):
            return None
        if getattr(view_func, "login_required", True) is False:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_BEFORE_SECOND_STEP:
            return None
        target = reverse("mfa_verify")
        if request.method in ("GET", "HEAD"):
            target += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(target)
