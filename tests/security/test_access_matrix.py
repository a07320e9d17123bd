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
     a real object (e.g. `record("ana", "case")`); a tuple for a route with positional groups.
     Add objects to `build_world`.
   - query: a query string appended to the URL (or a function of `world` giving one).
   - A page of one record gets a tuple of rows, one per target: `of_both("case", ...)` checks
     it against ana's record (sue's team) and cara's (tom's team).
3. Admin model URLs may share a row through an fnmatch pattern key limited to one model
   ("admin:axes_accesslog_*"); no broader wildcard: each model's rights are stated.

The world is built once for the module (in a transaction rolled back at its end) and each role
signs in once; every test's own writes are rolled back after it, as usual.

POST requests send an empty body (CSRF is not enforced by the test client): the matrix is about
who may reach the handler, not about what a valid form does (see test_bad_input.py for that).
A deactivated user ("inactive") has a session but is treated as signed out, like anonymous.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from fnmatch import fnmatchcase

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.demo import seed_demo_accounts
from accounts.models import AccessRecord, User
from consultation.models import Activity, ConcernItem, County, PracticeArea, PyramidTier
from referrals.models import Agency, ServiceType
from reports.exports import consultant_code
from reports.models import ReportExport
from tests.factories import (
    CaseFactory,
    ChildFactory,
    ClassroomFactory,
    GoalFactory,
    GoalProgressFactory,
    ObservedConcernFactory,
    ReferralFactory,
    ReferralStatusChangeFactory,
    SiteFactory,
    StarRatingFactory,
    VisitFactory,
)

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

CONSULTANT_ROWS: dict[str, Row | tuple[Row, ...]] = {
    "consultation:caseload": Row(get=SIGNED_IN_ONLY(200), post=READ_ONLY_PAGE),
    "consultation:site_list": Row(get=SIGNED_IN_ONLY(200), post=READ_ONLY_PAGE),
    # An empty POST redisplays the form with its errors (200) and writes nothing.
    "consultation:site_create": Row(get=consultants_only(), post=consultants_only()),
    "consultation:site_detail": of_both("site", get=readable_by, post=lambda owner: READ_ONLY_PAGE),
    "consultation:classroom_create": of_both("site", get=writable_by, post=writable_by),
    "consultation:child_create": of_both("site", get=writable_by, post=writable_by),
    "consultation:child_detail": of_both(
        "child", get=readable_by, post=lambda owner: READ_ONLY_PAGE
    ),
    # POST only; the child has an open case, so the owner's archive is refused with a message.
    "consultation:child_archive": of_both(
        "child",
        get=lambda owner: writable_by(owner, 405) | dict.fromkeys(CONSULTANTS, 405),
        post=lambda owner: writable_by(owner, 302),
    ),
    "consultation:case_create": Row(get=consultants_only(), post=consultants_only()),
    "consultation:case_detail": of_both("case", get=readable_by, post=lambda owner: READ_ONLY_PAGE),
    "consultation:case_close": of_both("case", get=writable_by, post=writable_by),
    # Without ?case= a consultant picks a case; with it, the case must be theirs.
    "consultation:visit_create": (
        Row(get=consultants_only(), post=consultants_only()),
        *(
            Row(
                get=writable_by(owner),
                post=writable_by(owner),
                query=case_query(owner),
            )
            for owner in ("ana", "cara")
        ),
    ),
    "consultation:visit_detail": of_both(
        "visit", get=readable_by, post=lambda owner: READ_ONLY_PAGE
    ),
    "consultation:visit_edit": of_both("visit", get=writable_by, post=writable_by),
    "consultation:visit_summary": of_both(
        "visit", get=readable_by, post=lambda owner: READ_ONLY_PAGE
    ),
    "referrals:referral_list": Row(get=SIGNED_IN_ONLY(200), post=READ_ONLY_PAGE),
    "referrals:referral_create": (
        Row(get=consultants_only(), post=consultants_only()),
        *(
            Row(get=writable_by(owner), post=writable_by(owner), query=case_query(owner))
            for owner in ("ana", "cara")
        ),
    ),
    "referrals:referral_detail": of_both(
        "referral", get=readable_by, post=lambda owner: READ_ONLY_PAGE
    ),
    # POST only: the method is checked before the record, so any consultant gets 405 on GET.
    "referrals:referral_transition": of_both(
        "referral", get=lambda owner: consultants_only(405), post=writable_by
    ),
    "referrals:referral_consent": of_both(
        "referral", get=lambda owner: consultants_only(405), post=writable_by
    ),
    # Read-only pages: the method is refused before the role is looked at.
    "reports:index": Row(get=reviewers_only(), post=READ_ONLY_PAGE),
    "reports:export_visits": Row(get=reviewers_only(), post=READ_ONLY_PAGE),
    "reports:export_table": Row(
        get=reviewers_only(),
        post=READ_ONLY_PAGE,
        kwargs=lambda w: {"table": "by-county"},
    ),
}


