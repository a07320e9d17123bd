"""Middleware that holds for every page: nothing about a child is kept in a browser's cache, and
no crafted input reaches a query that would crash."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.cache import patch_cache_control

from core.numbers import INT64_MAX, INT64_MIN, parse_int


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


# The query parameters of an admin changelist that are not field lookups.
CHANGELIST_PARAMS = {"q", "o", "p", "e", "all", "_popup", "_to_field", "_facets"}
YEAR_LOOKUP = "__year"


def has_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in data.getlist(key)) for key in data)


def unusable_lookup(params: QueryDict) -> str | None:
    """The first admin changelist lookup whose value is a number the database cannot compare:
    out of 64 bits, in digits other than ASCII, or a year outside 1 to 9999."""
    for key in params:
        if key in CHANGELIST_PARAMS or key.startswith("_"):
            continue
        for value in (item for v in params.getlist(key) for item in v.split(",")):
            number_like = value.strip().removeprefix("-").isdigit()
            low, high = (1, 9999) if key.endswith(YEAR_LOOKUP) else (INT64_MIN, INT64_MAX)
            if number_like and parse_int(value, minimum=low, maximum=high) is None:
                return key
    return None


class BadInputMiddleware:
    """Refuses with 400 what no form or filter can use and would crash a query: a NUL character
    anywhere in the address, the query string or a posted form (PostgreSQL cannot store or compare
    text holding one), and in the admin's lists a number no database column holds. Forms need no
    such guard: their fields refuse bad numbers with an error beside the field (core.forms)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or has_nul(request.GET) or has_nul(request.POST):
            raise BadRequest("A NUL character in the address, the query string or the form.")
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, *args: Any) -> None:
        match = request.resolver_match
        if match and match.namespace == "admin" and (match.url_name or "").endswith("changelist"):
            key = unusable_lookup(request.GET)
            if key is not None:
                raise BadRequest(f"The filter {key!r} holds a number out of range.")
