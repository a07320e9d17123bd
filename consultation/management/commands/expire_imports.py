from django.conf import settings
from django.core.management.base import BaseCommand

from consultation.imports.runs import imports_expire


class Command(BaseCommand):
    help = (
        "Delete the files of imports uploaded and never confirmed, once they are older than "
        "IMPORT_HOLD_HOURS (run daily, beside notify_due; running it again deletes nothing "
        "new). The import runs stay, abandoned, as the audit."
    )

    def handle(self, *args, **options):
        expired = imports_expire()
        self.stdout.write(
            f"{expired} unconfirmed import file(s) older than "
            f"{settings.IMPORT_HOLD_HOURS} hours deleted."
        )
