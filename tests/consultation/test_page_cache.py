"""Kept pages (consultation.page_cache): served again to the same session until a record changes.

These tests commit their writes (transactional tests): on PostgreSQL the records version is
raised when a writing transaction commits, as it is between two requests in production."""

import time

import pytest
from django.contrib.messages import INFO
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AccessRecord
from consultation import page_cache
from consultation.models import Site
from tests.factories import (
    CaseFactory,
    ConsultantFactory,
    ReferralFactory,
    SupervisorFactory,
    VisitFactory,
)

# serialized_rollback: the database is left as the transactional tests after these expect it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def case():
    supervisor = SupervisorFactory(username="kept-sup")
    case = CaseFactory(consultant=ConsultantFactory(supervisor=supervisor))
    VisitFactory(case=case)
    ReferralFactory(case=case)
    return case


def signed_in(client, user):
    client.force_login(user)
    client.get(reverse("consultation:caseload"))  # the first page sets the CSRF cookie
    return client


def fetch(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_a_page_seen_again_is_served_kept_with_the_same_content(client, case):
    signed_in(client, case.consultant)
    url = case.get_absolute_url()
    built, built_queries = fetch(client, url)
    kept, kept_queries = fetch(client, url)
    assert built.templates and not kept.templates  # the second one rendered nothing
    assert kept.content == built.content
    assert kept_queries < built_queries
    assert kept["Content-Type"] == built["Content-Type"]
    # The audit of reads does not depend on the page being built: both views are recorded.
    assert AccessRecord.objects.filter(user=case.consultant, path=url).count() == 2


def test_a_change_made_through_the_orm_shows_at_once(client, case):
    signed_in(client, case.consultant)
    url = reverse("consultation:caseload")
    fetch(client, url)
    fetch(client, url)
    site = case.child.classroom.site
    site.name = "Renamed Early Learning Center"
    site.save()
    page, _ = fetch(client, url)
    assert page.templates
    assert b"Renamed Early Learning Center" in page.content


def test_a_bulk_update_and_raw_sql_show_at_once(client, case):
    signed_in(client, case.consultant)
    url = case.get_absolute_url()
    fetch(client, url)
    site = case.child.classroom.site
    Site.objects.filter(pk=site.pk).update(name="Bulk Renamed Center")
    assert b"Bulk Renamed Center" in fetch(client, url)[0].content
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Site._meta.db_table} SET name = %s WHERE id = %s",
            ["Raw Renamed Center", site.pk],
        )
    assert b"Raw Renamed Center" in fetch(client, url)[0].content


def test_a_change_not_yet_committed_is_not_hidden_by_a_kept_page(client, case):
    signed_in(client, case.consultant)
    url = reverse("consultation:caseload")
    fetch(client, url)
    with transaction.atomic():
        Site.objects.filter(pk=case.child.classroom.site_id).update(name="Uncommitted Name")
        page, _ = fetch(client, url)
        assert page.templates
        assert b"Uncommitted Name" in page.content
        transaction.set_rollback(True)
    # One row written and committed: on SQLite the version reaches the number the rolled-back
    # write had reached; a page built inside that write must not come back with it.
    Site.objects.filter(pk=case.child.classroom.site_id).update(phone="405-555-0199")
    page, _ = fetch(client, url)
    assert b"Uncommitted Name" not in page.content


def test_another_session_of_the_same_user_builds_its_own_page(client, case):
    from django.test import Client

    other = signed_in(Client(), case.consultant)  # both signed in before anything is kept
    signed_in(client, case.consultant)
    url = case.get_absolute_url()
    fetch(client, url)
    assert not fetch(client, url)[0].templates  # kept for the first session
    assert fetch(other, url)[0].templates


def test_another_consultant_still_gets_404_after_the_owner_viewed_the_case(client, case):
    from django.test import Client

    stranger = signed_in(Client(), ConsultantFactory())  # signed in before anything is kept
    signed_in(client, case.consultant)
    fetch(client, case.get_absolute_url())
    assert not fetch(client, case.get_absolute_url())[0].templates
    assert stranger.get(case.get_absolute_url()).status_code == 404


def test_a_user_changed_since_a_page_was_kept_gets_a_page_built_for_who_they_are_now(case):
    """The user is read before the records version: a page is kept for the user as they were."""
    request = _request_for(case.consultant)
    before = page_cache._page_key(request)
    request.user.role = "program_lead"  # as if read after another process changed it
    assert page_cache._page_key(request) != before


@pytest.mark.parametrize("kind", ["consultant", "supervisor"])
def test_reading_pages_does_not_raise_the_records_version(client, case, kind, demo_users):
    """Sessions, the access audit and export records are written by reading: no page could be
    kept if those writes counted as changes."""
    if kind == "consultant":
        user = case.consultant
        urls = [
            reverse("consultation:caseload"),
            reverse("consultation:site_list"),
            case.child.classroom.site.get_absolute_url(),
            case.child.get_absolute_url(),
            case.get_absolute_url(),
            f"{reverse('consultation:visit_create')}?case={case.uuid}",
            case.visits.get().get_absolute_url(),
            reverse("referrals:referral_list"),
            case.referrals.get().get_absolute_url(),
        ]
    else:
        user = demo_users["sue"]
        CaseFactory(consultant=demo_users["ana"])
        urls = [
            reverse("admin:consultation_consultationcase_changelist"),
            reverse("admin:consultation_visit_changelist"),
            reverse("admin:referrals_referral_changelist"),
            reverse("admin:consultation_team_caseload"),
        ]
    signed_in(client, user)
    before = page_cache.records_version()
    for url in urls:
        fetch(client, url)
        fetch(client, url)
    assert page_cache.records_version() == before


