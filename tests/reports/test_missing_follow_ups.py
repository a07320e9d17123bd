"""The lead's list of cases with a baseline and no follow-up (paired_data.py's dataset)."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import AccessRecord
from reports.figures import ReportFilter
from reports.figures.missing_follow_ups import missing_follow_ups
from reports.figures.paired_change import paired_change
from tests.reports.paired_data import BASELINE, FOLLOW_UP, PERIOD, _case, _tses, build, take

pytestmark = pytest.mark.django_db

QUERY = {"period": "custom", "date_from": "2026-07-01", "date_to": "2026-09-30"}
URL = reverse("reports:missing_follow_ups")


@pytest.fixture
def data():
    return build()


def test_the_list_holds_the_missing_follow_ups_the_figure_counts(data):
    rows = missing_follow_ups(data.lead, ReportFilter(*PERIOD), today=date(2026, 9, 15))
    found = [(row.case_uuid, row.instrument.split(" (")[0], row.subject) for row in rows]
    # Case 10's DECA-P2 (its follow-up voided), case 11's M.T. (TSES), case 3's PERM; case 4
    # (voided baseline) and case 5 (follow-up after the period) are not missing.
    assert sorted(found) == sorted(
        [
            (data.cases[10].uuid, "DECA-P2", data.cases[10].child.display_name),
            (data.cases[11].uuid, "Teachers' Sense of Efficacy Scale", "Teacher M.T."),
            (data.cases[3].uuid, "PERM", data.cases[3].child.display_name),
        ]
    )
    # Due 30 days after closing; most pressing first.
    assert [row.due_by for row in rows] == [date(2026, 8, 9), date(2026, 9, 19), date(2026, 10, 1)]
    assert [row.overdue for row in rows] == [True, False, False]


def test_a_supervisor_sees_only_the_team_and_the_page_is_audited(client, data):
    client.force_login(data.sup_b)
    page = client.get(URL, QUERY)
    assert page.status_code == 200
    assert [row.case_uuid for row in page.context["rows"]] == [data.cases[3].uuid]
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
    # 11 on SQLite, whatever the number of rows: session, user and second factor (3),
    # savepoints (2), the form's county and consultant choices (2), the footer's crisis lines
    # (1), the navigation's unread notifications (1), the access record (1), and the page's
    # rows (1): the missing baselines found in the database (NOT EXISTS an earlier baseline,
    # NOT EXISTS a follow-up on or after it) with their case, child, classroom, site,
    # instrument and consultant columns, 51 read for a page of 50, so no COUNT while the
    # list fits on one page (a later page adds that one COUNT). Pinned at 11: any read per
    # row shows up.
    client.force_login(data.lead)
    with django_assert_max_num_queries(11):
        page = client.get(URL, QUERY)
    assert len(page.context["rows"]) == 3


def test_the_query_agrees_with_the_figure_on_the_awkward_cases(data):
    # Three more PERM cases closed in the period, each a way a one-query pairing could differ:
    # case 12: baselines 03-01 and 05-01, a follow-up 04-01 between them: paired with the
    #   earliest baseline (the figure's rule), so nothing is missing;
    # case 13: a follow-up 04-01 dated before its baseline 05-01: missing, due from 05-01;
    # case 14: its only follow-up voided, and two baselines on the same day: missing once.
    # And case 11's teacher "m.t. " gets a follow-up: the same subject as "M.T." (initials
    # trimmed, any case), so it is no longer missing.
    perm = {"Total risk score": 10}
    old = date(2022, 3, 10)
    for n in (12, 13, 14):
        data.cases[n] = _case(data.ana, data.cases[1].site, old, date(2026, 2, 1), date(2026, 8, 1))
    take(data.cases[12], "perm", BASELINE, date(2026, 3, 1), perm)
    take(data.cases[12], "perm", FOLLOW_UP, date(2026, 4, 1), perm)
    take(data.cases[12], "perm", BASELINE, date(2026, 5, 1), perm)
    take(data.cases[13], "perm", FOLLOW_UP, date(2026, 4, 1), perm)
    take(data.cases[13], "perm", BASELINE, date(2026, 5, 1), perm)
    take(data.cases[14], "perm", BASELINE, date(2026, 3, 1), perm)
    take(data.cases[14], "perm", BASELINE, date(2026, 3, 1), perm)
    take(data.cases[14], "perm", FOLLOW_UP, date(2026, 6, 1), perm, void=True)
    take(data.cases[11], "tses", FOLLOW_UP, date(2026, 8, 16), _tses("6.0"), initials="m.t. ")
    f = ReportFilter(*PERIOD)
    rows = missing_follow_ups(data.lead, f, today=date(2026, 9, 15))
    found = {(row.case_uuid, row.instrument.split(" (")[0], row.baseline_on) for row in rows}
    assert found == {
        (data.cases[10].uuid, "DECA-P2", date(2026, 3, 1)),
        (data.cases[3].uuid, "PERM", date(2026, 5, 1)),
        (data.cases[13].uuid, "PERM", date(2026, 5, 1)),
        (data.cases[14].uuid, "PERM", date(2026, 3, 1)),
    }
    # The figure counts the same baselines, once per score they hold.
    table = {row.label: row.values for row in paired_change(data.lead, f).rows}
    assert table["PERM: Total risk score"]["missing"] == 3
    assert table["DECA-P2: Total Protective Factors"]["missing"] == 1
    assert table["Teachers' Sense of Efficacy Scale: Total (mean)"]["missing"] == 0
