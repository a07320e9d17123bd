"""Reflective supervision: a supervisor records sessions with their own consultants in the
admin; the consultants read theirs; another supervisor, the program lead and the superuser
never read a session's notes; the reports count hours per consultant per month."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultation.models import SupervisionSession
from consultation.services.supervision import SessionInput, supervision_record
from reports.figures.sql import ReportFilter
from reports.figures.supervision import supervision_hours
from reports.pseudonyms import consultant_code
from tests.factories import CaseFactory, today
from tests.factories_supervision import SupervisionSessionFactory, session_with

pytestmark = pytest.mark.django_db

NOTES = "Ana felt stuck with the director; we planned a reflective check-in."


def session_input(consultants, **overrides) -> SessionInput:
    values = {
        "held_on": today() - timedelta(days=2),
        "minutes": 60,
        "format": SupervisionSession.Format.INDIVIDUAL,
        "consultants": consultants,
        "notes": NOTES,
    }
    return SessionInput(**(values | overrides))


# The service ------------------------------------------------------------------------------------


def test_a_supervisor_records_a_session_with_cases_of_the_consultant(demo_users):
    ana, sue = demo_users["ana"], demo_users["sue"]
    case = CaseFactory(consultant=ana)
    session = supervision_record(supervisor=sue, data=session_input([ana], cases=[case]))
    session.refresh_from_db()
    assert session.supervisor == sue
    assert list(session.consultants.all()) == [ana]
    assert list(session.cases.all()) == [case]


def test_cases_discussed_must_be_the_consultants_own(demo_users):
    ana, ben, sue = demo_users["ana"], demo_users["ben"], demo_users["sue"]
    bens_case = CaseFactory(consultant=ben)
    with pytest.raises(ValidationError) as error:
        supervision_record(supervisor=sue, data=session_input([ana], cases=[bens_case]))
    assert "cases" in error.value.message_dict
    assert not SupervisionSession.objects.exists()


def test_a_supervisor_records_only_their_own_team(demo_users):
    with pytest.raises(ValidationError) as error:
        supervision_record(supervisor=demo_users["sue"], data=session_input([demo_users["cara"]]))
    assert "consultants" in error.value.message_dict


@pytest.mark.parametrize(
    ("format_", "names"),
    [("group", ["ana"]), ("individual", ["ana", "ben"])],
)
def test_a_group_has_several_consultants_an_individual_session_one(demo_users, format_, names):
    consultants = [demo_users[name] for name in names]
    with pytest.raises(ValidationError) as error:
        supervision_record(
            supervisor=demo_users["sue"], data=session_input(consultants, format=format_)
        )
    assert "consultants" in error.value.message_dict


def test_a_consultant_cannot_record_a_session(demo_users):
    with pytest.raises(ValidationError):
        supervision_record(supervisor=demo_users["ana"], data=session_input([demo_users["ben"]]))


# The admin --------------------------------------------------------------------------------------


def test_a_supervisor_adds_a_session_in_the_admin(signed_in, demo_users):
    ana = demo_users["ana"]
    case = CaseFactory(consultant=ana)
    response = signed_in("sue").post(
        reverse("admin:consultation_supervisionsession_add"),
        {
            "held_on": (today() - timedelta(days=1)).isoformat(),
            "minutes": "45",
            "format": "individual",
            "consultants": [ana.pk],
            "cases": [case.pk],
            "notes": NOTES,
        },
    )
    assert response.status_code == 302
    session = SupervisionSession.objects.get()
    assert (session.supervisor, session.minutes) == (demo_users["sue"], 45)
    assert list(session.cases.all()) == [case]


def test_a_bad_session_shows_the_error_beside_the_field_and_keeps_the_notes(signed_in, demo_users):
    response = signed_in("sue").post(
        reverse("admin:consultation_supervisionsession_add"),
        {
            "held_on": today().isoformat(),
            "minutes": "45",
            "format": "group",
            "consultants": [demo_users["ana"].pk],
            "notes": NOTES,
        },
    )
    assert response.status_code == 200
    assert "consultants" in response.context["adminform"].form.errors
    assert NOTES in response.content.decode()
    assert not SupervisionSession.objects.exists()


def test_another_supervisors_session_does_not_exist(signed_in, demo_users):
    session = session_with(demo_users["ana"], notes=NOTES)
    url = reverse("admin:consultation_supervisionsession_change", args=[session.pk])
    assert signed_in("sue").get(url).status_code == 200
    assert signed_in("tom").get(url).status_code == 404
    listed = signed_in("tom").get(reverse("admin:consultation_supervisionsession_changelist"))
    assert list(listed.context["cl"].result_list) == []


@pytest.mark.parametrize("reader", ["lee", "admin"])
def test_the_lead_and_the_superuser_never_read_the_notes(signed_in, demo_users, reader):
    session = session_with(demo_users["ana"], notes=NOTES)
    client = signed_in(reader)
    change = reverse("admin:consultation_supervisionsession_change", args=[session.pk])
    assert client.get(change).status_code == 404
    changelist = client.get(reverse("admin:consultation_supervisionsession_changelist"))
    assert NOTES not in changelist.content.decode()
    report = client.get(
        reverse("reports:index"),
        {"period": "custom", "date_from": today() - timedelta(days=30), "date_to": today()},
    )
    page = report.content.decode()
    assert "Reflective supervision hours" in page
    assert NOTES not in page


def test_the_supervision_changelist_query_count_is_fixed(
    signed_in, demo_users, django_assert_max_num_queries
):
    for n in range(30):
        session_with(demo_users["ana" if n % 2 else "ben"], cases=[CaseFactory()])
    # The supervisor's 10 (see tests/admin/test_queries.py), the row count, the date
    # hierarchy (2) and the prefetched consultants and cases (2): none grows with the rows.
    client = signed_in("sue")
    with django_assert_max_num_queries(15):
        response = client.get(reverse("admin:consultation_supervisionsession_changelist"))
    assert len(response.context["cl"].result_list) == 30


# The consultant's page --------------------------------------------------------------------------


def test_a_consultant_reads_their_own_sessions_and_no_one_elses(signed_in, demo_users):
    session_with(demo_users["ana"], notes=NOTES)
    url = reverse("consultation:supervision_list")
    assert NOTES in signed_in("ana").get(url).content.decode()
    assert NOTES not in signed_in("ben").get(url).content.decode()
    assert signed_in("sue").get(url).status_code == 403


# The reports ------------------------------------------------------------------------------------


@pytest.fixture
def supervised(demo_users):
    """Hand-worked: ana 60 + 90 minutes in August (2 sessions, 2.5 h); a 120-minute group
    session of ana and ben in September (2.0 h each); cara 30 minutes in August (0.5 h); one
    session in October, outside the period. Lead: 5 sessions, 7.0 h; sue: 4 sessions, 6.5 h."""
    ana, ben, cara = demo_users["ana"], demo_users["ben"], demo_users["cara"]
    session_with(ana, held_on=date(2026, 8, 4), minutes=60)
    session_with(ana, held_on=date(2026, 8, 18), minutes=90)
    SupervisionSessionFactory(
        supervisor=demo_users["sue"],
        held_on=date(2026, 9, 9),
        minutes=120,
        format="group",
        consultants=[ana, ben],
    )
    session_with(cara, held_on=date(2026, 8, 20), minutes=30)
    session_with(cara, held_on=date(2026, 10, 2), minutes=600 // 2)
    return demo_users


PERIOD = ReportFilter(date_from=date(2026, 7, 1), date_to=date(2026, 9, 30))


def cells(table):
    return {row.label: (row.values["sessions"], row.values["hours"]) for row in table.rows}


def test_hours_per_consultant_per_month_for_the_lead(supervised):
    u = supervised
    table = supervision_hours(u["lee"], PERIOD)
    assert cells(table) == {
        f"{u['ana']}, 2026-08": (2, 2.5),
        f"{u['ana']}, 2026-09": (1, 2.0),
        f"{u['ben']}, 2026-09": (1, 2.0),
        f"{u['cara']}, 2026-08": (1, 0.5),
    }
    assert (table.total.values["sessions"], table.total.values["hours"]) == (5, 7.0)


def test_a_supervisor_sees_the_hours_of_their_team_only(supervised):
    table = supervision_hours(supervised["sue"], PERIOD)
    assert not any(str(supervised["cara"]) in label for label in cells(table))
    assert table.total.values["hours"] == 6.5


def test_the_public_export_names_no_consultant(client, supervised):
    u = supervised
    client.force_login(u["lee"])
    response = client.get(
        reverse("reports:export_table", args=["supervision-hours"]),
        {
            "period": "custom",
            "date_from": "2026-07-01",
            "date_to": "2026-09-30",
            "format": "csv",
            "public": "1",
        },
    )
    text = b"".join(response.streaming_content).decode()
    labels = [row[0] for row in csv.reader(io.StringIO(text))]
    assert f"{consultant_code(u['ana'].uuid)}, 2026-08" in labels
    for name in ("ana", "ben", "cara"):
        assert str(u[name]) not in text
