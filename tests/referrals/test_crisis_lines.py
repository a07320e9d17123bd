"""The crisis lines in every page's footer: read with the page, so an edited number shows at
once, and never missing: with no active crisis line on record, 988 and the Warmline stand in."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.errors import server_error
from referrals.models import Agency

pytestmark = pytest.mark.django_db


def footer(client) -> str:
    page = client.get(reverse("login")).content.decode()
    return page[page.index('class="border-top') :]


def test_footer_lists_the_crisis_lines_of_the_reference_data(client):
    text = footer(client)
    assert "988" in text and "1-877-271-7611" in text


def test_an_edited_crisis_line_shows_on_the_next_page(client):
    line = Agency.objects.filter(is_crisis_line=True, is_active=True).first()
    line.phone = "1-800-555-0199"
    line.save()
    assert "1-800-555-0199" in footer(client)


def test_with_no_active_crisis_line_the_two_numbers_still_show(client):
    Agency.objects.filter(is_crisis_line=True).update(is_active=False)
    text = footer(client)
    assert "988" in text and "1-877-271-7611" in text


def test_a_deactivated_line_still_shows_and_an_edited_number_is_not_doubled(client):
    Agency.objects.filter(phone="988").update(is_active=False)
    warmline = Agency.objects.get(is_crisis_line=True, name="Early Childhood Warmline")
    warmline.phone = "1-800-555-0123"
    warmline.save()
    text = footer(client)
    assert "988" in text and "1-800-555-0123" in text
    assert "1-877-271-7611" not in text


def test_the_server_error_page_shows_the_two_lines_without_reading_the_database(rf):
    with CaptureQueriesContext(connection) as queries:
        page = server_error(rf.get("/")).content.decode()
    assert 'href="tel:988"' in page and 'href="tel:18772717611"' in page
    assert len(queries) == 0


def test_a_page_not_found_keeps_the_footer(client):
    page = client.get("/no-such-page/")
    assert page.status_code == 404
    assert "1-877-271-7611" in page.content.decode()
