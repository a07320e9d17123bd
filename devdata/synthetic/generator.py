"""A synthetic dataset the size of a state program after a decade, for benchmarks and load tests.

Everything is drawn from one seeded random stream in a fixed order, so the same seed and the same
"today" give the same rows. Rows are built in memory as tuples and written in batches: psycopg 3
COPY on PostgreSQL, `bulk_create(batch_size=...)` elsewhere. Neither path sends Django signals, so
no django-simple-history rows are written for synthetic data (its history starts at the first real
edit).

Synthetic rows are marked so they can be removed without touching real records: users have a
username starting with `synth-`, sites a licence number starting with `SYN-`; everything else
hangs on one of those (cases and visits on synthetic consultants and sites, children on synthetic
classrooms).
"""

from __future__ import annotations

import time as clock
from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib.admin.models import LogEntry
from django.db import connection, models
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.immutable import audit_deletes_allowed
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
from devdata.synthetic.cases import CasesMixin
from devdata.synthetic.concerns_goals import ConcernsGoalsMixin
from devdata.synthetic.constants import LICENCE_PREFIX, SCALES, USERNAME_PREFIX
from devdata.synthetic.intakes import IntakesMixin
from devdata.synthetic.measures import MeasuresMixin
from devdata.synthetic.outcomes import OutcomesMixin
from devdata.synthetic.people import ChildrenMixin, PeopleMixin, ReferenceDataMixin
from devdata.synthetic.referral_history import ReferralsMixin
from devdata.synthetic.sites import SitesMixin
from devdata.synthetic.visits import VisitsMixin
from devdata.synthetic.writer import WriterMixin
from referrals.models import Referral, ReferralStatusChange

DeleteSteps = list[tuple[type[models.Model], list[Q]]]


class SyntheticDataExists(Exception):
    pass


def synthetic_counts() -> dict[str, int]:
    return {
        "users": User.objects.filter(username__startswith=USERNAME_PREFIX).count(),
        "sites": Site.objects.filter(licence_number__startswith=LICENCE_PREFIX).count(),
    }


class Generator(
    ReferenceDataMixin,
    PeopleMixin,
    SitesMixin,
    CasesMixin,
    VisitsMixin,
    ChildrenMixin,
    ConcernsGoalsMixin,
    ReferralsMixin,
    MeasuresMixin,
    OutcomesMixin,
    IntakesMixin,
    WriterMixin,
):
    def build(self) -> None:
        # Each step draws from the one random stream: this order is part of what a seed means.
        started = clock.monotonic()
        self._reference_data()
        self._users()
        self._sites()
        self._children_pool()
        self._cases()
        self._visits()
        self._concerns()
        self._goals_and_progress()
        self._referrals()
        self._finish_children()
        self._site_consultant_links()
        self._measures_and_exclusions()  # its own stream, seeded last: the rows above stay
        self._outcomes()
        self._intakes()  # last: the rows before it are the same for a seed with or without it
        rows = sum(len(t.rows) for t in self.tables)
        self.log(f"built {rows:,} rows in memory in {clock.monotonic() - started:.1f}s")


def generate(
    *,
    scale: str,
    seed: int,
    today: date | None = None,
    log: Callable[[str], None] = print,
    use_copy: bool | None = None,
) -> dict[str, int]:
    existing = synthetic_counts()
    if any(existing.values()):
        raise SyntheticDataExists(
            f"Synthetic data already exists ({existing['users']:,} synthetic users, "
            f"{existing['sites']:,} synthetic sites). Remove it first with --flush "
            "(only rows marked synthetic are removed), or generate into another database."
        )
    generator = Generator(
        scale=SCALES[scale],
        seed=seed,
        today=today or timezone.localdate(),
        log=log,
        use_copy=use_copy,
    )
    started = clock.monotonic()
    generator.build()
    log(f"writing with {'COPY' if generator.use_copy else 'bulk_create'}")
    generator.write()
    counts = {t.label: len(t.rows) for t in generator.tables}
    log(f"done in {clock.monotonic() - started:.1f}s")
    return counts


def _delete(model: type[models.Model], condition: Q | None = None, **lookup) -> int:
    """DELETE ... WHERE pk IN (subquery): no per-row Python, no signals, no collector."""
    queryset = model._base_manager.filter(condition or Q(), **lookup).values("pk")
    subquery, params = queryset.query.sql_with_params()
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        # Wrapping the subquery lets MySQL-style "same table" limits and SQLite both accept it.
        cursor.execute(
            f"DELETE FROM {table} WHERE {pk} IN (SELECT * FROM ({subquery}) AS s)", params
        )
        return cursor.rowcount


