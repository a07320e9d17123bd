"""The dry run: every row of a file checked and compared with the records on file, nothing
written. The same run, repeated on confirming, decides what is written."""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from accounts.models import User
from consultation.imports.cells import (
    ADD,
    CHANGE,
    REFUSED,
    UNCHANGED,
    Line,
    check_formulas,
)
from consultation.imports.kinds import KINDS, Lookups
from core.tabular import FileRefused, is_formula, table_rows


@dataclass
class Preview:
    kind: str
    columns: tuple[str, ...]
    lines: list[Line] = field(default_factory=list)

    @property
    def counts(self) -> Counter:
        return Counter(line.status for line in self.lines)

    @property
    def blocking(self) -> list[Line]:
        return [line for line in self.lines if line.blocking]

    def of(self, status: str) -> list[Line]:
        return [line for line in self.lines if line.status == status]

    def summary(self) -> dict[str, int]:
        counts = self.counts
        return {
            "rows": len(self.lines),
            "added": counts[ADD],
            "changed": counts[CHANGE],
            "unchanged": counts[UNCHANGED],
            "refused": counts[REFUSED],
        }


def _header(cells: list[Any], kind: str) -> list[str]:
    """The column names, as the template writes them ("Date of birth" reads as date_of_birth);
    a file missing a required column is refused."""
    if any(is_formula(cell) for cell in cells):
        raise FileRefused(_("The header row holds a formula: use the template's column names."))
    names = [str(cell or "").strip().lower().replace(" ", "_") for cell in cells]
    spec = KINDS[kind]
    missing = [name for name in spec.required if name not in names]
    if missing:
        raise FileRefused(
            _(
                "The file has no column %(columns)s: the first row must name the columns, as in "
                "the template."
            )
            % {"columns": ", ".join(f"“{name}”" for name in missing)}
        )
    return names


def _lines(raw: IO[bytes], kind: str) -> Iterator[Line]:
    rows = table_rows(raw, max_rows=settings.IMPORT_MAX_ROWS)
    first = next(rows, None)
    if first is None:
        raise FileRefused(_("The file is empty."))
    names = _header(first[1], kind)
    columns = KINDS[kind].columns
    for number, cells in rows:
        found = dict(zip(names, cells, strict=False))
        yield Line(line=number, cells={column: found.get(column) for column in columns})


def preview_file(raw: IO[bytes], *, kind: str, user: User) -> Preview:
    """Every row checked: what it would add or change, or why it is refused. Raises FileRefused
    for a file that cannot be read at all."""
    spec = KINDS[kind]
    lookups = Lookups(user, kind)
    preview = Preview(kind=kind, columns=spec.columns)
    first_with: dict[tuple, int] = {}
    for line in _lines(raw, kind):
        check_formulas(line)
        if not line.errors:
            spec.check(line, lookups)
        if line.key and not line.blocking:
            if line.key in first_with:
                line.refuse(
                    spec.columns[0],
                    _("Same key as row %(row)s: each record once per file.")
                    % {"row": first_with[line.key]},
                )
                line.blocking = True
            first_with.setdefault(line.key, line.line)
        preview.lines.append(line)
    return preview
