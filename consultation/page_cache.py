"""Rendered pages kept for the session that saw them, until any record changes.

A consultant opens the caseload, a case, the caseload again; a supervisor pages back and forth
through the cases changelist. Between two such requests nothing usually changed, yet each one
would run its queries and render its table again. `cached_page` keeps the rendered page and
serves it again while the *records version* is the same.

The records version is one number in the database (`RecordsVersion`), raised by triggers on
every table of records (installed by `install_triggers` after each `migrate`), so a change made
anywhere (a form, the admin, a management command, raw SQL, another server process) makes
every kept page stale at once. Each raise also draws a random token, so a number that comes
back (a rolled-back write, a restored backup) never matches a page kept before. On PostgreSQL
the number is raised when the writing transaction commits (a deferred trigger, after every
other deferred check), so readers never see it raised before the data, and a writer holds the
version's row only for the last moment of its commit. Tables written by reading a page
(sessions, the access audit, login attempts, export records) have no trigger, or no page could
be kept.

Privacy: a kept page is what this same session was shown moments ago, nothing more. It is held
in this process's memory only (the `pages` cache is local memory, never a shared service),
under a key made of the session, its CSRF cookie, the address, the local date, the records
version and the user's own row (role, supervisor, flags), for at most `PAGE_CACHE_SECONDS`;
signing out ends the session and with it the key. Pages with messages waiting are never kept
or served from here, and only successful GETs of HTML are kept.
"""

import time
from collections.abc import Callable
from functools import partial, wraps
from hashlib import sha256

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.timezone import localtime as local_now

from consultation.services import local_today

# Tables written when a page is only read: their changes must not make kept pages stale.
WRITTEN_BY_READING = frozenset(
    {
        "sessions.session",
        "accounts.accessrecord",
        "reports.reportexport",
        "axes.accessattempt",
        "axes.accessfailurelog",
        "axes.accesslog",
    }
)
# Columns written by signing in: a sign-in is not a change of the records pages show.
WRITTEN_BY_SIGNING_IN = {"accounts.user": ("last_login",)}
TRIGGER = "records_version_bump"
# PostgreSQL, on the tables written by reading: in a transaction that wrote records, their
# deferred foreign-key checks must also run before the version is raised.
FOLLOW_TRIGGER = "records_version_follow"
PENDING_SETTING = "records.changed"  # PostgreSQL: set in a transaction that wrote records
MARKER_TABLE = "records_change_marker"
VERSION_TABLE = "consultation_recordsversion"  # the version's own: no trigger of any kind


