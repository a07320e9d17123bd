"""Signing tests in past the second step (two-factor sign-in) without typing a code."""

from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.mfa import HAS_DEVICE_SESSION_KEY, mfa_required


def pass_second_step(client: Client, user) -> None:
    """What a right code does (django_otp.login), for a user who needs the second step: their
    role requires it, or they have set it up. The user gets a device if they have none. Others
    are left as they are, so a consultant's pages cost the queries they cost in production."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None and not mfa_required(user):
        return
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[HAS_DEVICE_SESSION_KEY] = True
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key


def force_login_past_second_step(original):
    """Client.force_login as the tests use it: signed in, and past the second step."""

    def force_login(self, user, backend=None):
        original(self, user, backend)
        pass_second_step(self, user)

    return force_login
