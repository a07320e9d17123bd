import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.urls import reverse

from accounts.models import User
from devdata.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


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


def test_production_start_without_secret_key_is_refused_in_one_line():
    result = run_manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [lines[0]] and "DJANGO_SECRET_KEY" in lines[0]


def test_production_start_with_the_development_key_is_refused():
    result = run_manage(
        "check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="django-insecure-development-only-never"
    )
    assert result.returncode != 0
    assert "Refusing to start" in result.stderr


STRONG_KEY = "q8Zr3!vN0pLw7@xT2mK9#bF5sH1^jD6*eR4&yU8cA0%gI3+oP7"


def test_a_mistyped_boolean_setting_refuses_to_start_in_one_line():
    env = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": STRONG_KEY, "DJANGO_ALLOWED_HOSTS": "x.org"}
    result = run_manage("check", **env, DJANGO_SECURE_SSL_REDIRECT="ture")
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [lines[0]]
    assert "DJANGO_SECURE_SSL_REDIRECT='ture' is not a boolean" in lines[0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", False), ("false", False), ("No", False), (" OFF ", False), ("", True)]
    + [("1", True), ("true", True), ("Yes", True), ("on", True)],
)
def test_every_spelling_of_a_boolean_is_understood(monkeypatch, value, expected):
    from config.settings import env_bool

    monkeypatch.setenv("IECMH_TEST_FLAG", value)
    assert env_bool("IECMH_TEST_FLAG", True) is expected


@pytest.mark.parametrize("value", ["ture", "maybe", "0n", "2"])
def test_anything_else_is_refused(monkeypatch, value):
    from config.settings import env_bool

    monkeypatch.setenv("IECMH_TEST_FLAG", value)
    with pytest.raises(SystemExit, match="is not a boolean"):
        env_bool("IECMH_TEST_FLAG", False)


def test_production_start_with_a_strong_key_succeeds():
    result = run_manage(
        "check",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stderr


def test_atomic_requests_and_time_zone(settings):
    assert settings.DATABASES["default"]["ATOMIC_REQUESTS"] is True
    assert settings.TIME_ZONE == "America/Chicago"
    assert settings.USE_TZ is True


def test_login_page_is_public_and_styled_from_local_static(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in html
    assert "http://" not in html.split("<body")[0] and "https://" not in html.split("<body")[0]
    assert "Skip to content" in html
    assert "988" in html and "1-877-271-7611" in html


def test_bootstrap_is_served_by_the_app(client):
    from django.contrib.staticfiles import finders

    assert finders.find("bootstrap/css/bootstrap.min.css")
    assert finders.find("bootstrap/js/bootstrap.bundle.min.js")


@pytest.mark.parametrize("username", [row[0] for row in DEMO_ACCOUNTS])
def test_each_demo_role_logs_in(client, demo_users, username):
    response = client.post(
        reverse("login"), {"username": username, "password": DEMO_PASSWORD}, follow=True
    )
    assert response.context["user"].username == username
    assert response.status_code == 200


def test_wrong_password_is_refused_with_a_message(client, demo_users):
    response = client.post(reverse("login"), {"username": "ana", "password": "nope"})
    assert response.status_code == 200
    assert not response.context["user"].is_authenticated
    assert "correct username and password" in response.content.decode()


def test_logout_ends_the_session(client, demo_users):
    client.force_login(demo_users["ana"])
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"db": "ok"}


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    from core import views

    class UnreachableDatabase:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(views, "connection", UnreachableDatabase())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"db": "unavailable"}


def test_seed_demo_twice_leaves_one_copy_of_each_account(capsys, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    out = capsys.readouterr().out
    for username, *_ in DEMO_ACCOUNTS:
        assert User.objects.filter(username=username).count() == 1
        assert username in out
    assert DEMO_PASSWORD in out


def test_seed_demo_sets_roles_supervisors_staff_and_groups(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    users = {u.username: u for u in User.objects.select_related("supervisor")}
    assert users["ana"].supervisor.username == "sue"
    assert users["ben"].supervisor.username == "sue"
    assert users["cara"].supervisor.username == "tom"
    assert not users["ana"].is_staff
    assert users["sue"].is_staff and users["lee"].is_staff
    assert users["admin"].is_superuser
    assert users["sue"].groups.filter(name="Supervisors").exists()
    assert users["lee"].groups.filter(name="Program leads").exists()
    assert users["ana"].groups.filter(name="Consultants").exists()


def test_seed_demo_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="not-production"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_seed_demo_runs_with_debug_off_when_told_it_is_not_production(settings):
    settings.DEBUG = False
    call_command("seed_demo", "--i-know-this-is-not-production")
    assert User.objects.filter(username="ana").exists()


def test_role_groups_exist_after_migrate():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Consultants", "Supervisors", "Program leads"} <= names


def test_compose_file_describes_db_with_healthcheck_and_web_waiting_for_it():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) >= {"db", "web"}
    db = services["db"]
    assert db["image"].split(":")[0] == "postgres"
    assert db["image"].split(":")[1].split(".")[0] in {"16", "17"}
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert any(v.split(":")[0] in compose["volumes"] for v in db["volumes"])
    web = services["web"]
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert str(web["environment"]["DJANGO_DEBUG"]) == "0"
    assert "DATABASE_URL" in web["environment"]
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "gunicorn" in dockerfile and "migrate" in dockerfile
