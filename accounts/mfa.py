"""Two-factor sign-in with TOTP (django-otp): who must use it, setting it up, backup codes,
checking a code, and a reset by the person's supervisor or an administrator.

The second step after the password is enforced by accounts.mfa_middleware; the pages are in
accounts.views_mfa. A wrong code is never raised inside a transaction that would roll back:
django-otp counts failures on the device (its throttling), and that count must be kept.
"""

import re
from base64 import b32encode

import segno
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import TwoFactorEvent, User

BACKUP_CODE_COUNT = 10
# Set at sign-in (and whenever missing): did the user have a confirmed device then? Kept in the
# session so that a consultant without one costs no query per request.
HAS_DEVICE_SESSION_KEY = "mfa_has_device"
# The backup codes just made, shown once on the next page and then forgotten.
NEW_CODES_SESSION_KEY = "mfa_new_backup_codes"

TOTP_CODE = re.compile(r"[0-9]{6}")
BACKUP_CODE = re.compile(r"[a-z2-7]{8}")


def mfa_required(user: User) -> bool:
    """Whether the user's role must use two-factor sign-in (IECMH_MFA_REQUIRED_ROLES)."""
    roles = settings.MFA_REQUIRED_ROLES
    return user.role in roles or (user.is_superuser and "superuser" in roles)


def second_step_done(user: User) -> bool:
    """This request's user gave a code in this session (set by django-otp's OTPMiddleware)."""
    return getattr(user, "otp_device", None) is not None


def has_confirmed_device(user: User) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def remember_device_state(*, session: SessionBase, user: User) -> bool:
    has_device = has_confirmed_device(user)
    session[HAS_DEVICE_SESSION_KEY] = has_device
    return has_device


def mfa_needed(*, session: SessionBase, user: User) -> bool:
    """A second step is asked of this session's user: their role requires it, or they have set
    it up (a consultant who turned it on is asked for a code like everyone else)."""
    if mfa_required(user):
        return True
    has_device = session.get(HAS_DEVICE_SESSION_KEY)
    if has_device is None:
        has_device = remember_device_state(session=session, user=user)
    return bool(has_device)


def on_user_logged_in(sender: object, request: object, user: User, **kwargs: object) -> None:
    """user_logged_in receiver (connected in AccountsConfig.ready)."""
    session = getattr(request, "session", None)
    if session is not None:
        remember_device_state(session=session, user=user)


def normalise_code(code: str) -> str:
    """What people type: spaces or dashes between groups, capitals from a printed sheet."""
    return re.sub(r"[\s-]", "", code).lower()


def code_is_well_formed(code: str) -> bool:
    return bool(TOTP_CODE.fullmatch(code) or BACKUP_CODE.fullmatch(code))


def _devices_for_code(user: User, code: str) -> QuerySet | None:
    """The devices a code is meant for: the app's for six digits, the backup codes' for eight
    letters and digits (so a mistyped one counts against one kind only)."""
    if TOTP_CODE.fullmatch(code):
        return TOTPDevice.objects.devices_for_user(user, confirmed=True)
    if BACKUP_CODE.fullmatch(code):
        return StaticDevice.objects.devices_for_user(user, confirmed=True)
    return None


def mfa_waiting(*, user: User, code: str) -> bool:
    """Too many wrong codes of this kind lately: django-otp makes the user wait (1, 2, 4...
    seconds after each failure), and a code tried now would be refused unseen."""
    candidates = _devices_for_code(user, normalise_code(code))
    devices = list(candidates) if candidates is not None else []
    return bool(devices) and not any(device.verify_is_allowed()[0] for device in devices)


def mfa_check_code(*, user: User, code: str) -> Device | None:
    """The device that accepts this code (an app's six digits, or a backup code, used up), if
    any. Every refusal is counted on the device by django-otp, which then makes the user wait."""
    code = normalise_code(code)
    candidates = _devices_for_code(user, code)
    if candidates is None:
        return None
    for device in candidates.select_for_update():
        if device.verify_token(code):
            return device
    return None


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def mfa_enrolment_device(*, user: User) -> TOTPDevice:
    """The device being set up: an unconfirmed one kept until its first code is confirmed, so
    reloading the page shows the same secret."""
    if has_confirmed_device(user):
        raise ValidationError(gettext("Two-factor sign-in is already set up."))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code, drawn here (no outside service)."""
    return str(segno.make(device.config_url, error="m").svg_inline(scale=4, border=2))


def mfa_enrol_confirm(
    *, user: User, device: TOTPDevice, code: str, ip_address: str | None
) -> list[str] | None:
    """Confirm the device being set up with its first code; returns the new backup codes, or
    None when the code is wrong (that failure is counted on the device)."""
    if device.confirmed or device.user_id != user.pk:
        raise ValidationError(gettext("This device is not being set up."))
    if not device.verify_token(normalise_code(code)):
        return None
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        TwoFactorEvent.objects.create(
            user=user, actor=user, kind=TwoFactorEvent.Kind.ENROLLED, ip_address=ip_address
        )
        return _issue_backup_codes(user)


@transaction.atomic
def mfa_backup_codes_renew(*, user: User, ip_address: str | None) -> list[str]:
    """New backup codes for someone who has two-factor sign-in; the old ones stop working."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(gettext("Set up two-factor sign-in first."))
    TwoFactorEvent.objects.create(
        user=user, actor=user, kind=TwoFactorEvent.Kind.BACKUP_CODES, ip_address=ip_address
    )
    return _issue_backup_codes(user)


def _issue_backup_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def resettable_users(actor: User) -> QuerySet[User]:
    """Whose two-factor sign-in the actor may reset: a supervisor their own consultants, a
    superuser anyone but themselves (their own would undo the check), nobody else anyone."""
    if actor.is_superuser:
        users = User.objects.exclude(pk=actor.pk)
    elif actor.is_supervisor:
        users = User.objects.filter(supervisor=actor, role=User.Role.CONSULTANT)
    else:
        users = User.objects.none()
    has_device = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return users.filter(is_active=True).annotate(has_two_factor=Exists(has_device))


@transaction.atomic
def mfa_reset(*, actor: User, user: User, ip_address: str | None) -> None:
    """Remove every device of the user (app and backup codes): they set it up again at their
    next sign-in. Their sessions lose the second step at once (the device they used is gone)."""
    if not resettable_users(actor).filter(pk=user.pk).exists():
        raise ValidationError(gettext("You may not reset this person's two-factor sign-in."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    TwoFactorEvent.objects.create(
        user=user, actor=actor, kind=TwoFactorEvent.Kind.RESET, ip_address=ip_address
    )
