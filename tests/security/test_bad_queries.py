"""Bad input in query strings, property-based (the sibling of test_bad_input.py, which posts
forms): every list and search page of the app and every admin changelist gets arbitrary and
crafted values in every parameter it reads. Whatever arrives, the answer is a page, a redirect
or a 400, never a server error, on SQLite and on PostgreSQL alike.

Pages and parameters are found, not listed: every URL without arguments that answers a GET, the
pages of one site and one referral, and every model registered in the admin; the parameters are
those the page's links and GET forms carry, those the views read (APP_PARAMS), and for the
admin the lookups of its filters and date hierarchy."""

from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import CaseFactory, ReferralFactory, VisitFactory
from tests.security.test_bad_input import NUMBERS, TEXT, url_names

pytestmark = pytest.mark.django_db

# What the app's views read from a query string (besides what their pages link to).
APP_PARAMS = {
    "q", "o", "page", "case", "site", "visit", "child", "children", "timeline", "period",
    "date_from", "date_to", "county", "consultant", "site_type", "format", "public",
}  # fmt: skip
# Every admin changelist reads these, whatever its filters.
ADMIN_PARAMS = {"q", "o", "p", "e", "all", "id__exact", "pk__in"}
# Values that crashed a query once: a NUL (PostgreSQL refuses it in text), digits str.isdigit
# takes but int() refuses ("³") or reads ("٣"), and numbers past 64 bits (SQLite overflows; a
# year past 9999 overflows a date on both).
CRAFTED = ("\x00", "a\x00b", "³", "٣", "1٣", "9" * 30, "-" + "9" * 30, "0", "10000", "1,2,x")
QUERY_VALUE = st.one_of(TEXT, NUMBERS, st.sampled_from(CRAFTED))
# Pages that take no query string worth varying: signing in and out, the health check.
SKIPPED = {
    "login",
    "logout",
    "healthz",
    "keepalive",
    "consultation:draft_save",
    "notifications_read_all",  # a POST-only action
}


class QueryParams(HTMLParser):
    """The parameter names a page's links (?a=b) and GET forms carry."""

    def __init__(self, html: str):
        super().__init__()
        self.names: set[str] = set()
        self.in_get_form = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "?" in (attrs.get("href") or ""):
            self.names |= {name for name, _ in parse_qsl(urlsplit(attrs["href"]).query)}
        elif tag == "form":
            self.in_get_form = (attrs.get("method") or "get").lower() == "get"
        elif tag in {"input", "select"} and self.in_get_form and attrs.get("name"):
            self.names.add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_get_form = False


@pytest.fixture
def world(demo_users):
    case = CaseFactory(consultant=demo_users["ana"])
    VisitFactory(case=case)
    return {"case": case, "site": case.site, "referral": ReferralFactory(case=case)}


def base_query(name: str, world: dict) -> dict:
    """What a page needs to show at all: the child search searches one case's site."""
    return {"case": str(world["case"].uuid)} if name == "consultation:child_search" else {}


def app_pages(world) -> list[tuple[str, str, dict]]:
    """(user, url, the query it needs) of every list and search page outside the admin."""
    pages = []
    for name, pattern in url_names():
        if name.startswith("admin:") or name in SKIPPED or pattern.pattern.converters:
            continue
        user = "lee" if name.startswith("reports:") else "ana"
        user = "sue" if name.startswith("consultation:import_") else user  # importers only
        user = "sue" if name == "consultation:intake_create" else user  # supervisors record
        pages.append((user, reverse(name), base_query(name, world)))
    for name in ("consultation:site_detail", "referrals:referral_detail"):
        obj = world[name.split(":")[1].removesuffix("_detail")]
        pages.append(("ana", reverse(name, args=[obj.uuid]), {}))
    return pages


