"""Spreadsheet-safe cells: the one rule for every CSV and XLSX the app writes."""

from typing import Any

from django.utils.functional import Promise

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Neutralise text that a spreadsheet would run as a formula; a translatable label (a choice's)
    is written as its text in the active language."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value
