"""The access matrix: every URL pattern of the project x every role x GET and POST -> status.

HOW TO ADD A ROW (a new URL fails `test_every_url_pattern_has_a_row` until you do):

1. Find the URL's key: its namespaced name ("consultation:case_detail", "admin:index"), or, for
   an unnamed pattern, "route:" + its route ("route:admin/auth/group/<path:object_id>/").
2. Add `"key": Row(get=..., post=..., kwargs=...)` to ROWS (or to a module-level dict merged into
   ROWS below: one per app keeps merges painless).
   - get / post: `expect(default, **per_role)` gives every role in ROLES a status; e.g.
     `expect(404, anonymous=302, inactive=302, ana=200, sue=200, lee=200, admin=200)`.
     Shorthands: SIGNED_IN_ONLY(ok), ADMIN_ONLY(...), EVERYONE(status).
   - kwargs: a function of the `world` fixture returning the URL's kwargs, so the request uses
     a real object (e.g. `lambda w: {"uuid": w["ana_case"].uuid}`). Add objects to `world`.
   - query: a query string appended to the URL, if the page needs one.
3. Admin model URLs may share a row through an fnmatch pattern key limited to one model
   ("admin:axes_accesslog_*"); no broader wildcard: each model's rights are stated.

POST requests send an empty body (CSRF is not enforced by the test client): the matrix is about
who may reach the handler, not about what a valid form does (see test_bad_input.py for that).
A deactivated user ("inactive") has a session but is treated as signed out, like anonymous.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import AccessRecord, User
from tests.factories import CaseFactory, ReferralFactory, VisitFactory

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "ana", "ben", "cara", "sue", "tom", "lee", "inactive", "admin")


def expect(default: int, **by_role: int) -> dict[str, int]:
    unknown = set(by_role) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: by_role.get(role, default) for role in ROLES}


def EVERYONE(status: int) -> dict[str, int]:  # noqa: N802 - reads as a constant in the table
    return expect(status)


def SIGNED_IN_ONLY(ok: int, signed_out: int = 302) -> dict[str, int]:  # noqa: N802
    return expect(ok, anonymous=signed_out, inactive=signed_out)


def ADMIN_ONLY(superuser: int = 200, staff: int = 403) -> dict[str, int]:  # noqa: N802
    """An admin page only superusers may use: others are sent to sign in or refused."""
    return expect(302, sue=staff, tom=staff, lee=staff, admin=superuser)


def no_kwargs(world) -> dict:
    return {}


@dataclass(frozen=True)
class Row:
    get: dict[str, int]
    post: dict[str, int]
    kwargs: Callable[[dict], dict] = no_kwargs
    query: str = ""
    follow_login: bool = field(default=True)


def admin_object(key: str) -> Callable[[dict], dict]:
    return lambda world: {"object_id": str(world[key].pk)}


def admin_model_rows(model: str, obj: str, *, superuser: dict) -> dict[str, Row]:
    """Rows for one admin model that only superusers may open. superuser: {view: (get, post)}."""
    views = {
        "changelist": no_kwargs,
        "add": no_kwargs,
        "change": admin_object(obj),
        "history": admin_object(obj),
        "delete": admin_object(obj),
    }
    return {
        f"admin:{model}_{view}": Row(
            get=ADMIN_ONLY(superuser[view][0]), post=ADMIN_ONLY(superuser[view][1]), kwargs=kwargs
        )
        for view, kwargs in views.items()
    }


# (GET, POST) for a superuser. An empty POST to a change or delete page redisplays it (200);
# the history page answers POST like GET.
READ_ONLY = {
    "changelist": (200, 200),
    "add": (403, 403),
    "change": (200, 403),
    "history": (200, 200),
    "delete": (403, 403),
}
FULL = {
    "changelist": (200, 200),
    "add": (200, 200),
    "change": (200, 200),
    "history": (200, 200),
    "delete": (200, 200),
}
USERS = {**FULL, "delete": (403, 403)}

ROWS: dict[str, Row] = {
    # Public by design.
    "healthz": Row(get=EVERYONE(200), post=EVERYONE(405)),
    # Signed-in users are sent on from the login page.
    "login": Row(
        get=expect(302, anonymous=200, inactive=200), post=expect(302, anonymous=200, inactive=200)
    ),
    "logout": Row(get=expect(405, anonymous=302, inactive=302), post=EVERYONE(302)),
    # The home page: any signed-in user.
    "home": Row(get=SIGNED_IN_ONLY(200), post=SIGNED_IN_ONLY(405)),
    # Admin site pages. Staff are supervisors (sue, tom) and the program lead (lee).
    "admin:index": Row(get=ADMIN_ONLY(200, staff=200), post=ADMIN_ONLY(200, staff=200)),
    "admin:login": Row(
        get=expect(302, anonymous=200, ana=200, ben=200, cara=200, inactive=200),
        post=EVERYONE(200),
    ),
    "admin:logout": Row(get=ADMIN_ONLY(405, staff=405), post=EVERYONE(302)),
    "admin:password_change": Row(get=ADMIN_ONLY(200, staff=200), post=ADMIN_ONLY(200, staff=200)),
    "admin:password_change_done": Row(
        get=ADMIN_ONLY(200, staff=200), post=ADMIN_ONLY(405, staff=405)
    ),
    "admin:jsi18n": Row(get=ADMIN_ONLY(200, staff=200), post=ADMIN_ONLY(405, staff=405)),
    # Without a field to complete, the autocomplete endpoint refuses (any real use is a GET).
    "admin:autocomplete": Row(get=ADMIN_ONLY(403, staff=403), post=ADMIN_ONLY(405, staff=405)),
    "admin:view_on_site": Row(
        get=ADMIN_ONLY(404, staff=404),
        post=ADMIN_ONLY(404, staff=404),
        kwargs=lambda w: {"content_type_id": "0", "object_id": "0"},
    ),
    "admin:app_list": Row(
        get=ADMIN_ONLY(200, staff=404),
        post=ADMIN_ONLY(200, staff=404),
        kwargs=lambda w: {"app_label": "accounts"},
    ),
    "admin:auth_user_password_change": Row(
        get=ADMIN_ONLY(200), post=ADMIN_ONLY(200), kwargs=lambda w: {"id": str(w["ana"].pk)}
    ),
    # Accounts and their audit trails: superusers only; audit records read-only even for them.
    **admin_model_rows("accounts_user", "ana", superuser=USERS),
    **admin_model_rows("auth_group", "group", superuser=FULL),
    **admin_model_rows("accounts_accessrecord", "access_record", superuser=READ_ONLY),
    **admin_model_rows("axes_accesslog", "access_log", superuser=READ_ONLY),
    **admin_model_rows("axes_accessfailurelog", "failure_log", superuser=READ_ONLY),
    # Lockout counters: superusers read them and delete them to unlock an account. Their
    # fields are read-only, so a "save" changes nothing and returns to the list.
    **admin_model_rows(
        "axes_accessattempt",
        "attempt",
        superuser={**READ_ONLY, "change": (200, 302), "delete": (200, 200)},
    ),
    # The admin's old-style object URLs only redirect to the change page (or to sign in).
    "route:admin/*/<path:object_id>/": Row(
        get=EVERYONE(302), post=EVERYONE(302), kwargs=lambda w: {"object_id": "1"}
    ),
    # Anything else under /admin/: sign in first, then "not found".
    "route:admin/(?P<url>.*)$": Row(
        get=ADMIN_ONLY(404, staff=404),
        post=ADMIN_ONLY(404, staff=404),
        kwargs=lambda w: {"url": "no-such-page/"},
    ),
}


# URLs whose rows are still to be written, by prefix: the consultant pages, referrals, reports
# and their admin landed together with this module. The matrix is complete only when this is
# empty; delete each prefix as its rows arrive. Adding to it is not a way to skip a new URL.
AWAITING_ROWS = (
    "consultation:",
    "referrals:",
    "reports:",
    "admin:consultation_",
    "admin:referrals_",
    "admin:reports_",
)


def awaiting_row(key: str) -> bool:
    return key not in ROWS and key.startswith(AWAITING_ROWS)


def url_patterns(resolver=None, namespace="", prefix=""):
    """(key, pattern) for every URL pattern: key is the namespaced name, or route: + route."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from url_patterns(pattern, inner, route)
        elif isinstance(pattern, URLPattern):
            key = namespace + pattern.name if pattern.name else f"route:{route}"
            yield key, route


