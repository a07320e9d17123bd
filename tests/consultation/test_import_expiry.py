"""Uploaded import files never confirmed do not linger: past IMPORT_HOLD_HOURS their stored
file is deleted, by the daily expire_imports command and whenever any import starts. The
ImportRun stays as the audit; only the file goes."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from consultation.imports import import_preview, imports_expire
from consultation.models import ImportRun
from core.storage import private_storage
from tests.factories_l21 import upload

pytestmark = pytest.mark.django_db

SITES = b"licence_number,name,county\nOK-7,Acorns,Tulsa\n"


def held(user) -> ImportRun:
    run, _ = import_preview(user=user, kind=ImportRun.Kind.SITES, upload=upload(SITES))
    return run


def aged(run: ImportRun, hours: float) -> None:
    ImportRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(hours=hours))


def test_the_command_deletes_old_unconfirmed_files_and_keeps_the_runs(demo_users, settings):
    settings.IMPORT_HOLD_HOURS = 24
    old, recent = held(demo_users["sue"]), held(demo_users["tom"])
    aged(old, 25)
    aged(recent, 2)
    assert private_storage().exists(old.stored_name)
    out = StringIO()
    call_command("expire_imports", stdout=out)
    assert "1 unconfirmed import file(s)" in out.getvalue()
    old_now, recent_now = (ImportRun.objects.get(pk=r.pk) for r in (old, recent))
    assert (old_now.status, old_now.stored_name) == (ImportRun.Status.ABANDONED, "")
    assert not private_storage().exists(old.stored_name)
    assert old_now.file_name == "file.csv" and old_now.rows == 1  # the audit row stays
    assert "24 hours" in old_now.message
    assert (recent_now.status, recent_now.stored_name) == (
        ImportRun.Status.PREVIEWED,
        recent.stored_name,
    )
    assert private_storage().exists(recent.stored_name)
    assert imports_expire() == 0  # running it again deletes nothing new


def test_any_import_starting_expires_old_files_of_other_uploaders(demo_users, settings):
    settings.IMPORT_HOLD_HOURS = 24
    toms = held(demo_users["tom"])
    aged(toms, 30)
    held(demo_users["sue"])  # sue starts an import: tom's old file goes
    toms_now = ImportRun.objects.get(pk=toms.pk)
    assert (toms_now.status, toms_now.stored_name) == (ImportRun.Status.ABANDONED, "")
    assert not private_storage().exists(toms.stored_name)


def test_a_shorter_hold_setting_expires_sooner(demo_users, settings):
    settings.IMPORT_HOLD_HOURS = 1
    run = held(demo_users["sue"])
    aged(run, 2)
    assert imports_expire() == 1
    assert ImportRun.objects.get(pk=run.pk).status == ImportRun.Status.ABANDONED
