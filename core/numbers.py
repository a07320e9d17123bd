"""Whole numbers read from what a browser sent: the one parser every filter, choice and page
number uses, so that no crafted number reaches the database as a crash."""

from typing import Any

# The database's integers are 64-bit (SQLite raises OverflowError past them).
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
# Longer than any 64-bit number: refused before int() spends time on it.
MAX_DIGITS = 19


def parse_int(value: Any, *, minimum: int = INT64_MIN, maximum: int = INT64_MAX) -> int | None:
    """The integer `value` spells in ASCII digits (an optional leading minus) within
    [minimum, maximum], else None. str.isdigit alone also takes "³", which int() refuses, and
    "٣", which int() reads as 3: neither is a number anyone types here."""
    text = str(value).strip()
    digits = text.removeprefix("-")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > MAX_DIGITS:
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None
