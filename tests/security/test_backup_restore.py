"""Backups restore into a scratch database with every table's row count and checksum intact.

Runs on whichever database the suite runs on (CI runs both): pg_dump/pg_restore on PostgreSQL,
the online backup API on SQLite."""

import os
import sqlite3
import stat
import uuid

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.backup import POSTGRES, SQLITE, table_fingerprints, vendor_of
from accounts.backup_crypto import MAGIC, PASSPHRASE_ENV
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


PASSPHRASE = "correct horse battery staple"
ENCRYPTION = pytest.mark.parametrize("encrypt", [False, True], ids=["plain", "encrypted"])


def make_backup(path, *, encrypt: bool, monkeypatch) -> None:
    if encrypt:
        monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    call_command("backup", output=str(path), encrypt=encrypt)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(path.parent.glob(".iecmh-backup-*")) == []  # no plain copy left behind
    assert (path.read_bytes()[: len(MAGIC)] == MAGIC) is encrypt


@pytest.mark.skipif(VENDOR != SQLITE, reason="SQLite backup; the PostgreSQL one runs on CI too")
# Committed data (transaction=True): a backup copies what is committed, like it will in use.
@pytest.mark.django_db(transaction=True)
@ENCRYPTION
def test_sqlite_backup_restores_into_a_scratch_database_identical(
    tmp_path, demo_users, encrypt, monkeypatch
):
    some_records()
    backup = tmp_path / "backup.sqlite3"
    make_backup(backup, encrypt=encrypt, monkeypatch=monkeypatch)
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
@ENCRYPTION
def test_postgres_backup_restores_into_a_scratch_database_identical(
    tmp_path, demo_users, encrypt, monkeypatch
):
    # Committed data (transaction=True): pg_dump reads it from its own connection.
    some_records()
    backup = tmp_path / "backup.dump"
    make_backup(backup, encrypt=encrypt, monkeypatch=monkeypatch)
    if not encrypt:
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


@pytest.fixture
def loose_umask():
    """Files created with the usual umask would be world-readable (0644)."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.django_db(transaction=True)
def test_a_backup_is_readable_by_its_owner_only(tmp_path, loose_umask):
    some_records()
    backup = tmp_path / "new-folder" / "backup"
    call_command("backup", output=str(backup))
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert stat.S_IMODE(backup.parent.stat().st_mode) == 0o700


@pytest.mark.django_db(transaction=True)
def test_a_backup_written_over_a_readable_file_becomes_private(tmp_path, loose_umask):
    backup = tmp_path / "backup"
    backup.write_bytes(b"old")
    backup.chmod(0o644)
    call_command("backup", output=str(backup))
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


@pytest.mark.django_db(transaction=True)
def test_an_encrypted_backup_holds_no_readable_record(tmp_path, monkeypatch, loose_umask):
    VisitFactory(notes="Peekaboo-notes-visible-in-a-plain-backup")
    backup = tmp_path / "backup.enc"
    make_backup(backup, encrypt=True, monkeypatch=monkeypatch)
    assert b"Peekaboo-notes" not in backup.read_bytes()


@pytest.mark.django_db(transaction=True)
def test_encrypting_without_a_passphrase_or_with_a_short_one_writes_nothing(tmp_path, monkeypatch):
    backup = tmp_path / "backup.enc"
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    with pytest.raises(CommandError, match=PASSPHRASE_ENV):
        call_command("backup", output=str(backup), encrypt=True)
    monkeypatch.setenv(PASSPHRASE_ENV, "short")
    with pytest.raises(CommandError, match="too short"):
        call_command("backup", output=str(backup), encrypt=True)
    assert not backup.exists()


@pytest.fixture
def encrypted_backup_then_a_new_visit(tmp_path, monkeypatch):
    """An encrypted backup without the visit that is in the database now."""
    backup = tmp_path / "backup.enc"
    make_backup(backup, encrypt=True, monkeypatch=monkeypatch)
    return backup, VisitFactory(notes="written after the backup")


def assert_nothing_replaced(visit) -> None:
    assert type(visit).objects.filter(pk=visit.pk, notes="written after the backup").exists()


@pytest.mark.django_db(transaction=True)
def test_restoring_with_a_wrong_passphrase_is_refused_and_replaces_nothing(
    encrypted_backup_then_a_new_visit, monkeypatch
):
    backup, visit = encrypted_backup_then_a_new_visit
    monkeypatch.setenv(PASSPHRASE_ENV, "not the passphrase at all")
    with pytest.raises(CommandError, match="wrong passphrase"):
        call_command("restore", str(backup), interactive=False)
    assert_nothing_replaced(visit)


@pytest.mark.django_db(transaction=True)
def test_restoring_an_encrypted_backup_without_a_passphrase_says_so(
    encrypted_backup_then_a_new_visit, monkeypatch
):
    backup, visit = encrypted_backup_then_a_new_visit
    monkeypatch.delenv(PASSPHRASE_ENV)
    with pytest.raises(CommandError, match=f"encrypted: set {PASSPHRASE_ENV}"):
        call_command("restore", str(backup), interactive=False)
    assert_nothing_replaced(visit)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("damage", ["cut short", "changed byte", "data after the end"])
def test_a_damaged_encrypted_backup_is_refused_and_replaces_nothing(
    encrypted_backup_then_a_new_visit, damage
):
    backup, visit = encrypted_backup_then_a_new_visit
    data = bytearray(backup.read_bytes())
    if damage == "cut short":
        data = data[:-10]
    elif damage == "changed byte":
        data[len(data) // 2] ^= 1
    else:
        data += b"more"
    backup.write_bytes(bytes(data))
    with pytest.raises(CommandError):
        call_command("restore", str(backup), interactive=False)
    assert_nothing_replaced(visit)
