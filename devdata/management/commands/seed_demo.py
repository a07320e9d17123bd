from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.mfa import mfa_required
from devdata.accounts import DEMO_PASSWORD, DEMO_TOTP_SECRET, seed_demo_accounts
from devdata.intakes import seed_demo_intakes
from devdata.records import seed_demo_records


def two_factor_note(users: dict) -> str:
    names = ", ".join(name for name, user in users.items() if mfa_required(user))
    if not names:
        return "Two-factor sign-in is required of nobody (IECMH_MFA_REQUIRED_ROLES)."
    if not settings.DEBUG:
        return f"Two-factor sign-in: {names} set it up at their first sign-in."
    return (
        f"Two-factor sign-in for {names}: the demo test secret {DEMO_TOTP_SECRET}; "
        "`python manage.py demo_totp <username>` prints the code to type."
    )


class Command(BaseCommand):
    help = "Create the demo accounts (and demo records). Safe to run again: nothing is duplicated."

    def add_arguments(self, parser):
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            dest="not_production",
            help="Allow seeding when DJANGO_DEBUG is off (a staging server, say).",
        )

    def handle(self, *args, not_production: bool = False, **options):
        if not settings.DEBUG and not not_production:
            raise CommandError(
                "Refusing to create demo accounts with DJANGO_DEBUG off: this looks like "
                "production. Pass --i-know-this-is-not-production if it is not."
            )
        with transaction.atomic():
            # The shared test secret only where debugging is on: never on a server in production.
            users = seed_demo_accounts(demo_totp=settings.DEBUG)
            records = seed_demo_records(users)
            records += seed_demo_intakes(users)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(records)
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for user in users.values():
            supervisor = f", supervised by {user.supervisor.username}" if user.supervisor else ""
            label = "superuser" if user.is_superuser else user.get_role_display().lower()
            self.stdout.write(f"  {user.username:<6} {label}{supervisor}")
        self.stdout.write(two_factor_note(users))
        self.stdout.write("Open http://127.0.0.1:8000/ and sign in.")
