from django.core.management.base import BaseCommand

from core.dates import local_today
from reports.digest_send import digests_send


class Command(BaseCommand):
    help = (
        "Send the weekly digest to each supervisor (and consultants who opted in): once per "
        "person and ISO week, however often it runs; a failed send is tried again next run."
    )

    def handle(self, *args, **options):
        run = digests_send(today=local_today())
        self.stdout.write(
            f"Digests sent: {len(run.sent)}; failed (retried next run): {len(run.failed)}; "
            f"already sent this week: {run.already}."
        )
