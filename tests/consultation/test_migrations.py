"""The page cache is gone for good: migrating a database from the schema that still had it
(version table, marker table, a trigger on every table of records) removes all of it, on
PostgreSQL and on SQLite, and writes work again without them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import SiteFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("consultation", "0005_records_version")


def install_old_triggers(cursor) -> None:
    """What the kept-pages cache installed after every migrate, on one table of records."""
    if connection.vendor == "sqlite":
        cursor.execute(
            'CREATE TRIGGER "records_version_bump_consultation_site_update" AFTER UPDATE ON '
            '"consultation_site" BEGIN INSERT INTO consultation_recordsversion (id, number, token) '
            "VALUES (1, 1, 'x') ON CONFLICT (id) DO UPDATE SET number = number + 1; END"
        )
        return
    cursor.execute("CREATE TABLE records_change_marker (id bigserial PRIMARY KEY)")
    cursor.execute(
        "CREATE FUNCTION records_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "INSERT INTO records_change_marker DEFAULT VALUES; RETURN NULL; END $$"
    )
    cursor.execute(
        "CREATE TRIGGER records_version_bump AFTER INSERT OR UPDATE OR DELETE ON consultation_site "
        "FOR EACH STATEMENT EXECUTE FUNCTION records_changed()"
    )


def leftovers(cursor) -> set[str]:
    tables = set(connection.introspection.table_names(cursor))
    found = tables & {"consultation_recordsversion", "records_change_marker"}
    if connection.vendor == "sqlite":
        # The audit's own triggers (accounts/immutable.py) are not the cache's.
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' "
            "AND name NOT LIKE 'audit_immutable_%'"
        )
    else:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'records_version%%'")
        found |= {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT proname FROM pg_proc WHERE proname LIKE 'records_%%'")
    return found | {row[0] for row in cursor.fetchall()}


def test_migrating_from_the_page_cache_schema_removes_all_of_it():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate([BEFORE])
    with connection.cursor() as cursor:
        install_old_triggers(cursor)
        assert leftovers(cursor)
    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    with connection.cursor() as cursor:
        assert leftovers(cursor) == set()
    site = SiteFactory()
    site.name = "Renamed after the migration"
    site.save()
