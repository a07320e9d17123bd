"""Rendered pages kept for the session that saw them, until any record changes.

A consultant opens the caseload, a case, the caseload again; a supervisor pages back and forth
through the cases changelist. Between two such requests nothing usually changed, yet each one
would run its queries and render its table again. `cached_page` keeps the rendered page and
serves it again while the *records version* is the same.

The records version is one number in the database (`RecordsVersion`), raised by triggers on
every table of records (installed by `install_triggers` after each `migrate`), so a change made
anywhere (a form, the admin, a management command, raw SQL, another server process) makes
every kept page stale at once. On PostgreSQL the number is raised when the writing transaction
commits (a deferred trigger), so readers never see it raised before the data, and writers wait
for it only for the moment of their commit. Tables written by reading a page (sessions, the
access audit, login attempts, export records) have no trigger, or no page could be kept.

Privacy: a kept page is what this same session was shown moments ago, nothing more. It is held
in this process's memory only (the `pages` cache is local memory, never a shared service),
under a key made of the session, its CSRF cookie, the address, the local date and the records
version, for at most `PAGE_CACHE_SECONDS`; signing out ends the session and with it the key.
Pages with messages waiting are never kept or served from here, and only successful GETs of
HTML are kept.
"""

from collections.abc import Callable
from functools import wraps
from hashlib import sha256

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse

from consultation.services import local_today

# Tables written when a page is only read: their changes must not make kept pages stale.
WRITTEN_BY_READING = frozenset(
    {
        "sessions.session",
        "accounts.accessrecord",
        "reports.reportexport",
        "consultation.recordsversion",
        "axes.accessattempt",
        "axes.accessfailurelog",
        "axes.accesslog",
    }
)
TRIGGER = "records_version_bump"
PENDING_SETTING = "records.changed"  # PostgreSQL: set in a transaction that wrote records
MARKER_TABLE = "records_change_marker"


def record_tables() -> list[str]:
    """Every table of records: those whose rows a page may show."""
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        options = model._meta
        if options.proxy or not options.managed or options.label_lower in WRITTEN_BY_READING:
            continue
        tables.add(options.db_table)
    return sorted(tables)


def _postgresql_trigger_sql(tables: list[str]) -> list[str]:
    quote = connection.ops.quote_name
    statements = [
        f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (id bigserial PRIMARY KEY)",
        # Per statement, cheap: note once per transaction that it wrote records.
        f"""CREATE OR REPLACE FUNCTION records_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF current_setting('{PENDING_SETTING}', true) IS DISTINCT FROM 'yes' THEN
                PERFORM set_config('{PENDING_SETTING}', 'yes', true);
                INSERT INTO {MARKER_TABLE} DEFAULT VALUES;
            END IF;
            RETURN NULL;
        END $$""",
        # At commit, once per writing transaction: raise the version.
        f"""CREATE OR REPLACE FUNCTION records_version_bump() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO consultation_recordsversion (id, number) VALUES (1, 1)
            ON CONFLICT (id) DO UPDATE SET number = consultation_recordsversion.number + 1;
            DELETE FROM {MARKER_TABLE} WHERE id = NEW.id;
            RETURN NULL;
        END $$""",
        f"DROP TRIGGER IF EXISTS {TRIGGER} ON {MARKER_TABLE}",
        f"""CREATE CONSTRAINT TRIGGER {TRIGGER} AFTER INSERT ON {MARKER_TABLE}
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION records_version_bump()""",
    ]
    for table in tables:
        statements += [
            f"DROP TRIGGER IF EXISTS {TRIGGER} ON {quote(table)}",
            f"""CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
            ON {quote(table)} FOR EACH STATEMENT EXECUTE FUNCTION records_changed()""",
        ]
    return statements


def _sqlite_trigger_sql(tables: list[str]) -> list[str]:
    # SQLite has one writer at a time and row triggers only: raise the version in place.
    statements = []
    for table in tables:
        for event in ("INSERT", "UPDATE", "DELETE"):
            name = connection.ops.quote_name(f"{TRIGGER}_{table}_{event.lower()}")
            statements.append(
                f"""CREATE TRIGGER IF NOT EXISTS {name} AFTER {event}
                ON {connection.ops.quote_name(table)} BEGIN
                INSERT INTO consultation_recordsversion (id, number) VALUES (1, 1)
                ON CONFLICT (id) DO UPDATE SET number = number + 1; END"""
            )
    return statements


def install_triggers(using: str = "default", **kwargs) -> None:
    """post_migrate receiver: a trigger on every table of records that exists (idempotent)."""
    if using != connection.alias:
        return
    existing = set(connection.introspection.table_names())
    if "consultation_recordsversion" not in existing:
        return
    tables = [table for table in record_tables() if table in existing]
    if connection.vendor == "postgresql":
        statements = _postgresql_trigger_sql(tables)
    elif connection.vendor == "sqlite":
        statements = _sqlite_trigger_sql(tables)
    else:
        return
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def records_version() -> int | None:
    """The committed records version, or None when this transaction has written records itself
    (its pages show changes others cannot see yet, so they are neither kept nor served)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT (SELECT number FROM consultation_recordsversion WHERE id = 1),"
                f" current_setting('{PENDING_SETTING}', true)"
            )
            number, pending = cursor.fetchone()
            if pending == "yes":
                return None
        else:
            cursor.execute("SELECT number FROM consultation_recordsversion WHERE id = 1")
            row = cursor.fetchone()
            number = row[0] if row else None
    return number or 0


def _page_key(request: HttpRequest) -> str | None:
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
        local_today().isoformat(),
        str(version),
    )
    return "page:" + sha256("\x1f".join(parts).encode()).hexdigest()


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the view's page again to the same session while no record has changed."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        key = _page_key(request)
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
            pages.set(key, (response.content, dict(response.items())))
        return response

    return wrapper
