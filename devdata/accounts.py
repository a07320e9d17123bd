from accounts.agreement_services import agreement_accept_current
from accounts.models import User
from accounts.services import user_apply_role

DEMO_PASSWORD = "demo-pass-2026"

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


def seed_demo_accounts() -> dict[str, User]:
    """Create or refresh the demo accounts; running it twice leaves one copy of each."""
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
        # So that the demo's sign-in is one step (tests/accounts/test_agreement.py shows the ask).
        agreement_accept_current(user=users[username])
    return users
