"""The audit cannot be edited, even in SQL: database triggers refuse UPDATE and DELETE (and, on
PostgreSQL, TRUNCATE) on the audit tables, whoever connects and however.

The audit tables are the access records (accounts.AccessRecord), the sign-in logs of django-axes
(AccessLog, AccessFailureLog) and every change-history table of django-simple-history (any model
with a history_type field). Two exceptions, both narrow:

- axes fills in a sign-in's logout time once, on sign-out: that one UPDATE is let through.
- Deletes inside `audit_deletes_allowed()`: the retention command (prune_access_records), the
  removal of synthetic demo data, and the tests' flush of a transactional test database. The
  permission lasts until the block ends and is seen by no other connection: on PostgreSQL a
  transaction-local setting (set_config), on SQLite a row in a guard table, inserted and removed
  inside the block's transaction (SQLite has one writer at a time, and nobody else reads an
  uncommitted row).

On SQLite, a migration that rebuilds a table (most ALTERs do) drops that table's triggers: a
later migration touching an audit table ends with
`migrations.RunPython(install_audit_triggers, migrations.RunPython.noop)`.
tests/security/test_audit_triggers.py fails when an audit table has lost its triggers.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction

AUDIT_LABELS = (
    "accounts.accessrecord",
    "accounts.twofactorevent",
    "axes.accesslog",
    "axes.accessfailurelog",
)
# Columns that may be filled in once (from NULL), and nothing else on the row changed with them.
FILLED_ONCE = {"axes.accesslog": "logout_time"}
GUARD_TABLE = "audit_deletes_guard"  # SQLite only
PG_SETTING = "iecmh.audit_deletes"  # PostgreSQL only
PG_FUNCTION = "audit_immutable_refuse"
OPERATIONS = ("update", "delete", "truncate")


def audit_models(apps) -> list:
    """The models whose tables are the audit: from `apps`, the registry or a migration's state."""
    found = []
    for model in apps.get_models():
        meta = model._meta
        names = {field.name for field in meta.get_fields()}
        if meta.label_lower in AUDIT_LABELS or {"history_id", "history_type"} <= names:
            found.append(model)
    return sorted(found, key=lambda model: model._meta.db_table)


def trigger_name(connection, table: str, operation: str) -> str:
    """PostgreSQL names triggers per table (and cuts names at 63 bytes); SQLite per database."""
    if connection.vendor == "postgresql":
        return f"audit_immutable_{operation}"
    return f"audit_immutable_{table}_{operation}"


def _quote(connection, name: str) -> str:
    return connection.ops.quote_name(name)


def _update_condition(connection, model) -> str:
    """When an UPDATE is refused: always, or for a filled-once column, unless only that column
    goes from NULL to a value."""
    column = FILLED_ONCE.get(model._meta.label_lower)
    if column is None:
        return ""
    others = [f.column for f in model._meta.concrete_fields if f.column != column]
    changed = " OR ".join(
        f"OLD.{_quote(connection, c)} IS DISTINCT FROM NEW.{_quote(connection, c)}" for c in others
    )
    old = _quote(connection, column)
    return f"OLD.{old} IS NOT NULL OR {changed}"


def _create(connection, table: str, operation: str, body: str) -> str:
    name = _quote(connection, trigger_name(connection, table, operation))
    return f"CREATE TRIGGER {name} BEFORE {operation.upper()} ON {_quote(connection, table)} {body}"


def _sqlite_statements(connection, model) -> list[str]:
    table = model._meta.db_table
    message = f"audit table {table}: rows cannot be changed or deleted"
    update_when = _update_condition(connection, model)
    conditions = {
        "update": f"WHEN {update_when} " if update_when else "",
        "delete": f"WHEN NOT EXISTS (SELECT 1 FROM {GUARD_TABLE}) ",
    }
    return [
        _create(
            connection, table, op, f"FOR EACH ROW {when}BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )
        for op, when in conditions.items()
    ]


def _postgresql_statements(connection, model) -> list[str]:
    table = model._meta.db_table
    update_when = _update_condition(connection, model)
    levels = {
        "update": f"FOR EACH ROW {f'WHEN ({update_when}) ' if update_when else ''}",
        "delete": "FOR EACH ROW ",
        "truncate": "FOR EACH STATEMENT ",
    }
    return [
        _create(connection, table, op, f"{level}EXECUTE FUNCTION {PG_FUNCTION}()")
        for op, level in levels.items()
    ]


PG_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE')
            AND coalesce(current_setting('{PG_SETTING}', true), '') = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit table %: rows cannot be changed or deleted (%)', TG_TABLE_NAME, TG_OP;
END
$$
"""


def _drop_statements(connection, model) -> list[str]:
    table = model._meta.db_table
    on = f" ON {_quote(connection, table)}" if connection.vendor == "postgresql" else ""
    return [
        f"DROP TRIGGER IF EXISTS {_quote(connection, trigger_name(connection, table, op))}{on}"
        for op in OPERATIONS
    ]


def install_audit_triggers(apps, schema_editor) -> None:
    """(Re-)install the triggers on every audit table; safe to run again (a RunPython step)."""
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION_SQL, None)  # no params: its % are plpgsql's
        build = _postgresql_statements
    elif connection.vendor == "sqlite":
        schema_editor.execute(f"CREATE TABLE IF NOT EXISTS {GUARD_TABLE} (id integer)")
        build = _sqlite_statements
    else:
        # The project runs on PostgreSQL and SQLite only; on any other database the audit would be
        # editable, so the migration refuses to go on rather than leave it unprotected.
        raise ImproperlyConfigured(
            f"Audit triggers exist for PostgreSQL and SQLite, not {connection.vendor}."
        )
    for model in audit_models(apps):
        for statement in [*_drop_statements(connection, model), *build(connection, model)]:
            schema_editor.execute(statement)


def remove_audit_triggers(apps, schema_editor) -> None:
    """The reverse of install_audit_triggers (unapplying the migration that added them)."""
    connection = schema_editor.connection
    for model in audit_models(apps):
        for statement in _drop_statements(connection, model):
            schema_editor.execute(statement)
    if connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()")
    elif connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {GUARD_TABLE}")


@contextmanager
def audit_deletes_allowed(using: str = "default") -> Iterator[None]:
    """Inside this block (one transaction), this connection may delete audit rows; never update.

    For the retention command and the removal of synthetic data only (see the module's doc).
    Should the block raise, its transaction is rolled back, and the permission with it."""
    connection = connections[using]
    postgresql = connection.vendor == "postgresql"
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            if postgresql:
                cursor.execute("SELECT set_config(%s, 'on', true)", [PG_SETTING])
            else:
                cursor.execute(f"INSERT INTO {GUARD_TABLE} (id) VALUES (1)")
        yield
        with connection.cursor() as cursor:
            if postgresql:
                cursor.execute("SELECT set_config(%s, 'off', true)", [PG_SETTING])
            else:
                cursor.execute(f"DELETE FROM {GUARD_TABLE}")
