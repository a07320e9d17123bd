import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.agreement_services import agreement_accept_current
from accounts.mfa import mfa_required
from accounts.models import User
from accounts.services import user_apply_role

DEMO_PASSWORD = "demo-pass-2026"
# The demo accounts whose role requires two-factor sign-in share this authenticator secret (the
# RFC 6238 test key, "12345678901234567890"), so that `make run` works in one step. Typed into an
# authenticator app it is GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ; `manage.py demo_totp sue`
# prints the code of the moment. Demo data only: seed_demo refuses to run in production.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"
DEMO_TOTP_SECRET = "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"
DEMO_TOTP_DEVICE_NAME = "Demo authenticator (test secret)"

# username, first name, last name, role, supervisor username, superuser
DEMO_ACCOUNTS = [
    ("sue", "Sue", "Harjo", User.Role.SUPERVISOR, None, False),
    ("tom", "Tom", "Redbird", User.Role.SUPERVISOR, None, False),
    ("ana", "Ana", "Morales", User.Role.CONSULTANT, "sue", False),
    ("ben", "Ben", "Carter", User.Role.CONSULTANT, "sue", False),
    ("cara", "Cara", "Nguyen", User.Role.CONSULTANT, "tom", False),
    ("lee", "Lee", "Walker", User.Role.PROGRAM_LEAD, None, False),
    ("admin", "Ada", "Admin", User.Role.PROGRAM_LEAD, None, True),
]


def seed_demo_accounts(*, demo_totp: bool = True) -> dict[str, User]:
    """Create or refresh the demo accounts; running it twice leaves one copy of each. With
    demo_totp, those who must use two-factor sign-in get the demo secret (DEMO_TOTP_KEY)."""
    users: dict[str, User] = {}
    for username, first, last, role, supervisor_name, superuser in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first() or User(username=username)
        user.first_name = first
        user.last_name = last
        user.role = role
        user.email = f"{username}@demo.invalid"
        user.phone = f"405-555-01{len(users) + 10:02d}"
        user.supervisor = users[supervisor_name] if supervisor_name else None
        user.is_superuser = superuser
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        users[username] = user_apply_role(user=user)
        if demo_totp and mfa_required(user):
            TOTPDevice.objects.update_or_create(
                user=user,
                name=DEMO_TOTP_DEVICE_NAME,
                defaults={"key": DEMO_TOTP_KEY, "confirmed": True, "last_t": -1},
            )
        # So that the demo's sign-in is one step (tests/accounts/test_agreement.py shows the ask).
        agreement_accept_current(user=users[username])
    return users


def demo_totp_code(at: float | None = None) -> str:
    """The demo secret's code at a time (now by default), as the authenticator app shows it."""
    totp = TOTP(bytes.fromhex(DEMO_TOTP_KEY), digits=6)
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"
