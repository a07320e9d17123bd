"""Small-cell suppression: primary ("<11") and complementary, worked by hand."""

import pytest

from reports.suppression import COMPLEMENTARY, PRIMARY, Grid, suppress
from reports.tables import COUNT, RATE, Column, Row, Table, public_cell_rows

T = 11


def hidden(grid: Grid) -> dict:
    return dict(sorted(grid.hidden.items()))


def test_a_lone_small_cell_in_a_column_hides_the_next_smallest_cell():
    # Column 25, 3, 40 with total 68: hiding only 3 leaves 68 - 25 - 40 = 3 readable,
    # so the smallest other non-zero cell, 25, is hidden too.
    grid = suppress(Grid(cells=[[25], [3], [40]], col_totals=[68]), T)
    assert hidden(grid) == {("cell", 0, 0): COMPLEMENTARY, ("cell", 1, 0): PRIMARY}


def test_complementary_suppression_spreads_until_every_line_hides_two_or_none():
    #        c0  c1  c2 | total
    # r0     20   5  15 |  40     5 is small: hide it; row 0 then hides 15 (its smallest).
    # r1     12  30   0 |  42     column 1 now hides only 5: hide 16 (smaller than 30);
    # r2     14  16  18 |  48     column 2 hides only 15: hide 18 (0 is never hidden).
    # total  46  51  33 | 139     row 2 then hides 16 and 18: two, stable.
    cells = [[20, 5, 15], [12, 30, 0], [14, 16, 18]]
    grid = suppress(
        Grid(cells=cells, row_totals=[40, 42, 48], col_totals=[46, 51, 33], grand_total=139), T
    )
    assert hidden(grid) == {
        ("cell", 0, 1): PRIMARY,
        ("cell", 0, 2): COMPLEMENTARY,
        ("cell", 2, 1): COMPLEMENTARY,
        ("cell", 2, 2): COMPLEMENTARY,
    }
    # The hidden cells a, b, c, d satisfy a+b=20, a+c=21, b+d=33, c+d=34: one free unknown,
    # so none of them can be recomputed.


def test_small_margins_are_hidden_and_protected_like_cells():
    #        c0  c1 | total
    # r0      5   0 |   5     5 and its row total 5 are small: both hidden (primary); row 0
    # r1     20  30 |  50     then hides two entries. Column 0 (5, 20 | 25) hides only 5:
    # total  25  30 |  55     hide 20. The row-total line (5, 50 | 55) hides only 5: hide 50.
    # Row 1 now hides 20 and 50, every other line two or none: stable.
    # Check: a + 0 = r0, b + 30 = r1, a + b = 25, r0 + r1 = 55 has one free unknown.
    grid = suppress(
        Grid(cells=[[5, 0], [20, 30]], row_totals=[5, 50], col_totals=[25, 30], grand_total=55),
        T,
    )
    assert hidden(grid) == {
        ("cell", 0, 0): PRIMARY,
        ("cell", 1, 0): COMPLEMENTARY,
        ("row", 0): PRIMARY,
        ("row", 1): COMPLEMENTARY,
    }


def test_a_line_with_no_other_non_zero_cell_hides_its_total():
    # Distinct counts are not additive: children seen by month 3 and 0, yet 12 in the period
    # (the total counts each child once). 3 is hidden; no other non-zero cell exists, so the
    # total is hidden instead.
    grid = suppress(Grid(cells=[[3], [0]], col_totals=[12]), T)
    assert hidden(grid) == {("cell", 0, 0): PRIMARY, ("col", 0): COMPLEMENTARY}


def test_zeros_and_counts_at_the_threshold_are_shown():
    grid = suppress(Grid(cells=[[0], [11], [12]], col_totals=[23]), T)
    assert grid.hidden == {}


def test_a_line_without_a_published_total_needs_no_complement():
    grid = suppress(Grid(cells=[[4], [50]]), T)
    assert hidden(grid) == {("cell", 0, 0): PRIMARY}


@pytest.mark.parametrize("threshold", [5, 11])
def test_threshold_comes_from_the_caller(threshold):
    grid = suppress(Grid(cells=[[7], [30], [40]], col_totals=[77]), threshold)
    assert (("cell", 0, 0) in grid.hidden) is (threshold == 11)


def test_public_rows_mark_small_counts_complements_and_the_rates_resting_on_them():
    table = Table(
        slug="t",
        title="T",
        definition="",
        row_header="Service",
        columns=[
            Column("sent", "Sent", COUNT),
            Column("started", "Started", COUNT),
            Column("rate", "Rate", RATE, basis=("started", "sent")),
        ],
        rows=[
            Row("A", {"sent": 40, "started": 30, "rate": 75.0}),
            Row("B", {"sent": 20, "started": 4, "rate": 20.0}),
            Row("C", {"sent": 0, "started": 0, "rate": None}),
        ],
        total=Row("Total", {"sent": 60, "started": 34, "rate": 56.7}),
    )
    # "Started": 4 is small; the column total 34 would give it back, so 30 is hidden too.
    # Both rows' rates rest on a hidden count; the total's does not.
    assert public_cell_rows(table, T) == [
        ["A", 40, "suppressed", "suppressed"],
        ["B", 20, "<11", "suppressed"],
        ["C", 0, 0, None],
        ["Total", 60, 34, 56.7],
    ]
