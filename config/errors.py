"""The server-error page: drawn without the request's context (the database may be what
failed), with the crisis lines that stand in when it cannot be read."""

from django.http import HttpRequest, HttpResponseServerError
from django.template import loader

from referrals.context_processors import FALLBACK_CRISIS_LINES


def server_error(request: HttpRequest) -> HttpResponseServerError:
    page = loader.get_template("500.html").render({"crisis_lines": FALLBACK_CRISIS_LINES})
    return HttpResponseServerError(page)
