"""Who may open what: (role, URL, method) -> status, for every URL of the consultant workspace
and every demo role, against real records of ana (sue's team) and cara (tom's team).

Consultants see and change only their own work (anything else does not exist: 404).
Supervisors read their team's pages, program leads and the administrator read everything;
any write by them is refused (403): their editing happens in the admin."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from referrals.models import Referral
from tests.factories import (
    CaseFactory,
    ChildFactory,
    ClassroomFactory,
    ReferralFactory,
    SiteFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "ana", "ben", "cara", "sue", "tom", "lee", "admin")
# Namespaces whose URLs are covered by their own helpers' tables.
COVERED_ELSEWHERE = ("admin", "reports")


def table(anonymous=302, **by_role):
    return {"anonymous": anonymous, **by_role}


def everyone(status=200, anonymous=302):
    return table(anonymous, **dict.fromkeys(ROLES[1:], status))


def readable_by(owner: str, ok: int = 200):
    """A record of `owner`: the owner, their supervisor and the program leads read it."""
    supervisor = {"ana": "sue", "cara": "tom"}[owner]
    return table(
        **{role: ok if role in (owner, supervisor, "lee", "admin") else 404 for role in ROLES[1:]}
    )


def writable_by(owner: str, ok: int = 200):
    """A change to a record of `owner`: the owner only; other consultants cannot see it (404);
    supervisors and leads may not write here (403)."""
    return table(
        **{
            role: ok if role == owner else 404 if role in ("ana", "ben", "cara") else 403
            for role in ROLES[1:]
        }
    )


def consultants_only(ok: int = 200):
    return table(**{role: ok if role in ("ana", "ben", "cara") else 403 for role in ROLES[1:]})


READ_ONLY_POST = everyone(405)

# (url name, method, target, {role: status}). A target "ana.case" is the uuid argument;
# "?case=ana.case" a query string; None no argument.
TABLE = [
    ("home", "GET", None, everyone()),
    ("healthz", "GET", None, everyone(anonymous=200)),
    ("login", "GET", None, everyone(302, anonymous=200)),
    ("logout", "POST", None, everyone(302, anonymous=302)),
    ("consultation:caseload", "GET", None, everyone()),
    ("consultation:caseload", "POST", None, READ_ONLY_POST),
    ("consultation:site_list", "GET", None, everyone()),
    ("consultation:site_create", "GET", None, consultants_only()),
    ("consultation:site_create", "POST", None, consultants_only()),
    ("consultation:site_detail", "GET", "ana.site", readable_by("ana")),
    ("consultation:site_detail", "GET", "cara.site", readable_by("cara")),
    ("consultation:site_detail", "POST", "ana.site", READ_ONLY_POST),
    ("consultation:classroom_create", "GET", "ana.site", writable_by("ana")),
    ("consultation:classroom_create", "POST", "cara.site", writable_by("cara")),
    ("consultation:child_create", "GET", "ana.site", writable_by("ana")),
    ("consultation:child_create", "POST", "cara.site", writable_by("cara")),
    ("consultation:child_detail", "GET", "ana.child", readable_by("ana")),
    ("consultation:child_detail", "GET", "cara.child", readable_by("cara")),
    # The child has an open case, so the archive is refused with a message and a redirect.
    ("consultation:child_archive", "POST", "ana.child", writable_by("ana", 302)),
    ("consultation:child_archive", "POST", "cara.child", writable_by("cara", 302)),
    ("consultation:case_create", "GET", None, consultants_only()),
    ("consultation:case_create", "POST", None, consultants_only()),
    ("consultation:case_detail", "GET", "ana.case", readable_by("ana")),
    ("consultation:case_detail", "GET", "cara.case", readable_by("cara")),
    ("consultation:case_close", "GET", "ana.case", writable_by("ana")),
    ("consultation:case_close", "POST", "cara.case", writable_by("cara")),
    ("consultation:visit_create", "GET", None, consultants_only()),
    ("consultation:visit_create", "GET", "?case=ana.case", writable_by("ana")),
    ("consultation:visit_create", "POST", "?case=cara.case", writable_by("cara")),
    ("consultation:visit_create", "GET", "?site=ana.site", writable_by("ana")),
    ("consultation:visit_detail", "GET", "ana.visit", readable_by("ana")),
    ("consultation:visit_detail", "GET", "cara.visit", readable_by("cara")),
    ("consultation:visit_edit", "GET", "ana.visit", writable_by("ana")),
    ("consultation:visit_edit", "POST", "cara.visit", writable_by("cara")),
    ("consultation:visit_summary", "GET", "ana.visit", readable_by("ana")),
    ("consultation:visit_summary", "GET", "cara.visit", readable_by("cara")),
    ("referrals:referral_list", "GET", None, everyone()),
    ("referrals:referral_list", "POST", None, READ_ONLY_POST),
    ("referrals:referral_create", "GET", None, consultants_only()),
    ("referrals:referral_create", "GET", "?case=ana.case", writable_by("ana")),
    ("referrals:referral_create", "POST", "?case=cara.case", writable_by("cara")),
    ("referrals:referral_create", "GET", "?child=ana.child", writable_by("ana")),
    ("referrals:referral_detail", "GET", "ana.referral", readable_by("ana")),
    ("referrals:referral_detail", "GET", "cara.referral", readable_by("cara")),
    # An empty POST: the owner gets the page back with the errors (200), nothing changes.
    ("referrals:referral_transition", "POST", "ana.referral", writable_by("ana")),
    ("referrals:referral_transition", "POST", "cara.referral", writable_by("cara")),
    # The method is checked before the record: any consultant gets 405, before any lookup.
    ("referrals:referral_transition", "GET", "ana.referral", consultants_only(405)),
    ("referrals:referral_consent", "POST", "ana.referral", writable_by("ana")),
    ("referrals:referral_consent", "POST", "cara.referral", writable_by("cara")),
]


def owned_records(consultant) -> dict:
    site = SiteFactory(consultants=[consultant])
    child = ChildFactory(classroom=ClassroomFactory(site=site))
    case = CaseFactory(consultant=consultant, child=child)
    visit = VisitFactory(case=case)
    referral = ReferralFactory(case=case)
    return {"site": site, "child": child, "case": case, "visit": visit, "referral": referral}


@pytest.fixture
def world(demo_users):
    return {
        "users": demo_users,
        "ana": owned_records(demo_users["ana"]),
        "cara": owned_records(demo_users["cara"]),
    }


def path_for(name: str, target: str | None, world: dict) -> str:
    if target is None:
        return reverse(name)
    if target.startswith("?"):
        key, ref = target[1:].split("=")
        owner, kind = ref.split(".")
        return f"{reverse(name)}?{key}={world[owner][kind].uuid}"
    owner, kind = target.split(".")
    return reverse(name, args=[world[owner][kind].uuid])


CASES = [
    pytest.param(name, method, target, role, expected[role], id=f"{role}-{method}-{name}-{target}")
    for name, method, target, expected in TABLE
    for role in ROLES
]


@pytest.mark.parametrize(("name", "method", "target", "role", "expected"), CASES)
def test_permission_table(client, world, name, method, target, role, expected):
    if role != "anonymous":
        client.force_login(world["users"][role])
    path = path_for(name, target, world)
    response = client.post(path, {}) if method == "POST" else client.get(path)
    assert response.status_code == expected, (role, method, path)
    if role == "anonymous" and expected == 302 and name != "logout":
        assert response["Location"].startswith(reverse("login"))


def test_writes_refused_to_others_leave_records_unchanged(client, world):
    referral = world["ana"]["referral"]
    for role in ("ben", "cara", "sue", "lee", "admin"):
        client.force_login(world["users"][role])
        client.post(
            reverse("referrals:referral_transition", args=[referral.uuid]),
            {"to_status": "closed", "on": "2026-01-01"},
        )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DRAFT


def iter_url_names(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from iter_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}:{pattern.name}" if namespace else str(pattern.name)


def test_every_url_of_the_project_has_a_row_in_the_table():
    """A new URL must say who may open it: add its rows to TABLE."""
    in_table = {name for name, *_ in TABLE}
    missing = sorted(
        name
        for name in set(iter_url_names(get_resolver()))
        if name.split(":")[0] not in COVERED_ELSEWHERE and name not in in_table
    )
    assert missing == []


def test_every_row_names_every_demo_role():
    for name, method, target, expected in TABLE:
        assert set(expected) == set(ROLES), (name, method, target)
