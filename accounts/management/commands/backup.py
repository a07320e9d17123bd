from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.backup import POSTGRES, backup_database, vendor_of
from accounts.backup_crypto import PASSPHRASE_ENV, passphrase_from_env


class Command(BaseCommand):
    help = (
        "Back up the whole database: pg_dump custom format on PostgreSQL, the online backup API "
        "on SQLite, written readable by its owner only (0600). Prints the file written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="File to write (default: a timestamped file in IECMH_BACKUP_DIR or ./backups).",
        )
        parser.add_argument(
            "--encrypt",
            action="store_true",
            help=f"Encrypt the backup with the passphrase in the {PASSPHRASE_ENV} variable.",
        )

    def handle(self, *args, output=None, encrypt=False, **options):
        try:
            passphrase = passphrase_from_env(for_writing=True) if encrypt else None
        except ValueError as error:
            raise CommandError(str(error)) from error
        if output:
            path = Path(output)
        else:
            from django.db import connection

            suffix = ".dump" if vendor_of(connection.settings_dict) == POSTGRES else ".sqlite3"
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            path = Path(settings.BACKUP_DIR) / f"iecmh-{stamp}{suffix}{'.enc' if encrypt else ''}"
        try:
            written = backup_database(path, passphrase=passphrase)
        except (RuntimeError, ValueError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(written))
