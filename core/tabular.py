"""Reading a spreadsheet someone uploads, a row at a time: CSV (UTF-8 with or without a BOM, or
Windows-1252) or XLSX (openpyxl, read-only). The type is read from the file's first bytes, not
from its name. A file that cannot be read raises FileRefused with a message for the person who
sent it; the rows stream, so a large file is never held in memory as a whole."""

import codecs
import csv
import io
from collections.abc import Iterator
from typing import IO, Any
from zipfile import BadZipFile

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from core.cells import FORMULA_STARTS

XLSX, CSV = "xlsx", "csv"
_CHUNK = 64 * 1024
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and .doc) container
_NOT_TABLES = {
    b"%PDF-": gettext_lazy("a PDF"),
    b"\xff\xd8\xff": gettext_lazy("a JPEG image"),
    b"\x89PNG": gettext_lazy("a PNG image"),
}
# What a text cell may not start with: a spreadsheet would run it as a formula.
FORMULA_LEADS = tuple(lead for lead in FORMULA_STARTS if lead.strip())


class FileRefused(Exception):
    """The file as a whole cannot be read: nothing in it is used."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Formula(str):
    """A cell an XLSX file holds as a formula (its text, "=SUM(A1:A3)")."""

    __slots__ = ()


def is_formula(value: Any) -> bool:
    return isinstance(value, Formula) or (
        isinstance(value, str) and value.strip().startswith(FORMULA_LEADS)
    )


def file_type(raw: IO[bytes]) -> str:
    """XLSX or CSV, from the first bytes; any other file is refused with what it seems to be."""
    raw.seek(0)
    head = raw.read(4096)
    raw.seek(0)
    if not head.strip():
        raise FileRefused(_("The file is empty."))
    if head.startswith(b"PK\x03\x04"):
        return XLSX
    if head.startswith(_OLE2):
        raise FileRefused(
            _("This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) or as CSV.")
        )
    for signature, what in _NOT_TABLES.items():
        if head.startswith(signature):
            raise FileRefused(
                _("This is %(what)s, not a spreadsheet: upload a CSV or XLSX file.")
                % {"what": what}
            )
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileRefused(_("The file is in UTF-16: save it as CSV UTF-8 and upload it again."))
    if b"\x00" in head:
        raise FileRefused(_("This is not a spreadsheet: upload a CSV or XLSX file."))
    return CSV


def text_encoding(raw: IO[bytes]) -> str:
    """UTF-8 (a BOM is dropped) if every byte decodes as such, else Windows-1252 if that decodes
    it; anything else is refused. Read in chunks: the file is never whole in memory."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        raw.seek(0)
        try:
            while chunk := raw.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        raw.seek(0)
        return encoding
    raise FileRefused(
        _(
            "The file's characters could not be read: save it as CSV UTF-8 (or Windows-1252) and "
            "upload it again."
        )
    )


def _csv_rows(raw: IO[bytes]) -> Iterator[list[Any]]:
    text = io.TextIOWrapper(raw, encoding=text_encoding(raw), newline="")
    try:
        yield from csv.reader(text)
    except csv.Error as error:
        raise FileRefused(
            _("The CSV file could not be read (%(error)s).") % {"error": error}
        ) from None
    finally:
        if not raw.closed:
            text.detach()  # the caller's file stays open


def _xlsx_rows(raw: IO[bytes]) -> Iterator[list[Any]]:
    try:
        workbook = load_workbook(raw, read_only=True, data_only=False)
    except (BadZipFile, KeyError, OSError, ValueError):
        raise FileRefused(
            _("The file is not an Excel workbook (.xlsx) that can be read.")
        ) from None
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows():
            yield [
                Formula(cell.value) if getattr(cell, "data_type", "") == "f" else cell.value
                for cell in row
            ]
    finally:
        workbook.close()


def table_rows(raw: IO[bytes], *, max_rows: int) -> Iterator[tuple[int, list[Any]]]:
    """(line number, cells) for the header and each non-empty row after it; a file with more
    than `max_rows` data rows is refused when the row after the last allowed is reached."""
    reader = _xlsx_rows(raw) if file_type(raw) == XLSX else _csv_rows(raw)
    data_rows = -1  # the first row read is the header
    for line, cells in enumerate(reader, start=1):
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        data_rows += 1
        if data_rows > max_rows:
            raise FileRefused(
                _(
                    "The file has more than %(max)s rows: split it into files of at most "
                    "%(max)s rows."
                )
                % {"max": f"{max_rows:,}"}
            )
        yield line, cells
