"""Remove the kept-pages cache: the triggers that raised the records version on every table,
their functions, the commit-time marker table and the version's own table.

The triggers were installed after every migrate (never by a migration), so they are found by
name here: on PostgreSQL `records_version_bump` and `records_version_follow` on any table, on
SQLite every trigger named `records_version_bump_<table>_<action>`."""

from django.db import migrations

POSTGRESQL_TRIGGERS = ("records_version_bump", "records_version_follow")
POSTGRESQL_FUNCTIONS = ("records_changed", "records_changed_before", "records_version_bump")
MARKER_TABLE = "records_change_marker"
SQLITE_TRIGGER_PREFIX = "records_version_bump_"


def drop_triggers(apps, schema_editor):
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE tgname IN (%s, %s)",
                list(POSTGRESQL_TRIGGERS),
            )
            for name, table in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER IF EXISTS {quote(name)} ON {table}")
            for function in POSTGRESQL_FUNCTIONS:
                cursor.execute(f"DROP FUNCTION IF EXISTS {function}() CASCADE")
            cursor.execute(f"DROP TABLE IF EXISTS {MARKER_TABLE}")
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"{SQLITE_TRIGGER_PREFIX}%"],
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER IF EXISTS {quote(name)}")


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0005_records_version"),
    ]

    operations = [
        # The triggers write to the version's table: they go before it does.
        migrations.RunPython(drop_triggers, migrations.RunPython.noop),
        migrations.DeleteModel(name="RecordsVersion"),
    ]