ALL_PATTERNS = sorted(set(url_patterns()))
ALL_KEYS = sorted({key for key, _ in ALL_PATTERNS})


def row_for(key: str) -> Row | None:
    if key in ROWS:
        return ROWS[key]
    for pattern, row in ROWS.items():
        if "*" in pattern and fnmatchcase(key, pattern):
            return row
    return None


def path_for(key: str, route: str, kwargs: dict) -> str:
    if key.startswith("route:"):
        path = "/" + route.replace("^", "").replace("$", "")
        for name, value in kwargs.items():
            path = path.replace(f"<path:{name}>", value).replace(f"(?P<{name}>.*)", value)
        return path
    return reverse(key, kwargs=kwargs)


@pytest.fixture
def world(demo_users):
    """Real objects for URLs that need one. Add what your URLs need; keep names descriptive."""
    inactive = User.objects.create_user("gone", password="gone-pass-2026-x", is_active=False)
    ana_case = CaseFactory(consultant=demo_users["ana"])
    client = Client()
    client.force_login(demo_users["ana"])
    client.get(reverse("consultation:case_detail", args=[ana_case.uuid]))
    Client().post(reverse("login"), {"username": "ana", "password": "wrong"})
    Client().post(reverse("login"), {"username": "ana", "password": "demo-pass-2026"})
    return {
        **demo_users,
        "inactive": inactive,
        "group": Group.objects.get(name="Consultants"),
        "ana_case": ana_case,
        "ana_visit": VisitFactory(case=ana_case),
        "ana_referral": ReferralFactory(case=ana_case),
        "access_record": AccessRecord.objects.first(),
        "access_log": AccessLog.objects.first(),
        "failure_log": AccessFailureLog.objects.first(),
        "attempt": AccessAttempt.objects.create(
            username="mallory", ip_address="203.0.113.1", user_agent="x", failures_since_start=1
        ),
    }


