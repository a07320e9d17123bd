"""Production settings pass Django's deployment checklist, and every page carries a strict CSP."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "q8Zr3!vN0pLw7@xT2mK9#bF5sH1^jD6*eR4&yU8cA0%gI3+oP7"


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_with_production_environment_reports_no_issue_at_all():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="iecmh.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout, result.stderr


def test_check_deploy_flags_debug_settings_so_the_test_above_can_fail():
    # With the development defaults the same command must complain (insecure key, no HSTS...).
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W" in result.stderr


def test_production_settings_values():
    # What the deployment check verifies, stated here so a change to them is a visible diff.
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS >= 31536000, "
        "s.X_FRAME_OPTIONS, s.SECURE_REFERRER_POLICY)",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="iecmh.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "True",
        "True",
        "True",
        "True",
        "DENY",
        "same-origin",
    ]


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_strict_csp(response):
    directives = csp_directives(response)
    script_sources = directives.get("script-src", directives.get("default-src"))
    assert script_sources == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    for sources in directives.values():
        for source in sources:
            assert source in {"'self'", "'none'", "data:"}, f"third-party or unsafe: {source}"


@pytest.mark.parametrize("url", ["/accounts/login/", "/healthz", "/no-such-page/"])
def test_csp_header_on_public_pages_and_errors(client, url):
    assert_strict_csp(client.get(url))


@pytest.mark.parametrize("url", ["/", "/admin/", "/admin/accounts/user/"])
def test_csp_header_on_signed_in_pages(signed_in, url):
    response = signed_in("admin").get(url)
    assert response.status_code == 200
    assert_strict_csp(response)


def test_pages_have_no_inline_script_the_policy_would_block(signed_in):
    html = signed_in("ana").get(reverse("home")).content.decode()
    for chunk in html.split("<script")[1:]:
        tag = chunk.split(">", 1)[0]
        assert "src=" in tag, "inline <script> block"
    assert " onclick=" not in html and " onload=" not in html


def test_security_headers_on_every_response(client):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