# The admin of the case records ------------------------------------------------------------------
# Consultants are not staff: every admin page sends them to sign in (302), like the signed out.
# Reference lists: staff read them, superusers edit them. Case records: a supervisor sees their
# team's (another team's record does not exist: 404), the program lead reads all, nobody deletes.
STAFF = ("sue", "tom", "lee")


def staff(status: int, *, admin: int | None = None, **by_role: int) -> dict[str, int]:
    """Every staff member (and the superuser, unless given) gets `status`; others sign in."""
    return expect(302, **dict.fromkeys(STAFF, status), admin=status if admin is None else admin) | (
        by_role
    )


def in_scope_of(owner: str, ok: int, *, lee: int | None = None, admin: int | None = None):
    """A case record of `owner`: their supervisor gets `ok`, the other supervisor 404."""
    other = {"sue": "tom", "tom": "sue"}[SUPERVISOR_OF[owner]]
    return staff(ok, admin=admin, lee=ok if lee is None else lee) | {other: 404}


def admin_pk(kind: str, owner: str | None = None) -> Callable[[dict], dict]:
    def kwargs(world):
        obj = world["records"][owner][kind] if owner else world[kind]
        return {"object_id": str(obj.pk)}

    return kwargs


def admin_history_version(kind: str, owner: str | None = None) -> Callable[[dict], tuple]:
    def args(world):
        obj = world["records"][owner][kind] if owner else world[kind]
        if not hasattr(obj, "history"):  # a log without an audit trail of its own
            return (str(obj.pk), "0")
        return (str(obj.pk), str(obj.history.order_by("history_id").first().history_id))

    return args


def reference_admin_rows(app: str, model: str, *, history_version: bool = False) -> dict:
    """A reference list: staff read it (a POST of the change form is refused), superusers edit
    and delete (an empty POST redisplays the form or the confirmation)."""
    prefix, pk = f"admin:{app}_{model}", admin_pk(model)
    rows = {
        f"{prefix}_changelist": Row(get=staff(200), post=staff(200)),
        f"{prefix}_add": Row(get=staff(403, admin=200), post=staff(403, admin=200)),
        f"{prefix}_change": Row(get=staff(200), post=staff(403, admin=200), kwargs=pk),
        f"{prefix}_history": Row(get=staff(200), post=staff(200), kwargs=pk),
        f"{prefix}_delete": Row(get=staff(403, admin=200), post=staff(403, admin=200), kwargs=pk),
    }
    if history_version:
        rows[f"{prefix}_simple_history"] = Row(
            get=staff(200), post=staff(405), kwargs=admin_history_version(model)
        )
    return rows


