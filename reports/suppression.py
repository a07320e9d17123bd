"""Small-cell suppression for public exports.

A table is a grid of counts with, optionally, a total for each row (a "Total" column) and a
total for each column (a "Total" row), and a grand total where both meet. Publishing it must not
reveal any count from 1 to threshold - 1, directly or by subtraction.

1. Primary suppression: every count (cell or total) from 1 to threshold - 1 is hidden, "<11".
2. Complementary suppression: a line (a row with its row total, or a column with its column
   total) that hides exactly one entry lets a reader recompute it (total minus the rest). In such
   a line hide one more entry: the smallest non-zero visible cell of the line; if there is none,
   the line's total. Zeros are never hidden (a zero is not a small cell).
3. Repeat step 2 over all lines until nothing changes (each pass only adds hidden entries, so
   this ends). Hidden totals are entries of the perpendicular "total" line too, so margins are
   protected like any other cell.

Lines without a published total cannot be used to recompute anything and are left alone.
"""

from dataclasses import dataclass, field
from typing import Any

PRIMARY = "primary"
COMPLEMENTARY = "complementary"


@dataclass
class Grid:
    """Counts to protect. `row_totals[i]` totals row i, `col_totals[j]` column j (or None)."""

    cells: list[list[int]]
    row_totals: list[int] | None = None
    col_totals: list[int] | None = None
    grand_total: int | None = None
    # (kind, index) -> PRIMARY | COMPLEMENTARY; kind is "cell" with (i, j), "row", "col", "grand".
    hidden: dict[tuple, str] = field(default_factory=dict)


# An entry of the grid: ("cell", i, j), ("row", i), ("col", j) or ("grand",).
Key = tuple[Any, ...]


def _entries_of_lines(grid: Grid) -> list[tuple[list[Key], Key]]:
    """Every line as (keys of its cells, key of its total)."""
    n_rows = len(grid.cells)
    n_cols = len(grid.cells[0]) if n_rows else 0
    lines: list[tuple[list[Key], Key]] = []
    if grid.row_totals is not None:
        for i in range(n_rows):
            lines.append(([("cell", i, j) for j in range(n_cols)], ("row", i)))
        if grid.col_totals is not None and grid.grand_total is not None:
            lines.append(([("col", j) for j in range(n_cols)], ("grand",)))
    if grid.col_totals is not None:
        for j in range(n_cols):
            lines.append(([("cell", i, j) for i in range(n_rows)], ("col", j)))
        if grid.row_totals is not None and grid.grand_total is not None:
            lines.append(([("row", i) for i in range(n_rows)], ("grand",)))
    return lines


def value_of(grid: Grid, key: Key) -> int:
    kind = key[0]
    if kind == "cell":
        return grid.cells[key[1]][key[2]]
    if kind == "row":
        return (grid.row_totals or [])[key[1]]
    if kind == "col":
        return (grid.col_totals or [])[key[1]]
    return grid.grand_total or 0


def _all_keys(grid: Grid) -> list[Key]:
    keys: list[Key] = [("cell", i, j) for i, row in enumerate(grid.cells) for j in range(len(row))]
    if grid.row_totals is not None:
        keys += [("row", i) for i in range(len(grid.row_totals))]
    if grid.col_totals is not None:
        keys += [("col", j) for j in range(len(grid.col_totals))]
    if grid.grand_total is not None:
        keys.append(("grand",))
    return keys


def suppress_lines(
    values: dict[Key, int],
    lines: list[tuple[list[Key], Key]],
    threshold: int,
    *,
    unpublished: frozenset[Key] = frozenset(),
) -> dict[Key, str]:
    """The rules above over any set of lines (each: the keys of its parts, the key of its
    total), for tables whose lines are not a grid's rows and columns (blocks with subtotals).
    An `unpublished` entry is a part no table shows (what is left when some parts are not
    listed): it counts as hidden from the start when not zero, so its line hides one more."""
    hidden: dict[Key, str] = {}
    for key, value in values.items():
        if key in unpublished:
            if value:
                hidden[key] = PRIMARY
        elif 0 < value < threshold:
            hidden[key] = PRIMARY
    changed = True
    while changed:
        changed = False
        for cells, total in lines:
            entries = [*cells, total]
            if sum(1 for key in entries if key in hidden) != 1:
                continue
            candidates = [
                key
                for key in cells
                if key not in hidden and key not in unpublished and values.get(key)
            ]
            if candidates:
                # Smallest first; ties go to the first listed, so results are stable.
                pick = min(candidates, key=lambda key: values.get(key, 0))
            elif total not in hidden:
                pick = total
            else:
                continue
            hidden[pick] = COMPLEMENTARY
            changed = True
    return hidden


def suppress(grid: Grid, threshold: int) -> Grid:
    """Fill `grid.hidden` by the primary and complementary rules above; returns the grid."""
    values = {key: value_of(grid, key) for key in _all_keys(grid)}
    grid.hidden.update(suppress_lines(values, _entries_of_lines(grid), threshold))
    return grid
