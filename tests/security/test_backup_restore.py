"""Backups restore into a scratch database with every table's row count and checksum intact.

Runs on whichever database the suite runs on (CI runs both): pg_dump/pg_restore on PostgreSQL,
the online backup API on SQLite."""

import sqlite3
import uuid

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.backup import POSTGRES, SQLITE, table_fingerprints, vendor_of
from tests.factories import CaseFactory, ReferralFactory, VisitFactory

VENDOR = vendor_of(connection.settings_dict)


def some_records():
    case = CaseFactory()
    VisitFactory(case=case, notes="Ünïcode, quotes ' \" and\nnew lines survive")
    ReferralFactory(case=case)


def live_fingerprints() -> dict:
    if VENDOR == SQLITE:
        # A plain connection, as on the restored side: Django's converts dates and booleans.
        name = str(connection.settings_dict["NAME"])
        plain = sqlite3.connect(name, uri=name.startswith("file:"))
        try:
            return table_fingerprints(plain.cursor(), SQLITE)
        finally:
            plain.close()
    with connection.cursor() as cursor:
        return table_fingerprints(cursor, VENDOR)


@pytest.mark.skipif(VENDOR != SQLITE, reason="SQLite backup; the PostgreSQL one runs on CI too")
# Committed data (transaction=True): a backup copies what is committed, like it will in use.
@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_restores_into_a_scratch_database_identical(tmp_path, demo_users):
    some_records()
    backup = tmp_path / "backup.sqlite3"
    call_command("backup", output=str(backup))
    scratch = tmp_path / "scratch.sqlite3"
    call_command("restore", str(backup), database_url=f"sqlite:///{scratch}", interactive=False)
    restored = sqlite3.connect(scratch)
    try:
        restored_prints = table_fingerprints(restored.cursor(), SQLITE)
    finally:
        restored.close()
    original = live_fingerprints()
    assert restored_prints == original
    assert original["consultation_visit"][0] == 1
    assert original["accounts_user"][0] >= len(demo_users)


@pytest.mark.skipif(VENDOR != POSTGRES, reason="PostgreSQL backup; the SQLite one runs on CI too")
@pytest.mark.django_db(transaction=True)
def test_postgres_backup_restores_into_a_scratch_database_identical(tmp_path, demo_users):
    # Committed data (transaction=True): pg_dump reads it from its own connection.
    some_records()
    backup = tmp_path / "backup.dump"
    call_command("backup", output=str(backup))
    assert backup.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    settings_dict = connection.settings_dict
    scratch = f"{settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    params = {
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
    }
    admin = psycopg.connect(dbname="postgres", autocommit=True, **params)
    try:
        admin.execute(f'CREATE DATABASE "{scratch}"')
        url = "postgres://{user}{password}@{host}:{port}/{name}".format(
            user=params["user"] or "",
            password=f":{params['password']}" if params["password"] else "",
            host=params["host"] or "127.0.0.1",
            port=params["port"] or 5432,
            name=scratch,
        )
        call_command("restore", str(backup), database_url=url, interactive=False)
        with psycopg.connect(dbname=scratch, **params) as restored:
            restored_prints = table_fingerprints(restored.cursor(), POSTGRES)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.close()
    original = live_fingerprints()
    assert restored_prints == original
    assert original["consultation_visit"][0] == 1


@pytest.mark.django_db
def test_fingerprints_notice_a_changed_row():
    some_records()

    def visit_fingerprint():
        with connection.cursor() as cursor:
            return table_fingerprints(cursor, VENDOR)["consultation_visit"]

    before = visit_fingerprint()
    visit = VisitFactory()
    after_insert = visit_fingerprint()
    assert after_insert[0] == before[0] + 1
    type(visit).objects.filter(pk=visit.pk).update(notes="changed")
    assert visit_fingerprint()[0] == after_insert[0]
    assert visit_fingerprint()[1] != after_insert[1]


def test_restore_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError):
        call_command("restore", str(tmp_path / "nope.dump"), interactive=False)


def test_restore_asks_before_replacing_the_database(tmp_path, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(tmp_path / "any.dump"))
