"""The team caseload page: one row per consultant, figures worked out by hand below."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultation.models import ConsultationCase
from tests.factories import (
    CaseFactory,
    ConsultantFactory,
    ReferralFactory,
    VisitFactory,
    today,
)

pytestmark = pytest.mark.django_db

TEAM_PAGE = reverse("admin:consultation_team_caseload")


def days_ago(n: int):
    return today() - timedelta(days=n)


@pytest.fixture
def anas_caseload(demo_users):
    """ana: 3 open cases (one 60 days old and never visited, one 10 days old), 1 closed;
    1 visit of 90 minutes in the last 30 days (one older, one archived); 1 overdue follow-up."""
    ana = demo_users["ana"]
    visited = CaseFactory(consultant=ana, opened_on=days_ago(45))
    VisitFactory(case=visited, visit_date=days_ago(7), duration_minutes=90)
    VisitFactory(case=visited, visit_date=days_ago(40), duration_minutes=60)
    VisitFactory(case=visited, visit_date=days_ago(3), duration_minutes=30, is_archived=True)
    stale = CaseFactory(
        consultant=ana, focus="program", child=None, classroom=None, opened_on=days_ago(60)
    )
    CaseFactory(consultant=ana, opened_on=days_ago(10))
    CaseFactory(
        consultant=ana,
        opened_on=days_ago(100),
        status=ConsultationCase.Status.CLOSED,
        closed_on=days_ago(50),
        closure_reason="goals_met",
        placement_at_closure="retained",
    )
    ReferralFactory(case=visited, status="sent", sent_on=days_ago(5), follow_up_due=days_ago(1))
    ReferralFactory(
        case=stale,
        child=None,
        status="sent",
        sent_on=days_ago(5),
        follow_up_due=today() + timedelta(days=5),
    )
    CaseFactory(consultant=demo_users["cara"])  # another team's
    return {"visited": visited, "stale": stale}


def rows_of(response) -> dict:
    return {row["consultant"].username: row for row in response.context["rows"]}


def values(row) -> list:
    return [cell["value"] for cell in row["cells"]]


def test_supervisor_sees_one_row_per_consultant_of_the_team(signed_in, anas_caseload):
    rows = rows_of(signed_in("sue").get(TEAM_PAGE))
    assert set(rows) == {"ana", "ben"}
    #            open  visits  hours  no visit  overdue  oldest open
    assert values(rows["ana"]) == [3, 1, "1.5", 1, 1, days_ago(60)]
    assert values(rows["ben"]) == [0, 0, "0.0", 0, 0, "none"]


def test_program_lead_and_superuser_see_every_consultant(signed_in, anas_caseload):
    for username in ("lee", "admin"):
        assert set(rows_of(signed_in(username).get(TEAM_PAGE))) == {"ana", "ben", "cara"}


def test_each_figure_links_to_the_records_behind_it(signed_in, demo_users, anas_caseload):
    client = signed_in("sue")
    ana_row = rows_of(client.get(TEAM_PAGE))["ana"]
    urls = [cell["url"] for cell in ana_row["cells"]]
    stale_change = f"/{anas_caseload['stale'].pk}/change/"
    visited_change = f"/{anas_caseload['visited'].pk}/change/"

    no_visit = client.get(urls[3]).content.decode()
    assert stale_change in no_visit and visited_change not in no_visit

    overdue = client.get(urls[4]).content.decode()
    assert visited_change in overdue and stale_change not in overdue

    open_cases = client.get(urls[0])
    assert open_cases.context["cl"].result_count == 3

    visits = client.get(urls[1])
    assert visits.context["cl"].result_count == 1

    assert urls[5].endswith(stale_change)


def test_sorting_by_a_column(signed_in, anas_caseload):
    client = signed_in("sue")
    by_open = [
        r["consultant"].username
        for r in client.get(TEAM_PAGE, {"o": "-open_cases"}).context["rows"]
    ]
    assert by_open == ["ana", "ben"]
    by_open_asc = [
        r["consultant"].username for r in client.get(TEAM_PAGE, {"o": "open_cases"}).context["rows"]
    ]
    assert by_open_asc == ["ben", "ana"]
    # An unknown sort key falls back to names, never an error.
    assert client.get(TEAM_PAGE, {"o": "password"}).status_code == 200


def test_every_column_sorts_both_ways_with_ties_by_name_and_no_case_last(
    signed_in, demo_users, anas_caseload
):
    dan = ConsultantFactory(supervisor=demo_users["sue"], first_name="Dan", last_name="Ames")
    CaseFactory(consultant=dan, opened_on=days_ago(200))  # the oldest open case of the team
    client = signed_in("sue")

    def order(o: str) -> list[str]:
        rows = client.get(TEAM_PAGE, {"o": o}).context["rows"]
        return [row["consultant"].username for row in rows]

    ana, ben, dan = "ana", "ben", dan.username
    assert order("name") == [ana, ben, dan] and order("-name") == [dan, ben, ana]
    assert order("open_cases") == [ben, dan, ana] and order("-open_cases") == [ana, dan, ben]
    # Ties (dan and ben have no visit) keep the name order whichever way the column sorts.
    assert order("recent_visits") == [ben, dan, ana] and order("-recent_visits") == [ana, ben, dan]
    assert order("recent_minutes") == [ben, dan, ana] and order("-recent_minutes") == [
        ana,
        ben,
        dan,
    ]
    assert order("no_recent_contact") == [ben, ana, dan] and order("-no_recent_contact") == [
        ana,
        dan,
        ben,
    ]
    assert order("-overdue_referrals") == [ana, ben, dan]
    # A consultant with no open case has no oldest one: last, whichever the direction.
    assert order("oldest_open_on") == [dan, ana, ben]
    assert order("-oldest_open_on") == [ana, dan, ben]
    cells = {r["consultant"].username: r["cells"] for r in client.get(TEAM_PAGE).context["rows"]}
    assert cells[dan][5]["value"] == days_ago(200)
    assert cells[dan][5]["url"] == reverse(
        "admin:consultation_consultationcase_change",
        args=[ConsultationCase.objects.get(consultant__username=dan).pk],
    )


def test_team_page_is_linked_from_the_admin_index(signed_in):
    assert TEAM_PAGE in signed_in("sue").get(reverse("admin:index")).content.decode()


def test_consultants_cannot_open_the_team_page(signed_in):
    assert signed_in("ana").get(TEAM_PAGE).status_code == 302  # to the admin sign-in


def _team_page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(TEAM_PAGE).status_code == 200
    return len(queries)


def test_team_page_query_count_does_not_grow_with_the_team(
    signed_in, demo_users, django_assert_max_num_queries
):
    client = signed_in("sue")
    sue = demo_users["sue"]
    small = _team_page_queries(client)
    for _ in range(52):
        case = CaseFactory(consultant=ConsultantFactory(supervisor=sue))
        VisitFactory(case=case)
        ReferralFactory(case=case, status="sent", sent_on=days_ago(5), follow_up_due=days_ago(1))
    # 54 rows now, and the count is the two-consultant count, 10: session, user, the two-factor
    # device that verified the session, the user's and the group's permissions (admin view
    # check), the consultants with their oldest open case,
    # one UNION ALL of the grouped figures (open cases, recent visits, overdue follow-ups),
    # the ATOMIC_REQUESTS savepoint pair, and the footer's crisis lines. (The idle-timeout
    # middleware writes the session at most once a minute; a test this short never sees it.)
    assert small <= 10
    with django_assert_max_num_queries(small):
        response = client.get(TEAM_PAGE)
    assert len(response.context["rows"]) == 54
