"""Two-factor sign-in in a real browser: supervisor sue types the code after her password;
consultant ana turns it on from the navigation (the QR code is drawn on the page, the secret is
shown as text), keeps her backup codes and signs in with one. Every page is audited."""

import base64

import pytest
from django_otp.oath import TOTP

from tests.browser.checks import audit, login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_supervisor_is_asked_for_the_code_after_the_password(page, demo_users):
    page.goto("/")
    page.get_by_label("Username").fill("sue")
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Enter your code").wait_for()
    audit(page)
    # Nothing but sign-out until the code is given.
    assert page.get_by_role("link", name="Sites").count() == 0
    page.goto("/admin/")
    page.get_by_role("heading", name="Enter your code").wait_for()


def test_consultant_turns_on_two_factor_and_uses_a_backup_code(page, demo_users):
    page.goto("/")
    login(page, "ana")
    page.get_by_role("button", name="Account").click()  # the account menu
    page.get_by_role("link", name="Two-factor sign-in").first.click()
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    page.get_by_role("heading", name="Set up two-factor sign-in").wait_for()
    assert page.locator("figure.mfa-qr svg").count() == 1
    audit(page)
    secret = page.locator("#mfa-secret").inner_text().replace(" ", "")
    totp = TOTP(base64.b32decode(secret))
    page.get_by_role("textbox", name="Code").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    page.get_by_role("heading", name="Your backup codes").wait_for()
    audit(page)
    codes = page.locator("#backup-codes li").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="I have kept them: continue").click()

    page.get_by_role("button", name="Sign out").first.click()
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("textbox", name="Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Sites").first.wait_for()
