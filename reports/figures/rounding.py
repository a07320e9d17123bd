"""How hours are rounded, once for every table, chart and file.

Hours are minutes ÷ 60 rounded to two decimals, half up, in every row; a total is the sum of the
rounded rows shown above it. So the parts always add up to the total shown, and a chart drawn
from a table shows the table's numbers."""

from collections.abc import Iterable

HOURS_ROUNDING = (
    "Hours are minutes ÷ 60 rounded to two decimals (half up) in each row; a total is the sum "
    "of the rounded rows above it, so the parts add up to the total (it may differ by a few "
    "hundredths from minutes ÷ 60 of the whole, and between tables cut different ways)."
)


def hours(minutes: int | None) -> float:
    """Minutes as hours, rounded to hundredths half up (exactly, in integers)."""
    hundredths = ((minutes or 0) * 100 + 30) // 60
    return hundredths / 100


def add_up(values: Iterable[float | None]) -> float:
    """The sum of rounded hours, exactly as the parts show (no binary-float residue)."""
    return sum(round((value or 0) * 100) for value in values) / 100
