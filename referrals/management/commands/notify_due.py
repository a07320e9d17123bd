from django.core.management.base import BaseCommand

from consultation.services.notify import notify_no_contact
from core.dates import local_today
from referrals.notify import notify_follow_ups_overdue


class Command(BaseCommand):
    help = (
        "Make the day's time-based notifications (run daily; running it again the same day "
        "makes nothing new): referral follow-ups overdue (each consultant, once a day at most) "
        "and open cases with no contact (the consultant; a week later the supervisor too)."
    )

    def handle(self, *args, **options):
        today = local_today()
        overdue = notify_follow_ups_overdue(today=today)
        no_contact = notify_no_contact(today=today)
        self.stdout.write(
            f"{today}: {overdue} overdue follow-up and {no_contact} no-contact notification(s)."
        )
