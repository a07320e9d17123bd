"""The audit cannot be edited, even in SQL: the access records, the sign-in logs and every
change-history table refuse UPDATE and DELETE in the database itself (accounts/immutable.py), on
SQLite and PostgreSQL. The one exception is the retention command, which deletes access records
older than the retention period and records that it did."""

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from axes.models import AccessFailureLog, AccessLog
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.immutable import OPERATIONS, audit_models, trigger_name
from accounts.models import AccessRecord, TwoFactorEvent
from accounts.services import access_records_prune, retention_cutoff
from tests.factories import (
    AdministrationFactory,
    CaseFactory,
    ExclusionEventFactory,
    GoalProgressFactory,
    ObservedConcernFactory,
    ReferralFactory,
    StarRatingFactory,
    VisitFactory,
)
from tests.factories_intake import IntakeFactory
from tests.factories_l21 import TrainingFactory
from tests.factories_outcomes import ChildDemographicsFactory, PlacementFollowUpFactory

pytestmark = pytest.mark.django_db

PASSWORD = "demo-pass-2026"


def operations() -> tuple[str, ...]:
    return OPERATIONS if connection.vendor == "postgresql" else ("update", "delete")


def installed_triggers() -> set[tuple[str, str]]:
    """(table, trigger name) of every trigger in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal"
            )
        return {(table, name) for table, name in cursor.fetchall()}


def test_every_audit_table_has_its_triggers_after_all_migrations():
    """On SQLite a migration that rebuilds a table drops its triggers: such a migration must
    re-install them (accounts.immutable.install_audit_triggers), or this fails."""
    tables = [model._meta.db_table for model in audit_models(apps)]
    assert {"accounts_accessrecord", "axes_accesslog", "axes_accessfailurelog"} <= set(tables)
    assert "consultation_historicalchild" in tables and "referrals_historicalreferral" in tables
    installed = installed_triggers()
    missing = [
        (table, op)
        for table in tables
        for op in operations()
        if (table, trigger_name(connection, table, op)) not in installed
    ]
    assert not missing, f"audit tables without their triggers: {missing}"


@pytest.fixture
def audit_rows(demo_users):
    """A row in every audit table: history of every record type, reads, sign-ins in and out."""
    case = CaseFactory(consultant=demo_users["ana"])
    visit = VisitFactory(case=case)
    GoalProgressFactory(visit=visit, goal__case=case)
    ObservedConcernFactory(visit=visit, child=case.child)
    StarRatingFactory(site=case.site)
    AdministrationFactory(case=case).instrument.save()
    ExclusionEventFactory(case=case)
    PlacementFollowUpFactory(case=case)
    ChildDemographicsFactory(child=case.child)
    IntakeFactory(site=case.site)
    ana = demo_users["ana"]
    TrainingFactory(consultant=ana, sites=[case.site])
    TwoFactorEvent.objects.create(user=ana, actor=ana, kind=TwoFactorEvent.Kind.ENROLLED)
    ReferralFactory(case=case).agency.save()
    client = Client()
    client.post(reverse("login"), {"username": "ana", "password": "wrong"})
    client.post(reverse("login"), {"username": "ana", "password": PASSWORD})
    client.get(reverse("consultation:case_detail", args=[case.uuid]))
    client.post(reverse("logout"))
    return case


def refused(sql: str) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except DatabaseError:
        return True
    return False


def test_raw_sql_update_and_delete_are_refused_on_every_audit_table(audit_rows):
    quote = connection.ops.quote_name
    accepted = []
    for model in audit_models(apps):
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        assert model._default_manager.exists(), f"no row in {table} to try"
        statements = [f"UPDATE {table} SET {pk} = {pk}", f"DELETE FROM {table}"]
        if connection.vendor == "postgresql":
            statements.append(f"TRUNCATE {table}")
        accepted += [sql for sql in statements if not refused(sql)]
        assert model._default_manager.exists(), f"{table} lost rows"
    assert not accepted, "\n".join(accepted)


def test_signing_out_fills_in_the_logout_time_once_and_no_more(audit_rows):
    log = AccessLog.objects.get()
    assert log.logout_time is not None  # axes' one UPDATE went through
    assert refused("UPDATE axes_accesslog SET logout_time = attempt_time")
    assert refused("UPDATE axes_accesslog SET username = 'someone', logout_time = NULL")
    assert AccessFailureLog.objects.get().username == "ana"


@pytest.fixture
def aged_records(demo_users, monkeypatch):
    """Two records older than six years (one by a second), two within them (one exactly at the
    cutoff). created_at is stamped by the clock on insert: the clock is set for each."""

    def written_at(when: datetime) -> AccessRecord:
        monkeypatch.setattr(timezone, "now", lambda: when)
        return AccessRecord.objects.create(
            user=demo_users["ana"], action="view", method="GET", path="/", status_code=200
        )

    cutoff = retention_cutoff(today=timezone.localdate(), years=6)
    long_ago = timezone.make_aware(datetime(2001, 1, 1))
    records = {
        "old": [written_at(long_ago), written_at(cutoff - timedelta(seconds=1))],
        "kept": [written_at(cutoff), written_at(cutoff + timedelta(days=2000))],
    }
    monkeypatch.undo()
    return records


def test_prune_deletes_only_records_older_than_the_period_and_records_it(demo_users, aged_records):
    call_command("prune_access_records", "--by", "admin", stdout=StringIO())
    kept = {record.pk for record in aged_records["kept"]}
    remaining = AccessRecord.objects.exclude(action=AccessRecord.Action.PRUNE)
    assert set(remaining.values_list("pk", flat=True)) == kept
    prune = AccessRecord.objects.get(action=AccessRecord.Action.PRUNE)
    assert prune.user == demo_users["admin"]
    assert "deleted 2 created before" in prune.path
    # The permission ended with the command: the remaining records are as immutable as before.
    assert refused("DELETE FROM accounts_accessrecord")
    assert AccessRecord.objects.count() == 3


def test_the_retention_period_is_a_setting(settings, demo_users, aged_records):
    settings.ACCESS_RECORD_RETENTION_YEARS = 30
    call_command("prune_access_records", "--by", "admin", stdout=StringIO())
    assert AccessRecord.objects.exclude(action="prune").count() == 4


def test_only_an_administrator_prunes(demo_users, aged_records):
    with pytest.raises(ValidationError):
        access_records_prune(by=demo_users["sue"], years=6)
    with pytest.raises(CommandError):
        call_command("prune_access_records", "--by", "sue")
    with pytest.raises(ValidationError):
        access_records_prune(by=demo_users["admin"], years=0)
    assert AccessRecord.objects.count() == 4


def test_the_cutoff_is_local_midnight_years_back_even_from_a_leap_day():
    assert retention_cutoff(today=date(2028, 2, 29), years=6).date() == date(2022, 2, 28)
    assert retention_cutoff(today=date(2026, 11, 30), years=6).date() == date(2020, 11, 30)
