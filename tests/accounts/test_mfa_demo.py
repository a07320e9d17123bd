"""The demo accounts' test secret (development only) and the setting that names the roles."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from devdata.accounts import DEMO_TOTP_KEY, DEMO_TOTP_SECRET, demo_totp_code
from tests.factories import SupervisorFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def demo_totp(username: str) -> str:
    out = io.StringIO()
    call_command("demo_totp", username, stdout=out)
    return out.getvalue().strip()


def test_the_printed_demo_code_is_the_one_the_device_accepts(settings, demo_users):
    settings.DEBUG = True
    code = demo_totp("sue")
    assert code == demo_totp_code() and len(code) == 6
    device = TOTPDevice.objects.get(user=demo_users["sue"])
    assert device.verify_token(code)


def test_the_documented_secret_is_the_demo_key():
    assert DEMO_TOTP_SECRET.replace(" ", "") == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    # RFC 6238, appendix B: the SHA-1 test key at T = 59 s gives 94287082 (8 digits).
    totp = TOTP(bytes.fromhex(DEMO_TOTP_KEY), digits=8)
    totp.time = 59
    assert totp.token() == 94287082
    assert demo_totp_code(at=59) == "287082"


def test_demo_codes_are_refused_with_debug_off(settings, demo_users):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG off"):
        demo_totp("sue")


def test_no_code_is_printed_for_a_real_device(settings, db):
    settings.DEBUG = True
    TOTPDevice.objects.create(user=SupervisorFactory(username="nina"), name="phone")
    with pytest.raises(CommandError, match="no demo authenticator"):
        demo_totp("nina")


def test_seed_demo_gives_the_test_secret_and_says_how_to_get_a_code(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    devices = TOTPDevice.objects.filter(key=DEMO_TOTP_KEY, confirmed=True)
    assert sorted(devices.values_list("user__username", flat=True)) == [
        "admin",
        "lee",
        "sue",
        "tom",
    ]
    assert DEMO_TOTP_SECRET in out.getvalue() and "demo_totp" in out.getvalue()


def test_seed_demo_with_debug_off_gives_no_test_secret(settings):
    settings.DEBUG = False
    out = io.StringIO()
    call_command("seed_demo", "--i-know-this-is-not-production", stdout=out)
    assert not TOTPDevice.objects.exists()
    assert DEMO_TOTP_SECRET not in out.getvalue()


def required_roles(value: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "IECMH_MFA"))}
    env["IECMH_MFA_REQUIRED_ROLES"] = value
    code = "from django.conf import settings; print(sorted(settings.MFA_REQUIRED_ROLES))"
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_required_roles_come_from_the_environment_and_a_typo_refuses_to_start():
    assert required_roles(" consultant , supervisor ").stdout.strip() == (
        "['consultant', 'supervisor']"
    )
    assert required_roles("none").stdout.strip() == "[]"
    typo = required_roles("supervisor,superuser,progam_lead")
    assert typo.returncode != 0
    assert "IECMH_MFA_REQUIRED_ROLES names unknown roles ['progam_lead']" in typo.stderr
