from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.services import access_records_prune


class Command(BaseCommand):
    help = (
        "Delete access records older than the retention period (ACCESS_RECORD_RETENTION_YEARS, "
        "default 6: HIPAA's documentation period), the only delete the audit tables allow, and "
        "write an access record of the pruning naming the administrator who ran it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--by", required=True, help="Username of the administrator (superuser) running it."
        )
        parser.add_argument(
            "--years",
            type=int,
            default=None,
            help="Keep this many years (default: the ACCESS_RECORD_RETENTION_YEARS setting).",
        )

    def handle(self, *args, by, years=None, **options):
        user = User.objects.filter(username=by, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {by!r}.")
        years = settings.ACCESS_RECORD_RETENTION_YEARS if years is None else years
        try:
            record = access_records_prune(by=user, years=years)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(record.path)
