"""Report tables: what the page shows and every export writes, with their public variant."""

from dataclasses import dataclass, field
from typing import Any

from reports.suppression import PRIMARY, Grid, Key, suppress, suppress_lines

COUNT, HOURS, RATE, DAYS = "count", "hours", "rate", "days"
COMPLEMENTARY_MARK = "suppressed"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = COUNT
    definition: str = ""
    # Derived columns (hours, rates, days) are hidden in public exports when a count they rest
    # on is hidden in the same row.
    basis: tuple[str, ...] = ()
    # Part of the additive group the table's "Total" column sums (cross tables only).
    in_row_total: bool = False

    def __post_init__(self) -> None:
        # A lazy choice label (a goal status's) is fixed in the language the figures are
        # built in (English: what every export writes); the page translates it on display.
        object.__setattr__(self, "label", str(self.label))


@dataclass
class Row:
    label: str
    values: dict[str, Any]

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", str(self.label))  # as Column's label

    def cells(self, columns: list[Column]) -> list[Any]:
        return [self.values.get(column.key) for column in columns]


@dataclass(frozen=True)
class Line:
    """Rows whose counts add up to another row's (row index len(rows) is the total row), for
    tables in blocks: a county's groups to the county's row. `partial` when the rows listed
    do not hold every part (some parts are not shown): the rest is hidden like a small cell."""

    parts: tuple[int, ...]
    total: int
    partial: bool = False


@dataclass
class Table:
    slug: str
    title: str
    definition: str
    row_header: str
    columns: list[Column]
    rows: list[Row]
    total: Row | None = None
    # The key of the column that totals the `in_row_total` columns, if the table has one.
    row_total_key: str | None = None
    notes: list[str] = field(default_factory=list)
    # Row labels for public exports when the labels name people (consultants): codes instead.
    public_labels: list[str] | None = None
    # The count columns' lines for suppression when the rows are blocks with subtotals (the
    # default: every data row adds up to the total row).
    lines: list[Line] | None = None

    def cell_rows(self) -> list[list[Any]]:
        """The data rows, total last, each as [label, value, value, ...]."""
        rows = [*self.rows, *([self.total] if self.total else [])]
        return [[row.label, *row.cells(self.columns)] for row in rows]

    def header(self) -> list[str]:
        return [self.row_header, *(column.label for column in self.columns)]

    def display_rows(self) -> list[tuple[Row, list[tuple[Column, Any]]]]:
        """Rows paired with their columns, for the page (the total row is `display_total`)."""
        return [
            (row, list(zip(self.columns, row.cells(self.columns), strict=True)))
            for row in self.rows
        ]

    def display_total(self) -> list[tuple[Column, Any]]:
        if self.total is None:
            return []
        return list(zip(self.columns, self.total.cells(self.columns), strict=True))

    @property
    def row_count(self) -> int:
        return len(self.rows) + (1 if self.total else 0)


def _marks_of(
    grid: Grid, keys: list[str], row_total_key: str | None, *, total_row: int
) -> dict[tuple[int, str], str]:
    """The grid's hidden entries as (row index, column key) of the table."""
    marks = {}
    for key, how in grid.hidden.items():
        if key[0] == "cell":
            marks[(key[1], keys[key[2]])] = how
        elif key[0] == "col":
            marks[(total_row, keys[key[1]])] = how
        elif row_total_key:  # a row's total, or the grand total
            marks[(key[1] if key[0] == "row" else total_row, row_total_key)] = how
    return marks


def _block_marks(
    table: Table, rows: list[Row], keys: list[str], threshold: int
) -> dict[tuple[int, str], str]:
    """Suppression along the table's own lines, column by column."""
    marks: dict[tuple[int, str], str] = {}
    for key in keys:
        values: dict[Key, int] = {(i, key): row.values.get(key) or 0 for i, row in enumerate(rows)}
        lines: list[tuple[list[Key], Key]] = []
        rests = set()
        for n, line in enumerate(table.lines or []):
            parts: list[Key] = [(i, key) for i in line.parts]
            total: Key = (line.total, key)
            if line.partial:
                rest: Key = ("rest", n, key)
                values[rest] = values[total] - sum(values[p] for p in parts)
                rests.add(rest)
                parts.append(rest)
            lines.append((parts, total))
        hidden = suppress_lines(values, lines, threshold, unpublished=frozenset(rests))
        marks.update({k: how for k, how in hidden.items() if k[0] != "rest"})
    return marks


def _hidden_marks(table: Table, threshold: int) -> dict[tuple[int, str], str]:
    """(row index, column key) -> PRIMARY or COMPLEMENTARY for every hidden count.

    Row index len(table.rows) is the total row."""
    rows = [*table.rows, *([table.total] if table.total else [])]
    n_data = len(table.rows)
    counts = [c for c in table.columns if c.kind == COUNT]
    group = [c.key for c in counts if c.in_row_total] if table.row_total_key else []
    loose = [c.key for c in counts if c.key not in group and c.key != table.row_total_key]
    marks: dict[tuple[int, str], str] = {}

    def run(keys: list[str], row_total_key: str | None) -> None:
        if not keys:
            return
        grid = Grid(
            cells=[[rows[i].values.get(k) or 0 for k in keys] for i in range(n_data)],
            row_totals=[rows[i].values.get(row_total_key) or 0 for i in range(n_data)]
            if row_total_key
            else None,
            col_totals=[table.total.values.get(k) or 0 for k in keys] if table.total else None,
            grand_total=(table.total.values.get(row_total_key) or 0)
            if (table.total and row_total_key)
            else None,
        )
        suppress(grid, threshold)
        marks.update(_marks_of(grid, keys, row_total_key, total_row=n_data))

    if table.lines is not None:
        marks.update(_block_marks(table, rows, loose, threshold))
    else:
        run(group, table.row_total_key)
        run(loose, None)
    for index in range(len(rows)):
        for column in table.columns:
            if column.kind != COUNT and any((index, b) in marks for b in column.basis):
                marks[(index, column.key)] = "derived"
    return marks


def public_cell_rows(table: Table, threshold: int) -> list[list[Any]]:
    """The data rows with small counts shown as "<threshold" and their complements hidden."""
    marks = _hidden_marks(table, threshold)
    result = []
    public_labels = [*table.public_labels, "Total"] if table.public_labels is not None else None
    for index, row in enumerate(table.cell_rows()):
        out = [public_labels[index] if public_labels and index < len(public_labels) else row[0]]
        for column, value in zip(table.columns, row[1:], strict=True):
            how = marks.get((index, column.key))
            if how == PRIMARY:
                out.append(f"<{threshold}")
            elif how:
                out.append(COMPLEMENTARY_MARK)
            else:
                out.append(value)
        result.append(out)
    return result
