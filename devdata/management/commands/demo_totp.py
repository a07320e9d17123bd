from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from devdata.accounts import DEMO_TOTP_KEY, demo_totp_code


class Command(BaseCommand):
    help = (
        "Print the two-factor code of the moment for a demo account (seed_demo's test secret). "
        "Development only: it refuses with DJANGO_DEBUG off, and for any real device."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing with DJANGO_DEBUG off: demo codes are for development.")
        demo_device = TOTPDevice.objects.filter(
            user__username=username, key=DEMO_TOTP_KEY, confirmed=True
        )
        if not demo_device.exists():
            raise CommandError(
                f"{username!r} has no demo authenticator: run `python manage.py seed_demo`."
            )
        self.stdout.write(demo_totp_code())
