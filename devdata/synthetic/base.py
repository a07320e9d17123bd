"""The state the generator's steps share: settings, the random stream and the tables being built."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, models
from django.db.models import Max
from django.utils import timezone

from consultation.models import County
from devdata.synthetic.constants import YEARS_OF_HISTORY, Scale
from devdata.synthetic.names import CONSENT_GIVERS
from devdata.synthetic.tables import Picker, Table
from referrals.models import ServiceType


class GeneratorBase:
    """Every step draws from `rng`, so each must keep its order of draws for a seed to repeat."""

    # Built by the steps, in the order `Generator.build` runs them.
    counties: list[County]
    concern_items: dict[str, list[int]]
    pick_activity: Picker[int]
    tiers: list[int]
    areas: list[int]
    service_types: list[ServiceType]
    agencies_for: dict[int, list[int]]
    service_weight: dict[int, float]
    supervisor_ids: list[int]
    lead_id: int
    consultants: list[tuple[int, int, str]]  # (user id, home county id, region)
    user_rows: list[tuple]
    sites: list[dict[str, Any]]
    classrooms: dict[int, tuple[int, str]]  # id -> (site id, age group)
    site_consultant_picker: dict[int, Picker[int]]
    site_consultants: dict[int, list[int]]
    child_rows: dict[int, list[Any]]
    next_child_id: int
    classroom_pool: dict[tuple[int, int], list[int]]
    pool_budget: int
    cases: list[dict[str, Any]]
    case_rows: list[tuple]
    visit_subjects: list[tuple[int, int, int, list[int]]]  # (visit, day, case index, children)

    def __init__(
        self,
        *,
        scale: Scale,
        seed: int,
        today: date,
        log: Callable[[str], None] = print,
        use_copy: bool | None = None,
        batch_size: int = 5_000,
    ):
        self.s = scale
        self.rng = random.Random(seed)
        self.today = today
        self.log = log
        self.batch_size = batch_size
        self.use_copy = connection.vendor == "postgresql" if use_copy is None else use_copy
        self.now: datetime = timezone.now()
        self.start_ord = (today - timedelta(days=365 * YEARS_OF_HISTORY)).toordinal()
        self.today_ord = today.toordinal()
        self.tables: list[Table] = []

    def _next_id(self, model: type[models.Model]) -> int:
        return (model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1

    def _need_consent(self, child_id: int, day: int) -> None:
        """The child's caregiver consented by `day` (a case opened, a concern recorded, a
        referral started): the consent is dated up to a month before, not before birth."""
        row = self.child_rows[child_id]
        wanted = max(row[4].toordinal(), day - self.rng.randint(0, 30))
        if row[6] is None or wanted < row[6].toordinal():
            row[6] = date.fromordinal(wanted)
            row[7] = row[7] or self.rng.choice(CONSENT_GIVERS)

    def _table(self, model: type[models.Model], fields: Sequence[str], label: str = "") -> Table:
        table = Table(model=model, fields=fields, rows=[], label=label or model._meta.db_table)
        self.tables.append(table)
        return table
