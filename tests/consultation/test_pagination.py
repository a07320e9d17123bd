"""Long lists come a page at a time: a program lead's caseload, sites and referrals hold
thousands of rows at state scale. Fifty rows a page; bad page numbers never fail."""

import pytest
from django.urls import reverse

from core.pagination import PER_PAGE
from tests.factories import (
    CaseFactory,
    ConsultantFactory,
    ProgramLeadFactory,
    ReferralFactory,
    SiteFactory,
    VisitFactory,
    today,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_consultant():
    consultant = ConsultantFactory()
    cases = CaseFactory.create_batch(PER_PAGE + 1, consultant=consultant)
    # One case visited this week: the others, opened 45 days ago, have had no visit in 30 days.
    VisitFactory(case=cases[0], consultant=consultant, site=cases[0].site, visit_date=today())
    return consultant


def test_caseload_shows_fifty_cases_a_page_and_counts_them_all(client, busy_consultant):
    client.force_login(busy_consultant)
    url = reverse("consultation:caseload")
    first = client.get(url)
    assert len(first.context["rows"]) == PER_PAGE
    html = first.content.decode()
    assert f"{PER_PAGE + 1} open cases, {PER_PAGE} need attention" in html
    assert "Page 1 of 2" in html and 'href="?page=2"' in html
    second = client.get(url, {"page": 2})
    assert len(second.context["rows"]) == 1
    shown = {row.pk for row in first.context["rows"]} | {row.pk for row in second.context["rows"]}
    assert len(shown) == PER_PAGE + 1  # every case once, none twice


@pytest.mark.parametrize("asked, shown", [("abc", 1), ("0", 2), ("999", 2), ("-1", 2)])
def test_a_bad_page_number_shows_the_first_or_last_page(client, busy_consultant, asked, shown):
    client.force_login(busy_consultant)
    response = client.get(reverse("consultation:caseload"), {"page": asked})
    assert response.status_code == 200
    assert response.context["page"].number == shown


def test_one_page_caseload_shows_no_page_links(client):
    consultant = ConsultantFactory()
    CaseFactory.create_batch(3, consultant=consultant)
    client.force_login(consultant)
    html = client.get(reverse("consultation:caseload")).content.decode()
    assert "3 open cases" in html and "Page 1 of" not in html


def test_site_search_keeps_its_words_in_the_page_links(client):
    lead = ProgramLeadFactory()
    SiteFactory.create_batch(PER_PAGE + 2, name="Sunflower House")
    SiteFactory(name="Elsewhere")
    client.force_login(lead)
    response = client.get(reverse("consultation:site_list"), {"q": "sunflower", "page": 2})
    assert [site.name for site in response.context["sites"]] == ["Sunflower House"] * 2
    assert 'href="?q=sunflower&amp;page=1"' in response.content.decode()


def test_referral_list_comes_a_page_at_a_time(client):
    lead = ProgramLeadFactory()
    ReferralFactory.create_batch(PER_PAGE + 1)
    client.force_login(lead)
    url = reverse("referrals:referral_list")
    assert len(client.get(url).context["referrals"]) == PER_PAGE
    assert len(client.get(url, {"page": 2}).context["referrals"]) == 1