def scoped_admin_rows(
    app: str, model: str, *, superuser_adds: bool = False, read_only: bool = False
) -> dict:
    """A case record, against ana's and cara's: the reviewer's scope decides, the program lead
    reads only, nobody deletes; an empty POST of the change form redisplays it with errors."""
    prefix = f"admin:{app}_{model}"
    add = staff(403, admin=200 if superuser_adds else 403)

    def per_owner(get, post, kwargs) -> tuple[Row, ...]:
        return tuple(
            Row(get=get(owner), post=post(owner), kwargs=kwargs(model, owner))
            for owner in ("ana", "cara")
        )

    return {
        f"{prefix}_changelist": Row(get=staff(200), post=staff(200)),
        f"{prefix}_add": Row(get=add, post=add),
        f"{prefix}_change": per_owner(
            lambda o: in_scope_of(o, 200),
            lambda o: in_scope_of(o, 403) if read_only else in_scope_of(o, 200, lee=403),
            admin_pk,
        ),
        f"{prefix}_history": per_owner(
            lambda o: in_scope_of(o, 200), lambda o: in_scope_of(o, 200), admin_pk
        ),
        f"{prefix}_delete": per_owner(
            lambda o: in_scope_of(o, 403), lambda o: in_scope_of(o, 403), admin_pk
        ),
        f"{prefix}_simple_history": per_owner(
            # A log without versions of its own has no page per version (404).
            lambda o: in_scope_of(o, 404 if read_only else 200),
            lambda o: in_scope_of(o, 404 if read_only else 405),
            admin_history_version,
        ),
    }


ADMIN_RECORD_ROWS: dict[str, Row | tuple[Row, ...]] = {
    **reference_admin_rows("consultation", "county"),
    **reference_admin_rows("consultation", "activity"),
    **reference_admin_rows("consultation", "concernitem"),
    **reference_admin_rows("consultation", "practicearea"),
    **reference_admin_rows("consultation", "pyramidtier"),
    **reference_admin_rows("referrals", "servicetype"),
    **reference_admin_rows("referrals", "agency", history_version=True),
    **scoped_admin_rows("consultation", "site", superuser_adds=True),
    **scoped_admin_rows("consultation", "starrating", superuser_adds=True),
    **scoped_admin_rows("consultation", "classroom", superuser_adds=True),
    **scoped_admin_rows("consultation", "child"),
    **scoped_admin_rows("consultation", "consultationcase"),
    **scoped_admin_rows("consultation", "visit"),
    **scoped_admin_rows("consultation", "observedconcern"),
    **scoped_admin_rows("consultation", "pyramidgoal"),
    **scoped_admin_rows("consultation", "goalprogress"),
    **scoped_admin_rows("referrals", "referral"),
    # The dated steps of a referral: read-only for everyone, superusers included.
    **scoped_admin_rows("referrals", "referralstatuschange", read_only=True),
    "admin:consultation_team_caseload": Row(get=staff(200), post=staff(405)),
    # The export log: superusers read it; nobody adds, edits or deletes a line of it.
    **admin_model_rows("reports_reportexport", "reportexport", superuser=READ_ONLY),
}