def admin_changelists(world=None) -> list[tuple[str, str, dict]]:
    return [
        ("admin", reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist"), {})
        for m in admin.site._registry
    ]


def date_lookups(url: str) -> set[str]:
    model = next(m for m in admin.site._registry if url.endswith(f"/{m._meta.model_name}/"))
    field = admin.site._registry[model].date_hierarchy
    return {f"{field}__{part}" for part in ("year", "month", "day")} if field else set()


def params_of(client: Client, url: str, base: dict) -> list[str]:
    response = client.get(url, base, follow=True)
    assert response.status_code == 200, url
    html = not response.streaming and response["Content-Type"].startswith("text/html")
    found = QueryParams(response.content.decode()).names if html else set()
    if "/admin/" in url:
        return sorted(found | ADMIN_PARAMS | date_lookups(url))
    return sorted(found | APP_PARAMS)


def ask(client: Client, url: str, query: dict) -> int:
    status = client.get(url, query).status_code
    assert status < 500, f"{url} answered {status} to {query!r}"
    return status


def check_page(client: Client, url: str, base: dict) -> int:
    """Every parameter with every crafted value, then arbitrary mixes. Returns the requests made."""
    names = params_of(client, url, base)
    tried = 0
    for name in names:
        for value in CRAFTED:
            status = ask(client, url, {**base, name: value})
            tried += 1
            if "\x00" in value:
                assert status == 400, f"{url}?{name}=<NUL> answered {status}, not 400"

    @settings(
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(query=st.dictionaries(st.sampled_from(names), QUERY_VALUE, max_size=4))
    def anything(query):
        ask(client, url, {**base, **query})

    anything()
    return tried


@pytest.mark.parametrize("pages", [app_pages, admin_changelists], ids=["app", "admin"])
def test_crafted_query_strings_never_error(pages, world, signed_in):
    clients, tried = {}, 0
    for user, url, base in pages(world):
        client = clients.setdefault(user, signed_in(user))
        tried += check_page(client, url, base)
    print(f"crafted query strings tried: {tried}")  # issue 17's closing note counts them


def test_the_pages_are_found(world):
    urls = {url for _, url, _ in app_pages(world) + admin_changelists()}
    assert {"/sites/", "/caseload/", "/referrals/", "/visits/children/"} <= urls
    assert "/admin/consultation/visit/" in urls and "/admin/axes/accessattempt/" in urls
    assert date_lookups("/admin/consultation/visit/") == {
        "visit_date__year",
        "visit_date__month",
        "visit_date__day",
    }


@pytest.mark.parametrize(
    "query",
    [
        {"visit_date__year": "9" * 30},
        {"consultant": "9" * 30},
        {"consultant": "³"},
        {"tier__exact": "٣"},
        {"mode": "\x00"},
        {"q": "\x00"},
    ],
)
def test_an_admin_lookup_no_column_holds_is_a_bad_request(query, world, signed_in):
    model = "pyramidgoal" if "tier__exact" in query else "visit"
    response = signed_in("sue").get(reverse(f"admin:consultation_{model}_changelist"), query)
    assert response.status_code == 400
    assert "This request could not be read" in response.content.decode()


def test_a_nul_in_a_search_or_a_form_is_a_bad_request_and_saves_nothing(world, signed_in):
    ana = signed_in("ana")
    assert ana.get(reverse("consultation:site_list"), {"q": "Acorn\x00"}).status_code == 400
    site = world["site"]
    edit = reverse("consultation:site_edit", args=[site.uuid])
    assert ana.post(edit, {"name": "New\x00name"}).status_code == 400
    site.refresh_from_db()
    assert "\x00" not in site.name
    admin_search = {"term": "a\x00", "app_label": "consultation", "model_name": "classroom"}
    response = signed_in("admin").get(reverse("admin:autocomplete"), admin_search)
    assert response.status_code == 400
    # In the address itself: no view, and no access record of the address, ever sees it.
    assert signed_in("sue").get("/admin/r/19/1%00/").status_code == 400
    assert ana.get(f"/sites/{site.uuid}%00/").status_code == 400


def test_page_numbers_out_of_range_show_a_page(world, signed_in):
    ana = signed_in("ana")
    for page in ("9" * 30, "³", "٣", "-1"):
        assert ana.get(reverse("consultation:site_list"), {"page": page}).status_code == 200