def client_for(role: str, world: dict) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world[role])
    return client


def test_every_url_pattern_has_a_row():
    missing = [key for key in ALL_KEYS if row_for(key) is None and not awaiting_row(key)]
    assert not missing, "URL patterns without a row in the access matrix:\n" + "\n".join(missing)


def test_every_row_names_a_url_that_exists():
    stale = [key for key in ROWS if not any(fnmatchcase(k, key) or k == key for k in ALL_KEYS)]
    assert not stale, f"rows for URLs that no longer exist: {stale}"


@pytest.mark.parametrize(("key", "route"), ALL_PATTERNS, ids=[k for k, _ in ALL_PATTERNS])
def test_status_for_every_role_and_method(key, route, world):
    row = row_for(key)
    if row is None and awaiting_row(key):
        pytest.skip("row to be written (AWAITING_ROWS)")
    if row is None:
        pytest.fail(f"{key} has no row (see the top of this file)")
    path = path_for(key, route, row.kwargs(world)) + row.query
    wrong = []
    for role in ROLES:
        for method, expected in (("GET", row.get[role]), ("POST", row.post[role])):
            client = client_for(role, world)
            response = client.get(path) if method == "GET" else client.post(path, {})
            if response.status_code != expected:
                wrong.append(f"{role:9} {method:4} {path}: {response.status_code}, not {expected}")
    assert not wrong, "\n".join(wrong)