def _delete_steps(users: QuerySet) -> DeleteSteps:
    """What hangs on synthetic users or synthetic sites, children before parents."""
    sites = Site.objects.filter(licence_number__startswith=LICENCE_PREFIX).values("pk")
    cases = ConsultationCase.objects.filter(Q(consultant__in=users) | Q(site__in=sites)).values(
        "pk"
    )
    visits = Visit.objects.filter(Q(consultant__in=users) | Q(site__in=sites)).values("pk")
    classrooms = Classroom.objects.filter(site__in=sites).values("pk")
    children = Child.objects.filter(classroom__in=classrooms).values("pk")
    referrals = Referral.objects.filter(Q(case__in=cases) | Q(created_by__in=users)).values("pk")
    # One DELETE per condition: PostgreSQL turns `x IN (subquery)` into a hash semi-join, but an
    # OR of two such subqueries over a million rows becomes a per-row subplan.
    intakes = [Q(site__in=sites), Q(case__in=cases), Q(recorded_by__in=users)]
    return [
        (MeasureDue, [Q(case__in=cases)]),
        (Score, [Q(administration__case__in=cases)]),
        (Administration, [Q(case__in=cases)]),
        (ExclusionEvent, [Q(case__in=cases)]),
        (IntakeStep, [Q(intake__in=Intake.objects.filter(q).values("pk")) for q in intakes]),
        (Intake, intakes),
        (ReferralStatusChange, [Q(referral__in=referrals), Q(changed_by__in=users)]),
        (Referral, [Q(pk__in=referrals)]),
        (GoalProgress, [Q(goal__case__in=cases), Q(visit__in=visits)]),
        (ObservedConcern, [Q(visit__in=visits), Q(child__in=children)]),
        (Visit.activities.through, [Q(visit__in=visits)]),
        (Visit.classrooms.through, [Q(visit__in=visits), Q(classroom__in=classrooms)]),
        (Visit.children.through, [Q(visit__in=visits), Q(child__in=children)]),
        (Visit, [Q(pk__in=visits)]),
        (PyramidGoal, [Q(case__in=cases)]),
        (PlacementFollowUp, [Q(case__in=cases)]),
        (ChildDemographics, [Q(child__in=children)]),
        (ConsultationCase, [Q(pk__in=cases)]),
        (Consent, [Q(child__in=children)]),
        (Child, [Q(pk__in=children)]),
        (Classroom, [Q(pk__in=classrooms)]),
        (StarRating, [Q(site__in=sites)]),
        (Site.consultants.through, [Q(site__in=sites), Q(user__in=users)]),
        (Site, [Q(pk__in=sites)]),
        (LogEntry, [Q(user__in=users)]),
        (User.groups.through, [Q(user__in=users)]),
        (User.user_permissions.through, [Q(user__in=users)]),
    ]


def _run_delete_step(
    model: type[models.Model], conditions: list[Q], log: Callable[[str], None]
) -> int:
    started = clock.monotonic()
    removed = sum(_delete(model, condition) for condition in conditions)
    if removed:
        log(
            f"  removed {removed:,} {model._meta.db_table} rows "
            f"in {clock.monotonic() - started:.1f}s"
        )
    return removed


def _delete_other_user_rows(users: QuerySet, handled: set[type[models.Model]]) -> int:
    """Anything else that points at a synthetic user (access records, export logs, history rows
    of edits made while signed in as one) is synthetic too."""
    total = 0
    relations: list[Any] = [
        f for f in User._meta.get_fields(include_hidden=True) if f.auto_created and not f.concrete
    ]
    for relation in relations:
        model = relation.through if relation.many_to_many else relation.related_model
        if model in handled or model is None:
            continue
        handled.add(model)
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                total += _delete(model, Q(**{f"{field.name}__in": users}))
    return total


def flush(log: Callable[[str], None] = print) -> int:
    """Remove synthetic rows only: everything hanging on synthetic users or synthetic sites,
    their access records and history rows included (the audit tables allow it in this block
    only: accounts.immutable)."""
    with audit_deletes_allowed():
        return _flush(log)


def _flush(log: Callable[[str], None]) -> int:
    users = User.objects.filter(username__startswith=USERNAME_PREFIX).values("pk")
    steps = _delete_steps(users)
    total = 0
    for model, conditions in steps:
        total += _run_delete_step(model, conditions, log)
    total += _delete_other_user_rows(users, {model for model, _ in steps} | {User})
    # A real consultant under a synthetic supervisor keeps working, without that supervisor.
    User.objects.filter(supervisor__in=users).exclude(pk__in=users).update(supervisor=None)
    removed = _delete(User, Q(pk__in=users))
    log(f"  removed {removed:,} synthetic users")
    return total + removed
