"""What one row of an import is: its cells by column, what they become, how it compares with
the record on file, and what is wrong with it (column -> reason)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from core.tabular import is_formula

ADD, CHANGE, UNCHANGED, REFUSED = "add", "change", "unchanged", "refused"
FORMULA_ERROR = gettext_lazy(
    "A formula, or text starting with =, +, - or @, is not accepted: type the value itself."
)
DATE_HELP = gettext_lazy("write it as YYYY-MM-DD (2023-04-05) or MM/DD/YYYY")


@dataclass
class Line:
    """One data row of the file, by its line number (the header is line 1)."""

    line: int
    cells: dict[str, Any]
    label: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    target: Any = None  # the record on file with the row's key, if any
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (column, old, new)
    errors: dict[str, str] = field(default_factory=dict)
    # Formula cells and keys repeated in the file: the whole file waits until they are fixed.
    blocking: bool = False
    key: tuple = ()

    @property
    def status(self) -> str:
        if self.errors:
            return REFUSED
        if self.target is None:
            return ADD
        return CHANGE if self.changes else UNCHANGED

    def text(self, column: str) -> str:
        value = self.cells.get(column)
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def refuse(self, column: str, reason: str) -> None:
        self.errors.setdefault(column, reason)


def check_formulas(line: Line) -> None:
    for column, value in line.cells.items():
        if is_formula(value):
            line.refuse(column, str(FORMULA_ERROR))
            line.blocking = True


def parse_date(line: Line, column: str) -> date | None:
    """The cell as a date: an XLSX date, or text in ISO or US order; an impossible date (30
    February) or any other text is refused."""
    value = line.cells.get(column)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = line.text(column)
    if not text:
        line.refuse(column, _("Give the date: %(help)s.") % {"help": DATE_HELP})
        return None
    for pattern in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a day, no time
        except ValueError:
            continue
    line.refuse(
        column, _("“%(text)s” is not a date: %(help)s.") % {"text": text, "help": DATE_HELP}
    )
    return None


def choice(line: Line, column: str, choices: Sequence[tuple[str, StrOrPromise]]) -> str:
    """A choice given by its value ("centre") or its label ("Child care centre"), in English
    (as the templates write it) or in the language of the page."""
    text = line.text(column).lower()
    with translation.override("en"):
        english = [str(label).lower() for _value, label in choices]
    for (value, label), in_english in zip(choices, english, strict=True):
        if text in (value.lower(), str(label).lower(), in_english):
            return value
    if text:
        allowed = "; ".join(str(label) for _value, label in choices)
        line.refuse(
            column,
            _("“%(text)s” is not one of: %(allowed)s.")
            % {"text": line.text(column), "allowed": allowed},
        )
    return ""


def form_errors(line: Line, errors: Mapping[str, Any], columns: dict[str, str]) -> None:
    """A form's errors, each against the column it came from."""
    for name, messages in errors.items():
        line.refuse(columns.get(name, name), " ".join(messages))


def compare(line: Line, column: str, old: Any, new: Any) -> None:
    old_text, new_text = str(old or ""), str(new or "")
    if old_text != new_text:
        line.changes.append((column, old_text, new_text))