def test_every_table_of_records_has_the_trigger():
    tables = set(page_cache.record_tables())
    assert "consultation_site_consultants" in tables  # many-to-many tables too
    assert "accounts_accessrecord" not in tables
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = %s",
                [page_cache.TRIGGER],
            )
            triggered = {row[0].strip('"') for row in cursor.fetchall()}
        else:
            # One trigger for each of insert, update and delete.
            cursor.execute(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s"
                " GROUP BY tbl_name HAVING count(*) = 3",
                [f"{page_cache.TRIGGER}_%"],
            )
            triggered = {row[0] for row in cursor.fetchall()}
    assert tables <= triggered


def test_signing_in_keeps_the_pages_but_a_change_to_the_user_does_not(case):
    from django.contrib.auth.models import update_last_login

    user = case.consultant
    before = page_cache.records_version()
    update_last_login(None, user)  # what every sign-in writes
    assert page_cache.records_version() == before
    user.first_name = "Renamed"
    user.save()  # every column, last_login included
    assert page_cache.records_version() != before


def test_triggers_removed_then_installed_again(case):
    """What unapplying and reapplying the records version's migration does."""
    page_cache.remove_triggers(connection)
    before = page_cache.records_version()
    Site.objects.update(name="Written without triggers")
    assert page_cache.records_version() == before
    page_cache.install_triggers(using=connection.alias)
    Site.objects.update(name="Written with triggers")
    assert page_cache.records_version() != before


def errors_of_two_writers(commits_waiting, locks_then_writes) -> dict[str, str]:
    """Run two writers in their own transactions and connections, at once.

    commits_waiting() writes; its transaction then waits until the other holds its lock, and
    commits (its deferred checks then wait on that lock). locks_then_writes(say_locked) takes a
    row lock, calls say_locked(), and writes a record (so it needs the version to commit).
    Returns each one's error."""
    import threading
    import time as clock

    from django.db import connections

    locked = threading.Event()
    errors = {}

    def commits_after_the_lock():
        try:
            with transaction.atomic():
                commits_waiting()
                locked.wait(5)
        except Exception as error:  # the caller's assertion reports it
            errors["commits waiting"] = repr(error)
        finally:
            connections.close_all()

    def locks_first():
        try:
            with transaction.atomic():
                locks_then_writes(lambda: (locked.set(), clock.sleep(0.5)))
        except Exception as error:
            errors["locks first"] = repr(error)
        finally:
            connections.close_all()

    writers = [
        threading.Thread(target=commits_after_the_lock),
        threading.Thread(target=locks_first),
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    return errors


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks between connections: PostgreSQL"
)


@postgresql_only
def test_writers_do_not_deadlock_on_the_version_at_commit():
    """A writer whose deferred foreign-key check waits on another writer's row lock must not
    hold the version while it waits (the other writer needs the version to commit)."""
    from consultation.models import Classroom
    from tests.factories import SiteFactory

    first_site, second_site = SiteFactory(), SiteFactory()

    def adds_a_classroom():
        Site.objects.filter(pk=second_site.pk).update(name="Second, renamed")
        Classroom.objects.create(site_id=first_site.pk, name="Room", age_group="mixed")

    def edits_the_site(say_locked):
        list(Site.objects.select_for_update().filter(pk=first_site.pk))
        say_locked()
        Site.objects.filter(pk=first_site.pk).update(phone="405-555-0100")

    assert errors_of_two_writers(adds_a_classroom, edits_the_site) == {}
    assert Classroom.objects.filter(site=first_site, name="Room").exists()


@postgresql_only
def test_a_read_log_written_after_the_last_record_does_not_deadlock_either():
    """An access record (not a record: no version raise of its own) written after the last
    record write: its deferred user check must also run before the version is taken."""
    from accounts.models import User
    from tests.factories import SiteFactory

    first_site, second_site = SiteFactory(), SiteFactory()
    user = ConsultantFactory()

    def writes_then_logs():
        Site.objects.filter(pk=first_site.pk).update(name="First, renamed")
        AccessRecord.objects.create(user_id=user.pk, path="/x/", action="view", status_code=200)

    def locks_the_user(say_locked):
        list(User.objects.select_for_update().filter(pk=user.pk))
        say_locked()
        Site.objects.filter(pk=second_site.pk).update(phone="405-555-0100")

    assert errors_of_two_writers(writes_then_logs, locks_the_user) == {}


def number_of(version: str) -> int:
    return int(version.split(":")[0])