def _tables(*, of_records: bool) -> dict:
    """Table name -> model options, for the tables of records or for those written by reading."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        options = model._meta
        if options.proxy or not options.managed or options.db_table == VERSION_TABLE:
            continue
        if (options.label_lower not in WRITTEN_BY_READING) == of_records:
            tables[options.db_table] = options
    return dict(sorted(tables.items()))


def record_tables() -> list[str]:
    """Every table of records: those whose rows a page may show."""
    return list(_tables(of_records=True))


def _update_event(options) -> str:
    """UPDATE, or UPDATE OF every column but those that signing in writes."""
    skipped = WRITTEN_BY_SIGNING_IN.get(options.label_lower)
    if not skipped:
        return "UPDATE"
    columns = [
        connection.ops.quote_name(field.column)
        for field in options.concrete_fields
        if field.name not in skipped
    ]
    return "UPDATE OF " + ", ".join(columns)


def _postgresql_triggers(cursor) -> list[tuple[str, str]]:
    """(trigger, table) of every trigger install_triggers made on PostgreSQL."""
    cursor.execute(
        "SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE tgname IN (%s, %s)",
        [TRIGGER, FOLLOW_TRIGGER],
    )
    return [(name, table.strip('"')) for name, table in cursor.fetchall()]


def _postgresql_trigger_sql(tables: dict, read_logs: dict) -> list[str]:
    quote = connection.ops.quote_name
    statements = [
        f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (id bigserial PRIMARY KEY)",
        # After each writing statement: mark the transaction, and queue a raise for its commit.
        f"""CREATE OR REPLACE FUNCTION records_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM set_config('{PENDING_SETTING}', 'yes', true);
            INSERT INTO {MARKER_TABLE} DEFAULT VALUES;
            RETURN NULL;
        END $$""",
        # After a write to a table written by reading: queue a marker only if the transaction
        # wrote records, so that the raise still comes after this write's deferred checks.
        f"""CREATE OR REPLACE FUNCTION records_changed_before() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF current_setting('{PENDING_SETTING}', true) = 'yes' THEN
                INSERT INTO {MARKER_TABLE} DEFAULT VALUES;
            END IF;
            RETURN NULL;
        END $$""",
        # At commit, in queue order: only the transaction's last marker raises the version, so
        # the version's row is locked after every other deferred check (foreign keys) has run
        # and its holder waits for nothing else: no deadlock through it.
        f"""CREATE OR REPLACE FUNCTION records_version_bump() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM {MARKER_TABLE} WHERE id = NEW.id;
            IF NOT EXISTS (SELECT 1 FROM {MARKER_TABLE} WHERE id > NEW.id) THEN
                INSERT INTO {VERSION_TABLE} (id, number, token)
                VALUES (1, 1, md5(random()::text || clock_timestamp()::text))
                ON CONFLICT (id) DO UPDATE SET
                    number = {VERSION_TABLE}.number + 1, token = EXCLUDED.token;
            END IF;
            RETURN NULL;
        END $$""",
    ]
    with connection.cursor() as cursor:
        found = _postgresql_triggers(cursor)
    triggered = {table for name, table in found if name == TRIGGER}
    followed = {table for name, table in found if name == FOLLOW_TRIGGER}
    if MARKER_TABLE not in triggered:
        statements.append(
            f"""CREATE CONSTRAINT TRIGGER {TRIGGER} AFTER INSERT ON {MARKER_TABLE}
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION records_version_bump()"""
        )
    # Only where missing: creating a trigger locks its table, and the app may be running.
    for table, options in tables.items():
        if table not in triggered:
            statements.append(
                f"""CREATE TRIGGER {TRIGGER} AFTER INSERT OR {_update_event(options)} OR DELETE
                OR TRUNCATE ON {quote(table)} FOR EACH STATEMENT EXECUTE FUNCTION
                records_changed()"""
            )
    for table in read_logs:
        if table not in followed:
            statements.append(
                f"""CREATE TRIGGER {FOLLOW_TRIGGER} AFTER INSERT OR UPDATE OR DELETE
                ON {quote(table)} FOR EACH STATEMENT EXECUTE FUNCTION records_changed_before()"""
            )
    return statements


def _sqlite_trigger_sql(tables: dict) -> list[str]:
    # SQLite has one writer at a time and row triggers only: raise the version in place.
    statements = []
    for table, options in tables.items():
        for action, event in (
            ("insert", "INSERT"),
            ("update", _update_event(options)),
            ("delete", "DELETE"),
        ):
            name = connection.ops.quote_name(f"{TRIGGER}_{table}_{action}")
            statements += [
                f"DROP TRIGGER IF EXISTS {name}",
                f"""CREATE TRIGGER {name} AFTER {event} ON {connection.ops.quote_name(table)}
                BEGIN
                INSERT INTO {VERSION_TABLE} (id, number, token)
                VALUES (1, 1, hex(randomblob(16)))
                ON CONFLICT (id) DO UPDATE SET number = number + 1, token = excluded.token; END""",
            ]
    return statements


def install_triggers(using: str = "default", **kwargs) -> None:
    """post_migrate receiver: a trigger on every table of records that exists (idempotent)."""
    if using != connection.alias:
        return
    existing = set(connection.introspection.table_names())
    if VERSION_TABLE not in existing:
        return
    tables = {t: o for t, o in _tables(of_records=True).items() if t in existing}
    if connection.vendor == "postgresql":
        read_logs = {t: o for t, o in _tables(of_records=False).items() if t in existing}
        statements = _postgresql_trigger_sql(tables, read_logs)
    elif connection.vendor == "sqlite":
        statements = _sqlite_trigger_sql(tables)
    else:
        return
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def remove_triggers(db_connection) -> None:
    """Every trigger install_triggers made, whatever tables exist now."""
    with db_connection.cursor() as cursor:
        if db_connection.vendor == "postgresql":
            for name, table in _postgresql_triggers(cursor):
                cursor.execute(
                    f"DROP TRIGGER IF EXISTS {name} ON {db_connection.ops.quote_name(table)}"
                )
            cursor.execute("DROP FUNCTION IF EXISTS records_changed() CASCADE")
            cursor.execute("DROP FUNCTION IF EXISTS records_changed_before() CASCADE")
            cursor.execute("DROP FUNCTION IF EXISTS records_version_bump() CASCADE")
            cursor.execute(f"DROP TABLE IF EXISTS {MARKER_TABLE}")
        elif db_connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"{TRIGGER}_%"],
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER IF EXISTS {db_connection.ops.quote_name(name)}")


_version_table_seen = False


def _version_table_exists() -> bool:
    """Whether the version's table exists (code deployed before `migrate`, 0005 unapplied):
    asked until it does, then remembered for the life of the process."""
    global _version_table_seen
    if not _version_table_seen:
        _version_table_seen = VERSION_TABLE in connection.introspection.table_names()
    return _version_table_seen


def records_version() -> str | None:
    """The committed records version (number and token), or None when there is none to go by:
    this transaction has written records itself (its pages show changes others cannot see yet,
    so they are neither kept nor served), or the version's table is not there yet. On SQLite an
    uncommitted raise draws a token no commit will ever have."""
    if not _version_table_exists():
        return None
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT (SELECT number || ':' || token FROM {VERSION_TABLE} WHERE id = 1),"
                f" current_setting('{PENDING_SETTING}', true)"
            )
            version, pending = cursor.fetchone()
            if pending == "yes":
                return None
        else:
            cursor.execute(f"SELECT number || ':' || token FROM {VERSION_TABLE} WHERE id = 1")
            row = cursor.fetchone()
            version = row[0] if row else None
    return version or "0"


def _user_state(user) -> str:
    """Everything stored on the user (role, supervisor, staff and superuser flags, password...):
    the user is read before the version, so a page must not outlive the user it was built for."""
    skipped = WRITTEN_BY_SIGNING_IN.get(user._meta.label_lower, ())
    return repr(
        [
            getattr(user, field.attname)
            for field in user._meta.concrete_fields
            if field.name not in skipped
        ]
    )


def _page_key(request: HttpRequest, *, per_minute: bool = False) -> str | None:
    if not settings.PAGE_CACHE_SECONDS or request.method != "GET":
        return None
    if not request.user.is_authenticated or not request.session.session_key:
        return None
    if len(getattr(request, "_messages", ())):
        return None  # a message to show once: render it, keep nothing
    version = records_version()
    if version is None:
        return None
    parts = (
        request.session.session_key,
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),  # the page's forms carry its token
        request.get_full_path(),
        local_now().strftime("%Y-%m-%d %H:%M") if per_minute else local_today().isoformat(),
        version,
        _user_state(request.user),
    )
    return "page:" + sha256("\x1f".join(parts).encode()).hexdigest()


def keep_no_longer_than(request: HttpRequest, expires_at: float) -> None:
    """Something on the page goes stale by time (a time.time() value): keep it no longer."""
    earliest = getattr(request, "kept_page_expires_at", None)
    request.kept_page_expires_at = expires_at if earliest is None else min(earliest, expires_at)


def _seconds_to_keep(request: HttpRequest) -> int:
    seconds = settings.PAGE_CACHE_SECONDS
    expires_at = getattr(request, "kept_page_expires_at", None)
    if expires_at is not None:
        seconds = min(seconds, int(expires_at - time.time()))
    return max(seconds, 0)


def cached_page(
    view: Callable[..., HttpResponse] | None = None, *, per_minute: bool = False
) -> Callable[..., HttpResponse]:
    """Serve the view's page again to the same session while no record has changed.

    per_minute: the page shows the time of day (a form's "now"), so it is kept a minute at most.
    """
    if view is None:
        return partial(cached_page, per_minute=per_minute)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        key = _page_key(request, per_minute=per_minute)
        if key is None:
            return view(request, *args, **kwargs)
        pages = caches["pages"]
        kept = pages.get(key)
        if kept is not None:
            content, headers = kept
            return HttpResponse(content, headers=headers)
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and response.get("Content-Type", "").startswith("text/html")
            and not len(getattr(request, "_messages", ()))
        ):
            if hasattr(response, "render"):
                response.render()
            seconds = _seconds_to_keep(request)
            if seconds:
                pages.set(key, (response.content, dict(response.items())), seconds)
        return response

    return wrapper