ROWS: dict[str, Row | tuple[Row, ...]] = {
    **CONSULTANT_ROWS,
    **ADMIN_RECORD_ROWS,
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


def rows_for(key: str) -> tuple[Row, ...]:
    """The rows of a URL: one Row, or several (one per target, e.g. ana's and cara's record)."""
    found = ROWS.get(key)
    if found is None:
        for pattern, rows in ROWS.items():
            if "*" in pattern and fnmatchcase(key, pattern):
                found = rows
                break
    if found is None:
        return ()
    return found if isinstance(found, tuple) else (found,)


def path_for(key: str, route: str, kwargs: dict | tuple) -> str:
    if key.startswith("route:"):
        path = "/" + route.replace("^", "").replace("$", "")
        for name, value in kwargs.items():
            path = path.replace(f"<path:{name}>", value).replace(f"(?P<{name}>.*)", value)
        return path
    if isinstance(kwargs, tuple):  # a regex route with positional groups
        return reverse(key, args=kwargs)
    return reverse(key, kwargs=kwargs)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Real objects for URLs that need one, built once for the module inside a transaction that
    is rolled back at its end (each test's own changes are rolled back after the test).
    Add what your URLs need; keep names descriptive."""
    with django_db_blocker.unblock(), transaction.atomic():
        objects = build_world()
        # One signed-in session per role, reused by every request of the module.
        objects["sessions"] = {}
        for role in ROLES[1:]:
            client = Client()
            client.force_login(objects[role])
            objects["sessions"][role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield objects
        transaction.set_rollback(True)


def owned_records(consultant: User) -> dict:
    """A consultant's work: a site, classroom, child, case, visit, goal and its progress, an
    observed concern, a star rating and a referral with its status change."""
    site = SiteFactory(consultants=[consultant])
    classroom = ClassroomFactory(site=site)
    child = ChildFactory(classroom=classroom)
    case = CaseFactory(consultant=consultant, child=child)
    visit = VisitFactory(case=case)
    visit.children.add(child)
    goal = GoalFactory(case=case)
    referral = ReferralFactory(case=case)
    return {
        "site": site,
        "classroom": classroom,
        "child": child,
        "case": case,
        "consultationcase": case,
        "visit": visit,
        "goal": goal,
        "pyramidgoal": goal,
        "goalprogress": GoalProgressFactory(goal=goal, visit=visit),
        "observedconcern": ObservedConcernFactory(visit=visit, child=child),
        "starrating": StarRatingFactory(site=site),
        "referral": referral,
        "referralstatuschange": ReferralStatusChangeFactory(referral=referral),
    }


def build_world() -> dict:
    users = seed_demo_accounts()
    inactive = User.objects.create_user("gone", password="gone-pass-2026-x", is_active=False)
    ana, cara = owned_records(users["ana"]), owned_records(users["cara"])
    client = Client()
    client.force_login(users["ana"])
    client.get(reverse("consultation:case_detail", args=[ana["case"].uuid]))
    Client().post(reverse("login"), {"username": "ana", "password": "wrong"})
    Client().post(reverse("login"), {"username": "ana", "password": "demo-pass-2026"})
    service = ServiceType.objects.order_by("pk").first()
    agency = Agency.objects.order_by("pk").first()
    agency.save()  # reference rows arrive by data migration, without an audit trail entry
    return {
        **users,
        "inactive": inactive,
        "records": {"ana": ana, "cara": cara},
        "group": Group.objects.get(name="Consultants"),
        "access_record": AccessRecord.objects.first(),
        "access_log": AccessLog.objects.first(),
        "failure_log": AccessFailureLog.objects.first(),
        "attempt": AccessAttempt.objects.create(
            username="mallory", ip_address="203.0.113.1", user_agent="x", failures_since_start=1
        ),
        # Reference lists, from the data migrations.
        "county": County.objects.order_by("pk").first(),
        "activity": Activity.objects.order_by("pk").first(),
        "concernitem": ConcernItem.objects.order_by("pk").first(),
        "practicearea": PracticeArea.objects.order_by("pk").first(),
        "pyramidtier": PyramidTier.objects.order_by("pk").first(),
        "servicetype": service,
        "agency": agency,
        "reportexport": ReportExport.objects.create(
            exported_by=users["lee"],
            table="by-county",
            variant="internal",
            format="csv",
            row_count=3,
        ),
    }


def client_for(role: str, world: dict) -> Client:
    client = Client()
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world["sessions"][role]
    return client


def test_every_url_pattern_has_a_row():
    missing = [key for key in ALL_KEYS if not rows_for(key)]
    assert not missing, "URL patterns without a row in the access matrix:\n" + "\n".join(missing)


def test_every_row_names_a_url_that_exists():
    stale = [key for key in ROWS if not any(fnmatchcase(k, key) or k == key for k in ALL_KEYS)]
    assert not stale, f"rows for URLs that no longer exist: {stale}"


def test_every_row_states_every_role():
    for key, rows in ROWS.items():
        for row in rows if isinstance(rows, tuple) else (rows,):
            assert set(row.get) == set(row.post) == set(ROLES), key


PUBLIC = {"healthz", "login", "admin:login"}  # pages for the signed out, by design


def test_the_table_grants_no_2xx_to_the_signed_out_or_consultants_in_the_admin():
    """The statuses the table expects are themselves checked: nobody signed out reaches a page
    but the public ones, and no consultant reaches any admin page but its sign-in."""
    granted = []
    for key, rows in ROWS.items():
        for row in rows if isinstance(rows, tuple) else (rows,):
            for method, statuses in (("GET", row.get), ("POST", row.post)):
                roles = {"anonymous", "inactive"} if key not in PUBLIC else set()
                if key.startswith(("admin:", "route:admin")) and key != "admin:login":
                    roles |= set(CONSULTANTS)
                granted += [
                    f"{role} {method} {key}" for role in roles if 200 <= statuses[role] < 300
                ]
    assert not granted


@pytest.mark.parametrize(("key", "route"), ALL_PATTERNS, ids=[k for k, _ in ALL_PATTERNS])
def test_status_for_every_role_and_method(key, route, world):
    rows = rows_for(key)
    if not rows:
        pytest.fail(f"{key} has no row (see the top of this file)")
    wrong = []
    for row in rows:
        query = row.query(world) if callable(row.query) else row.query
        path = path_for(key, route, row.kwargs(world)) + query
        for role in ROLES:
            for method, expected in (("GET", row.get[role]), ("POST", row.post[role])):
                client = client_for(role, world)
                response = client.get(path) if method == "GET" else client.post(path, {})
                if response.status_code != expected:
                    wrong.append(
                        f"{role:9} {method:4} {path}: {response.status_code}, not {expected}"
                    )
    assert not wrong, "\n".join(wrong)


# Exports hold only rows in the user's scope -----------------------------------------------------


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    content = response.streaming_content if response.streaming else [response.content]
    return list(csv.reader(io.StringIO(b"".join(content).decode())))


@pytest.mark.parametrize(
    ("role", "consultants"),
    [("sue", {"ana"}), ("tom", {"cara"}), ("lee", {"ana", "cara"}), ("admin", {"ana", "cara"})],
)
def test_visit_export_holds_only_visits_in_the_users_scope(world, role, consultants):
    today = timezone.localdate()
    period = {
        "period": "custom",
        "date_from": (today - timedelta(days=60)).isoformat(),
        "date_to": today.isoformat(),
    }
    response = client_for(role, world).get(reverse("reports:export_visits"), period)
    rows = csv_rows(response)
    column = rows[0].index("consultant_code")
    codes = {row[column] for row in rows[1:]}
    expected = {consultant_code(world[name].uuid) for name in consultants}
    assert codes == expected  # the world's only visits are ana's and cara's


@pytest.mark.parametrize(("role", "owners"), [("sue", {"ana"}), ("tom", {"cara"})])
def test_admin_case_csv_export_holds_only_cases_in_the_users_scope(world, role, owners):
    """Selecting every case (a forged form holding another team's ids too) exports only the
    reviewer's own team's cases."""
    cases = {owner: world["records"][owner]["case"] for owner in ("ana", "cara")}
    response = client_for(role, world).post(
        reverse("admin:consultation_consultationcase_changelist"),
        {
            "action": "export_csv",
            "select_across": "0",
            "index": "0",
            ACTION_CHECKBOX_NAME: [str(case.pk) for case in cases.values()],
        },
    )
    assert response["Content-Type"].startswith("text/csv")
    exported = {row[0] for row in csv_rows(response)[1:]}
    assert exported == {str(cases[owner].uuid) for owner in owners}
