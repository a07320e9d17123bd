from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.audit import access_record_for

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"
# The idle clock is written to the session at most this often, not on every request.
TOUCH_EVERY_SECONDS = 60


def stamp_new_session(*, session, now: float) -> None:
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN_AT] = now


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver (connected in AccountsConfig.ready): start both clocks."""
    if request is not None and hasattr(request, "session"):
        stamp_new_session(session=request.session, now=timezone.now().timestamp())


class SessionTimeoutMiddleware:
    """Automatic logoff: after SESSION_IDLE_TIMEOUT without a request, and SESSION_ABSOLUTE_TIMEOUT
    after signing in, whatever the activity. The user is signed out and sent to the login page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            self.enforce(request)
        return self.get_response(request)

    def enforce(self, request: HttpRequest) -> None:
        session = request.session
        now = timezone.now().timestamp()
        signed_in_at = session.get(SIGNED_IN_AT)
        last_seen_at = session.get(LAST_SEEN_AT)
        if signed_in_at is None or last_seen_at is None:
            # A session from before these clocks existed: start them now.
            stamp_new_session(session=session, now=now)
            return
        idle = now - last_seen_at
        if now - signed_in_at > settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds():
            reason = gettext("Your session reached its time limit. Please sign in again.")
        elif idle > settings.SESSION_IDLE_TIMEOUT.total_seconds():
            reason = gettext(
                "You were signed out after a period without activity. Please sign in again."
            )
        else:
            if idle >= TOUCH_EVERY_SECONDS:
                # Saving the session also pushes its server-side expiry SESSION_COOKIE_AGE on.
                session[LAST_SEEN_AT] = now
            return
        logout(request)
        messages.info(request, reason)


class AccessAuditMiddleware:
    """Writes an AccessRecord for audited pages, downloads, and refused requests (see audit.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The user as the request came in: a logout view leaves request.user anonymous.
        user = request.user if request.user.is_authenticated else None
        response = self.get_response(request)
        if user is not None:
            access_record_for(request=request, response=response, user=user)
        return response
