"""The crisis lines in every page's footer: read with the page, so an edited number shows at
once, and never missing: with no active crisis line on record, 988 and the Warmline stand in."""

import pytest
from django.urls import reverse

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
