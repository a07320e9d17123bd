"""Writing the built tables: psycopg 3 COPY on PostgreSQL, `bulk_create` elsewhere."""

from __future__ import annotations

import time as clock
from collections.abc import Callable
from typing import cast

from django.db import connection, models, transaction

from accounts.models import User
from consultation.models import (
    Administration,
    Child,
    ChildDemographics,
    Classroom,
    Consent,
    ConsultationCase,
    ExclusionEvent,
    GoalProgress,
    Intake,
    IntakeStep,
    MeasureDue,
    ObservedConcern,
    PlacementFollowUp,
    PyramidGoal,
    Score,
    Site,
    StarRating,
    Visit,
)
from devdata.synthetic.base import GeneratorBase
from devdata.synthetic.tables import Table
from referrals.models import Referral, ReferralStatusChange


class Progress:
    """Logs a table's rows written about every `step` rows, and once at the end."""

    def __init__(self, table: Table, step: int, log: Callable[[str], None]):
        self.label = table.label
        self.total = len(table.rows)
        self.step = step
        self.log = log
        self.started = clock.monotonic()
        self.written = self.reported = 0

    def advance(self, rows: int) -> None:
        self.written += rows
        if self.written - self.reported >= self.step:
            self.report()

    def finish(self) -> None:
        if self.written != self.reported or not self.total:
            self.report()

    def report(self) -> None:
        self.reported = self.written
        elapsed = max(clock.monotonic() - self.started, 1e-6)
        self.log(
            f"  {self.label}: {self.written:,}/{self.total:,} rows "
            f"({100 * self.written // max(self.total, 1)}%), {self.written / elapsed:,.0f} rows/s"
        )


class WriterMixin(GeneratorBase):
    # Parents before children, so every foreign key points at a row already written.
    ORDER = (
        User,
        User.groups.through,
        Site,
        Site.consultants.through,
        StarRating,
        Classroom,
        Child,
        Consent,
        ConsultationCase,
        Visit,
        Visit.activities.through,
        Visit.classrooms.through,
        Visit.children.through,
        ObservedConcern,
        PyramidGoal,
        GoalProgress,
        Referral,
        ReferralStatusChange,
        Administration,
        Score,
        MeasureDue,
        ExclusionEvent,
        PlacementFollowUp,
        ChildDemographics,
        Intake,
        IntakeStep,
    )

    def write(self) -> None:
        by_model = {t.model: t for t in self.tables}
        with transaction.atomic():
            for model in self.ORDER:
                table = by_model[model]
                self._write_table(table)
            if self.use_copy:
                self._reset_sequences()
        if connection.vendor == "postgresql":
            self._refresh_statistics()

    def _refresh_statistics(self) -> None:
        # Fresh statistics, so the first benchmark does not plan against empty tables, and,
        # where no transaction is open (VACUUM needs none), a visibility map, so index-only
        # scans do not fetch every freshly copied row from the heap.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for model in self.ORDER:
                table_name = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"{command} {table_name}")

    def _write_table(self, table: Table) -> None:
        progress = Progress(table, max(self.batch_size, len(table.rows) // 10), self.log)
        if self.use_copy:
            self._copy_rows(table, progress)
        else:
            self._bulk_create_rows(table, progress)
        progress.finish()

    def _copy_rows(self, table: Table, progress: Progress) -> None:
        # COPY does not know Django's field defaults: send them for the columns not built.
        meta = table.model._meta
        extra = [
            f for f in meta.concrete_fields if f.attname not in table.fields and not f.primary_key
        ]
        defaults = tuple(f.get_default() for f in extra)
        columns = ", ".join(
            connection.ops.quote_name(cast(models.Field, f).column)
            for f in [*(meta.get_field(name) for name in table.fields), *extra]
        )
        db_table = connection.ops.quote_name(meta.db_table)
        sql = f"COPY {db_table} ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in table.rows:
                copy.write_row(row + defaults if defaults else row)
                progress.advance(1)

    def _bulk_create_rows(self, table: Table, progress: Progress) -> None:
        model, fields = table.model, table.fields
        for start in range(0, len(table.rows), self.batch_size):
            chunk = table.rows[start : start + self.batch_size]
            model._default_manager.bulk_create(
                [model(**dict(zip(fields, row, strict=True))) for row in chunk],
                batch_size=self.batch_size,
            )
            progress.advance(len(chunk))

    def _reset_sequences(self) -> None:
        with connection.cursor() as cursor:
            for model in self.ORDER:
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))",
                    [model._meta.db_table],
                )
