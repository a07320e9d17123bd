"""The vocabulary of the access matrix: roles, expected statuses per role, rows, and the URL
patterns of the project."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, reverse

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
    query: str | Callable[[dict], str] = ""
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

# The consultant pages, referrals and reports ---------------------------------------------------
# Consultants see and change only their own work (anything else does not exist: 404).
# Supervisors read their team's pages, program leads and the administrator read everything; any
# write by them in these pages is refused (403): their editing happens in the admin.
SUPERVISOR_OF = {"ana": "sue", "cara": "tom"}
CONSULTANTS = ("ana", "ben", "cara")


def readable_by(owner: str, ok: int = 200) -> dict[str, int]:
    """A record of `owner`: the owner, their supervisor, the program lead and admin read it."""
    return SIGNED_IN_ONLY(404) | dict.fromkeys((owner, SUPERVISOR_OF[owner], "lee", "admin"), ok)


def writable_by(owner: str, ok: int = 200) -> dict[str, int]:
    """A change to a record of `owner`: the owner only; other consultants cannot see it (404),
    reviewers may not write here (403)."""
    return SIGNED_IN_ONLY(403) | dict.fromkeys(CONSULTANTS, 404) | {owner: ok}


def consultants_only(ok: int = 200) -> dict[str, int]:
    return SIGNED_IN_ONLY(403) | dict.fromkeys(CONSULTANTS, ok)


def reviewers_only(ok: int = 200) -> dict[str, int]:
    """Reports: supervisors, the program lead and admin; consultants do not learn they exist."""
    return SIGNED_IN_ONLY(404) | dict.fromkeys(("sue", "tom", "lee", "admin"), ok)


def record(owner: str, kind: str) -> Callable[[dict], dict]:
    return lambda world: {"uuid": world["records"][owner][kind].uuid}


def case_query(owner: str) -> Callable[[dict], str]:
    return lambda world: f"?case={world['records'][owner]['case'].uuid}"


def of_both(kind: str, *, get, post) -> tuple[Row, ...]:
    """Rows for a page of one record, against ana's record and against cara's: get/post are
    functions of the owner giving each role's status."""
    return tuple(
        Row(get=get(owner), post=post(owner), kwargs=record(owner, kind))
        for owner in ("ana", "cara")
    )


READ_ONLY_PAGE = SIGNED_IN_ONLY(405)  # require_safe answers a POST before anything else


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


def path_for(key: str, route: str, kwargs: dict | tuple) -> str:
    if key.startswith("route:"):
        path = "/" + route.replace("^", "").replace("$", "")
        for name, value in kwargs.items():
            path = path.replace(f"<path:{name}>", value).replace(f"(?P<{name}>.*)", value)
        return path
    if isinstance(kwargs, tuple):  # a regex route with positional groups
        return reverse(key, args=kwargs)
    return reverse(key, kwargs=kwargs)
