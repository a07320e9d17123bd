import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.backup import restore_database
from accounts.backup_crypto import PASSPHRASE_ENV, BackupDecryptionError


class Command(BaseCommand):
    help = (
        "Replace the database's contents with a backup made by `manage.py backup` "
        "(pg_restore on PostgreSQL, the online backup API on SQLite). An encrypted backup is "
        f"decrypted with the passphrase in {PASSPHRASE_ENV}; a wrong one replaces nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file.")
        parser.add_argument(
            "--database-url",
            help="Restore into this database instead of the project's (e.g. a scratch copy).",
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, file, database_url=None, interactive=True, **options):
        target = database_url or "the project's database"
        if interactive:
            answer = input(f"This replaces everything in {target} with {file}. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            restore_database(
                Path(file),
                database_url=database_url,
                passphrase=os.environ.get(PASSPHRASE_ENV) or None,
            )
        except (RuntimeError, ValueError, OSError, BackupDecryptionError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {file} into {target}.")
