"""Backups and restores of the whole database.

PostgreSQL: pg_dump's custom format and pg_restore (the server's own tools: consistent snapshot,
restorable into a newer server). SQLite: the online backup API, which copies a live database
page by page without stopping the app.

Every file written is readable by its owner only (0600), from its first byte. With a passphrase,
the backup is encrypted (accounts.backup_crypto); restore notices and decrypts it into a private
temporary file first, so a wrong passphrase or a damaged file replaces nothing.
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dj_database_url
from django.db import connections

from accounts.backup_crypto import (
    PASSPHRASE_ENV,
    decrypt_file,
    encrypt_file,
    is_encrypted,
    open_private,
)

POSTGRES = "postgresql"
SQLITE = "sqlite3"


def vendor_of(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    if engine.endswith("postgresql"):
        return POSTGRES
    if engine.endswith("sqlite3"):
        return SQLITE
    raise ValueError(f"No backup method for {engine}.")


def settings_for(database_url: str | None, alias: str = "default") -> dict:
    """Connection settings of the target: the given URL, or the project's database."""
    if database_url:
        return dict(dj_database_url.parse(database_url))
    return connections[alias].settings_dict


def _pg_command(tool: str, settings_dict: dict) -> tuple[list[str], dict]:
    if shutil.which(tool) is None:
        raise RuntimeError(f"{tool} is not installed (Debian package: postgresql-client).")
    args = [tool, "--no-password"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _run(args: list[str], env: dict) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{args[0]} failed: {result.stderr.strip()}")


@contextmanager
def _private_temporary(directory: Path | None = None) -> Iterator[Path]:
    """A temporary file (0600, from mkstemp) that is removed whatever happens."""
    fd, name = tempfile.mkstemp(prefix=".iecmh-backup-", dir=directory)
    os.close(fd)
    try:
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)


def _write_backup(output: Path, alias: str) -> None:
    connection = connections[alias]
    settings_dict = connection.settings_dict
    open_private(output).close()  # created 0600 before any data lands in it
    if vendor_of(settings_dict) == POSTGRES:
        args, env = _pg_command("pg_dump", settings_dict)
        _run([*args, "--format=custom", "--file", str(output), settings_dict["NAME"]], env)
    else:
        connection.ensure_connection()
        target = sqlite3.connect(output)
        try:
            connection.connection.backup(target)
        finally:
            target.close()


def backup_database(output: Path, alias: str = "default", *, passphrase: str | None = None) -> Path:
    """Write the database to `output` (0600), encrypted when a passphrase is given."""
    output.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if passphrase is None:
        _write_backup(output, alias)
        return output
    with _private_temporary(output.parent) as plain:
        _write_backup(plain, alias)
        encrypt_file(plain, output, passphrase)
    return output


def restore_database(
    source: Path, *, database_url: str | None = None, passphrase: str | None = None
) -> None:
    """Replace the target database's contents with the backup's (the project's database unless
    database_url names another one). An encrypted backup is decrypted first, whole, so a wrong
    passphrase (BackupDecryptionError) leaves the target untouched."""
    if not source.is_file():
        raise FileNotFoundError(source)
    if not is_encrypted(source):
        _restore_plain(source, database_url)
        return
    if not passphrase:
        raise ValueError(f"This backup is encrypted: set {PASSPHRASE_ENV} to its passphrase.")
    with _private_temporary() as plain:
        decrypt_file(source, plain, passphrase)
        _restore_plain(plain, database_url)


def _restore_plain(source: Path, database_url: str | None) -> None:
    settings_dict = settings_for(database_url)
    if vendor_of(settings_dict) == POSTGRES:
        args, env = _pg_command("pg_restore", settings_dict)
        _run(
            [
                *args,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--dbname",
                settings_dict["NAME"],
                str(source),
            ],
            env,
        )
        return
    backup = sqlite3.connect(source)
    try:
        if database_url:
            target = sqlite3.connect(settings_dict["NAME"])
            try:
                backup.backup(target)
            finally:
                target.close()
        else:
            connection = connections["default"]
            connection.ensure_connection()
            backup.backup(connection.connection)
    finally:
        backup.close()


def table_fingerprints(cursor, vendor: str) -> dict[str, tuple[int, str]]:
    """{table: (row count, checksum of every row's values)} for comparing two databases."""
    if vendor == POSTGRES:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
    else:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    tables = [row[0] for row in cursor.fetchall()]
    fingerprints = {}
    if vendor == POSTGRES:
        # The server renders each row as text, so the client's type adapters do not matter.
        cursor.execute("SET TIME ZONE 'UTC'")
        for table in tables:
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))"
                f' FROM "{table}" t'
            )
            count, digest = cursor.fetchone()
            fingerprints[table] = (count, digest)
        return fingerprints
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')
        rows = sorted(repr(row) for row in cursor.fetchall())
        digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        fingerprints[table] = (len(rows), digest)
    return fingerprints
