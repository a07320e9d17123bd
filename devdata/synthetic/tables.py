"""Small building blocks of the generator: rows in memory, weighted choice and date arithmetic."""

from __future__ import annotations

import random
import uuid
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import accumulate
from typing import Any, Generic, TypeVar

from django.db import models

T = TypeVar("T")


@dataclass
class Table:
    model: type[models.Model]
    fields: Sequence[str]
    rows: list[Any]
    label: str = ""


def new_uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def allocate(total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
    """Split `total` into integers proportional to `weights` (largest remainder), each >= min."""
    n = len(weights)
    if minimum * n > total:
        minimum = 0
    rest = total - minimum * n
    wsum = float(sum(weights))
    raw = [rest * w / wsum for w in weights]
    counts = [minimum + int(r) for r in raw]
    short = total - sum(counts)
    order = sorted(range(n), key=lambda i: (-(raw[i] - int(raw[i])), i))
    for i in order[:short]:
        counts[i] += 1
    return counts


class Picker(Generic[T]):
    """Weighted choice with precomputed cumulative weights (random.choices recomputes them)."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]):
        self.items = list(items)
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random) -> T:
        return self.items[bisect(self.cum, rng.random() * self.total)]


def months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    return date(year, month + 1, min(day.day, 28))


def weekday_on_or_before(ordinal: int) -> int:
    """Move a date (as an ordinal) off the weekend, backwards, so it never moves into the future."""
    wd = date.fromordinal(ordinal).weekday()
    return ordinal - (wd - 4) if wd > 4 else ordinal


def whole_months_between(born: date, day: date) -> int:
    return (day.year - born.year) * 12 + day.month - born.month - (1 if day.day < born.day else 0)


def split_evenly(rng: random.Random, remaining: int, slots: int) -> int:
    """One slot's share of what remains: the mean, rounded up or down at random."""
    mean = remaining / max(1, slots)
    return int(mean) + (1 if rng.random() < mean - int(mean) else 0)