def test_the_version_rises_with_each_committed_change(case):
    before = page_cache.records_version()
    VisitFactory(case=case)
    after = page_cache.records_version()
    assert number_of(after) > number_of(before)
    assert after.split(":")[1] != before.split(":")[1]  # a new token with each raise


def test_turned_off_nothing_is_kept(client, case, settings):
    settings.PAGE_CACHE_SECONDS = 0
    signed_in(client, case.consultant)
    url = case.get_absolute_url()
    fetch(client, url)
    assert fetch(client, url)[0].templates


@pytest.fixture
def at_937(monkeypatch):
    """The clock stands still at 9:37 (the log-a-visit form is kept a minute at most)."""
    from datetime import datetime

    monkeypatch.setattr(page_cache, "local_now", lambda: datetime(2026, 11, 25, 9, 37))
    return monkeypatch


def test_the_log_a_visit_form_is_built_again_the_next_minute(client, case, at_937):
    from datetime import datetime

    signed_in(client, case.consultant)
    url = f"{reverse('consultation:visit_create')}?case={case.uuid}"
    fetch(client, url)
    assert not fetch(client, url)[0].templates
    at_937.setattr(page_cache, "local_now", lambda: datetime(2026, 11, 25, 9, 38))
    assert fetch(client, url)[0].templates


def test_a_page_is_kept_no_longer_than_what_it_shows_stays_fresh(client, case):
    request = _request_for(case.consultant)
    assert page_cache._seconds_to_keep(request) == page_cache.settings.PAGE_CACHE_SECONDS
    page_cache.keep_no_longer_than(request, time.time() + 30.5)
    page_cache.keep_no_longer_than(request, time.time() + 3600)  # the earliest one counts
    assert 29 <= page_cache._seconds_to_keep(request) <= 30
    # Crisis lines read 50 seconds ago are fresh 10 more: a page showing them keeps 10 at most.
    from django.core.cache import cache

    from accounts.context_processors import CRISIS_LINES_CACHE_KEY, crisis_lines

    lines = [{"name": "Line", "phone": "1-800-555-0100", "how": "call"}]
    cache.set(CRISIS_LINES_CACHE_KEY, (lines, time.time() + 10), 60)
    fresh = _request_for(case.consultant)
    assert crisis_lines(fresh)["crisis_lines"]() == lines
    assert 9 <= page_cache._seconds_to_keep(fresh) <= 10


def test_without_the_version_table_pages_are_built_not_broken(client, case, monkeypatch):
    signed_in(client, case.consultant)
    monkeypatch.setattr(page_cache, "_version_table_seen", False)
    monkeypatch.setattr(connection.introspection, "table_names", lambda *a, **k: [])
    url = reverse("consultation:caseload")
    fetch(client, url)
    assert fetch(client, url)[0].templates


def test_a_post_is_never_answered_with_a_kept_page(client, case, at_937):
    signed_in(client, case.consultant)
    url = f"{reverse('consultation:visit_create')}?case={case.uuid}"
    fetch(client, url)
    kept, _ = fetch(client, url)
    assert not kept.templates
    posted = client.post(url, {"case": str(case.uuid), "duration_minutes": "abc"})
    assert posted.status_code == 200
    assert posted.templates
    assert posted.content != kept.content


def _request_for(user, *, message: str | None = None):
    request = RequestFactory().get("/caseload/")
    request.user = user
    request.session = SessionStore()
    request.session.create()
    request._messages = FallbackStorage(request)
    if message:
        request._messages.add(INFO, message)
    return request


def test_a_message_waiting_to_be_shown_means_the_page_is_built(case):
    assert page_cache._page_key(_request_for(case.consultant)) is not None
    waiting = _request_for(case.consultant, message="Visit saved.")
    assert page_cache._page_key(waiting) is None


def test_a_form_that_starts_at_the_time_of_day_is_kept_a_minute_at_most(case, monkeypatch):
    from datetime import datetime

    request = _request_for(case.consultant)
    monkeypatch.setattr(page_cache, "local_now", lambda: datetime(2026, 11, 25, 9, 37))
    at_937 = page_cache._page_key(request, per_minute=True)
    daily = page_cache._page_key(request)
    monkeypatch.setattr(page_cache, "local_now", lambda: datetime(2026, 11, 25, 9, 38))
    assert page_cache._page_key(request, per_minute=True) != at_937
    assert page_cache._page_key(request) == daily


def test_pages_are_kept_no_longer_than_the_crisis_lines(settings):
    from django.conf import settings as project_settings

    from accounts.context_processors import CRISIS_LINES_FRESH_SECONDS

    assert 0 < project_settings.PAGE_CACHE_SECONDS <= CRISIS_LINES_FRESH_SECONDS


def test_a_new_day_is_a_new_page(case, monkeypatch):
    from datetime import date

    request = _request_for(case.consultant)
    monkeypatch.setattr(page_cache, "local_today", lambda: date(2026, 11, 25))
    today = page_cache._page_key(request)
    monkeypatch.setattr(page_cache, "local_today", lambda: date(2026, 11, 26))
    assert page_cache._page_key(request) != today
