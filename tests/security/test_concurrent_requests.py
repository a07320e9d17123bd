"""Two saves of one visit at the same moment, through the pages, on both databases: the loser sees
the conflict message, never a server error (on SQLite, "database is locked" once gave a 500).

On SQLite the requests run against a file copy of the test database, each thread with its own
connection opened with the project's OPTIONS (the in-memory test database shares one cache
between connections, which locks differently from the file a server uses). On PostgreSQL they run
against the test database itself."""

import sqlite3
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from consultation import services
from consultation.models import Visit
from tests.factories import CaseFactory, VisitFactory
from tests.security.test_concurrent_edits import load, text

# How long the first save holds its transaction open, waiting for the second to read the same
# version: long enough to overlap, well under the busy timeout (settings: DJANGO_SQLITE_TIMEOUT).
OVERLAP_SECONDS = 1.5


@pytest.fixture
def file_database(tmp_path):
    """On SQLite, new connections (the request threads') open a file copy of the test database."""
    if connection.vendor != "sqlite":
        yield
        return
    path = tmp_path / "concurrent.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    original = connections.settings["default"]
    connections.settings["default"] = {**original, "NAME": str(path)}
    try:
        yield
    finally:
        connections.settings["default"] = original


def save_in_thread(client: Client, url: str, data: dict, outcome: dict, name: str):
    def run():
        try:
            outcome[name] = client.post(url, data)
        finally:
            connections.close_all()

    return threading.Thread(target=run, name=name)


@pytest.mark.django_db(transaction=True)
def test_the_loser_of_two_simultaneous_saves_sees_the_conflict(demo_users, monkeypatch, request):
    visit = VisitFactory(case=CaseFactory(consultant=demo_users["ana"]), duration_minutes=60)
    url = reverse("consultation:visit_edit", args=[visit.uuid])
    laptop, phone = (Client(raise_request_exception=False) for _ in range(2))
    for client in (laptop, phone):
        client.force_login(demo_users["ana"])
    first_form, second_form = load(laptop, url), load(phone, url)
    request.getfixturevalue("file_database")

    # The first save waits, inside its request's transaction, until the second has read the same
    # version (or could not start: SQLite's IMMEDIATE transaction makes it wait to begin); then
    # it saves first, and the second saves after it.
    first_waiting, second_read, first_saved = (threading.Event() for _ in range(3))
    real_visit_log = services.visit_log

    def gated_visit_log(**kwargs):
        if threading.current_thread().name == "first":
            first_waiting.set()
            second_read.wait(OVERLAP_SECONDS)
            try:
                return real_visit_log(**kwargs)
            finally:
                first_saved.set()
        second_read.set()
        first_saved.wait(30)
        return real_visit_log(**kwargs)

    monkeypatch.setattr(services, "visit_log", gated_visit_log)
    outcome: dict = {}
    first = save_in_thread(
        laptop, url, first_form.data(**{"visit-duration_minutes": "75"}), outcome, "first"
    )
    second = save_in_thread(
        phone, url, second_form.data(**{"visit-notes": "Typed on the phone."}), outcome, "second"
    )
    first.start()
    assert first_waiting.wait(10)
    second.start()
    first.join(60)
    second.join(60)

    assert outcome["first"].status_code == 302
    assert outcome["second"].status_code == 200, outcome["second"].status_code
    body = text(outcome["second"])
    assert "your changes were not saved — review them and save again" in body
    assert "Typed on the phone." in body
    assert in_a_thread(
        lambda: Visit.objects.values_list("duration_minutes", "notes", "version").get(pk=visit.pk)
    ) == (75, "Observed arrival and circle time.", 2)


def in_a_thread(read):
    """What a new connection reads (on SQLite: the file the requests wrote)."""
    result = []

    def run():
        try:
            result.append(read())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    return result[0]
