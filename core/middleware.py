"""Middleware that holds for every page: nothing about a child is kept in a browser's cache."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class NoStoreForSignedInMiddleware:
    """Every response to a signed-in user (pages, exports, file downloads, the admin) carries
    `Cache-Control: no-store, private`: on a shared tablet a child's page must not come back from
    the back button or the disk cache after sign-out. Signed in when the request arrived (the
    sign-out response too) or when it leaves (the sign-in response)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        if signed_in or request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
