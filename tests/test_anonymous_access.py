"""Every URL of the project, except login, logout, the password reset pages and /healthz, sends an
anonymous user to login."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

PUBLIC_URL_NAMES = {
    "login",
    "logout",
    "healthz",
    # Whoever forgot their password is signed out by definition.
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


def iter_patterns(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from iter_patterns(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.name


def concrete_path(route: str) -> str:
    """Fill converters with plausible values so the URL resolves."""
    import re

    route = route.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\/", "/")
    route = re.sub(r"<uuid:[^>]+>", "00000000-0000-0000-0000-000000000000", route)
    route = re.sub(r"<int:[^>]+>", "1", route)
    route = re.sub(r"<(?:str|slug|path:)?[^>]*>", "x", route)
    route = re.sub(r"\(\?P<[^>]+>[^)]*\)", "1", route)
    route = re.sub(r"\([^)]*\)", "x", route)
    return "/" + route.lstrip("/")


ALL_ROUTES = sorted(set(iter_patterns(get_resolver())))


@pytest.mark.parametrize(("route", "name"), ALL_ROUTES)
def test_anonymous_user_is_sent_to_login(client, route, name):
    if name in PUBLIC_URL_NAMES:
        pytest.skip("public by design")
    path = concrete_path(route)
    response = client.get(path)
    assert response.status_code in {301, 302}, path
    # The admin has its own sign-in page; everything else uses the app's.
    assert response["Location"].split("?")[0] in {"/accounts/login/", "/admin/login/"}, path
