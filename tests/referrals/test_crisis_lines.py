"""The crisis lines in every page's footer: read once a minute per process, not on every page,
and shown anew as soon as a superuser saves a crisis-line agency in the admin."""

import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from referrals.models import Agency

pytestmark = pytest.mark.django_db


def agency_reads(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("login"))
    reads = sum('FROM "referrals_agency"' in q["sql"] for q in captured.captured_queries)
    return reads, response.content.decode()


def test_footer_reads_the_crisis_lines_once_then_keeps_them(client):
    first_reads, first_page = agency_reads(client)
    second_reads, second_page = agency_reads(client)
    assert first_reads == 1 and second_reads == 0
    assert "988" in first_page and "988" in second_page


def test_saving_a_crisis_line_in_the_admin_shows_the_new_number_at_once(
    client, django_capture_on_commit_callbacks
):
    agency_reads(client)  # the lines are now kept
    line = Agency.objects.filter(is_crisis_line=True, is_active=True).first()
    line.phone = "1-800-555-0199"
    request = RequestFactory().post("/")
    request.user = User.objects.create_superuser("root", "root@example.org", "x" * 16)
    with django_capture_on_commit_callbacks(execute=False) as forgotten_on_commit:
        site._registry[Agency].save_model(request, line, form=None, change=True)
    assert agency_reads(client)[0] == 0  # before the commit, the kept list still stands
    for callback in forgotten_on_commit:
        callback()
    reads, page = agency_reads(client)
    assert reads == 1
    assert "1-800-555-0199" in page
