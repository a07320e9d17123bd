"""The read audit is complete: every page that names a child wrote an access record.

The crawl requests every URL pattern of the project, as every role, by GET and by POST, with the
access matrix's rows and world (test_access_matrix.py): a URL added later gets a row there and is
crawled here too. Each answer the matrix expects to succeed (2xx) is read, and when it holds the
first name of any child in the world, current or in a past version, the request must have
written an access record (a view or an export) for the user who made it."""

import re

import pytest
from django.urls import reverse

from accounts.models import AccessRecord
from consultation.models import Child
from tests.security import test_access_matrix
from tests.security.access_common import ALL_PATTERNS, ROLES, path_for
from tests.security.access_rows import rows_for
from tests.security.test_access_matrix import client_for

pytestmark = pytest.mark.django_db

world = test_access_matrix.world  # the matrix's objects and signed-in sessions, built once


def child_names() -> re.Pattern:
    """Every first name a child has or had, as whole words ("Kid1" is not found in "Kid12")."""
    names = set(Child.objects.values_list("first_name", flat=True))
    names |= set(Child.history.values_list("first_name", flat=True))
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, names))) + r")\b")


def body_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def crawl(key: str, route: str, world: dict):
    """(role, method, path, response, records written) for each answer expected to succeed."""
    for row in rows_for(key):
        query = row.query(world) if callable(row.query) else row.query
        path = path_for(key, route, row.kwargs(world)) + query
        for role in ROLES:
            for method, expected in (("GET", row.get[role]), ("POST", row.post[role])):
                if not 200 <= expected < 300:
                    continue
                last = AccessRecord.objects.order_by("-pk").values_list("pk", flat=True).first()
                client = client_for(role, world)
                response = client.get(path) if method == "GET" else client.post(path, {})
                written = AccessRecord.objects.filter(
                    pk__gt=last or 0,
                    action__in=[AccessRecord.Action.VIEW, AccessRecord.Action.EXPORT],
                )
                yield role, method, path, response, written


@pytest.mark.parametrize(("key", "route"), ALL_PATTERNS, ids=[k for k, _ in ALL_PATTERNS])
def test_every_page_naming_a_child_wrote_an_access_record(key, route, world):
    names = child_names()
    unaudited = []
    for role, method, path, response, written in crawl(key, route, world):
        found = names.search(body_of(response))
        if found and not written.filter(user=world.get(role)).exists():
            unaudited.append(f"{role:9} {method:4} {path} names {found.group()}, no record")
    assert not unaudited, "\n".join(unaudited)


def test_the_crawl_reads_pages_that_name_children(world):
    """The crawl is not vacuous: the child's own page names the child, and is audited."""
    child = world["records"]["ana"]["child"]
    response = client_for("ana", world).get(reverse("consultation:child_detail", args=[child.uuid]))
    assert child_names().search(body_of(response))
    assert AccessRecord.objects.filter(object_id=str(child.uuid), user=world["ana"]).exists()
