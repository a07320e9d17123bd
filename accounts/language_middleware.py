"""The language saved on a user's profile wins over the browser's (LocaleMiddleware's)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from core.i18n import supported


class UserLanguageMiddleware:
    """After AuthenticationMiddleware: activates the signed-in user's preferred language, if
    they saved one; otherwise LocaleMiddleware's choice (the browser's, else English) stands."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        chosen = supported(getattr(user, "preferred_language", "")) if user else None
        if chosen:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)
