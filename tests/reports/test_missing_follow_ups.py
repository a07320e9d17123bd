"""The lead's list of cases with a baseline and no follow-up (paired_data.py's dataset)."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import AccessRecord
from reports.figures import ReportFilter
from reports.figures.missing_follow_ups import missing_follow_ups
from tests.reports.paired_data import PERIOD, build

pytestmark = pytest.mark.django_db

QUERY = {"period": "custom", "date_from": "2026-07-01", "date_to": "2026-09-30"}
URL = reverse("reports:missing_follow_ups")


@pytest.fixture
def data():
    return build()


def test_the_list_holds_the_missing_follow_ups_the_figure_counts(data):
    rows = missing_follow_ups(data.lead, ReportFilter(*PERIOD), today=date(2026, 9, 15))
    found = [(row.case.pk, row.instrument.code, row.subject) for row in rows]
    # Case 10's DECA-P2 (its follow-up voided), case 11's M.T. (TSES), case 3's PERM; case 4
    # (voided baseline) and case 5 (follow-up after the period) are not missing.
    assert sorted(found) == sorted(
        [
            (data.cases[10].pk, "deca-p2", data.cases[10].child.display_name),
            (data.cases[11].pk, "tses", "Teacher M.T."),
            (data.cases[3].pk, "perm", data.cases[3].child.display_name),
        ]
    )
    # Due 30 days after closing; most pressing first.
    assert [row.due_by for row in rows] == [date(2026, 8, 9), date(2026, 9, 19), date(2026, 10, 1)]
    assert [row.overdue for row in rows] == [True, False, False]


def test_a_supervisor_sees_only_the_team_and_the_page_is_audited(client, data):
    client.force_login(data.sup_b)
    page = client.get(URL, QUERY)
    assert page.status_code == 200
    assert [row.case for row in page.context["rows"]] == [data.cases[3]]
    assert data.cases[3].child.display_name in page.content.decode()
    assert data.cases[10].child.display_name not in page.content.decode()
    assert AccessRecord.objects.filter(
        user=data.sup_b, url_name="reports:missing_follow_ups", action=AccessRecord.Action.VIEW
    ).exists()


def test_consultants_do_not_find_the_list(client, data):
    client.force_login(data.ana)
    assert client.get(URL, QUERY).status_code == 404


def test_bad_dates_are_refused_next_to_the_field(client, data):
    client.force_login(data.lead)
    page = client.get(URL, {**QUERY, "date_to": "2026-01-01"})
    assert page.status_code == 400
    assert "The period cannot end before it starts." in page.content.decode()


def test_list_queries_are_bounded(client, data, django_assert_max_num_queries):
    # Session, user and second factor (3), savepoints (2), the form's county and consultant
    # choices (2), the footer's crisis lines (1), the scores read as for the figure (1), the
    # cases with their child, classroom, site and consultant (1), the instruments (1), the
    # access record (1), the navigation's unread notifications (1): 13, whatever the number
    # of rows.
    client.force_login(data.lead)
    with django_assert_max_num_queries(13):
        page = client.get(URL, QUERY)
    assert len(page.context["rows"]) == 3
