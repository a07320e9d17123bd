"""What every page's template reads beside its own context."""

from django.conf import settings
from django.http import HttpRequest


def session_clock(request: HttpRequest) -> dict[str, int]:
    """The idle sign-out, in seconds: the page warns before it (static/js/session.js)."""
    return {"idle_seconds": int(settings.SESSION_IDLE_TIMEOUT.total_seconds())}
