"""File formats for report exports: streamed CSV, XLSX, and the visit-level rows.

No export carries a child's name or date of birth: a child appears as a stable pseudonymous
code (an HMAC of the child's UUID keyed with the project's SECRET_KEY) and an age band."""

import csv
from collections.abc import Iterable, Iterator
from io import BytesIO
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.utils.crypto import salted_hmac
from openpyxl import Workbook
from openpyxl.styles import Font

from consultation.ages import age_band_on
from consultation.models import Visit
from reports.selectors import ReportFilter, site_type_label
from reports.tables import Table

CHUNK_SIZE = 500
# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

VISIT_HEADER = [
    "visit_date",
    "county",
    "site_type",
    "consultant_code",
    "mode",
    "duration_minutes",
    "activities",
    "case_focus",
    "child_codes",
    "child_age_bands",
]


def pseudonym(prefix: str, value: UUID, length: int) -> str:
    """A stable code for a person: the same UUID always gives the same code, and the code
    cannot be turned back into the UUID without the SECRET_KEY."""
    digest = salted_hmac(f"reports.{prefix}", str(value), algorithm="sha256").hexdigest()
    return f"{prefix}-{digest[:length]}"


def child_code(child_uuid: UUID) -> str:
    return pseudonym("C", child_uuid, 12)


def consultant_code(user_uuid: UUID) -> str:
    return pseudonym("K", user_uuid, 8)


def safe_cell(value: Any) -> Any:
    """Neutralise text that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


class _Echo:
    """A file-like object whose write returns the line: csv.writer then yields, not buffers."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    """The CSV file line by line: memory stays constant however many rows there are."""
    writer = csv.writer(_Echo())
    yield writer.writerow([safe_cell(v) for v in header])
    for row in rows:
        yield writer.writerow([safe_cell(v) for v in row])


def visit_rows(visits: QuerySet[Visit]) -> Iterator[list[Any]]:
    """One row per visit, read in chunks (prefetches run per chunk)."""
    for visit in visits.iterator(chunk_size=CHUNK_SIZE):
        children = sorted(visit.children.all(), key=lambda child: child_code(child.uuid))
        yield [
            visit.visit_date.isoformat(),
            visit.site.county.name,
            site_type_label(visit.site.site_type),
            consultant_code(visit.consultant.uuid),
            Visit.Mode(visit.mode).label,
            visit.duration_minutes,
            "; ".join(sorted(a.name for a in visit.activities.all())),
            visit.case.get_focus_display() if visit.case_id else "",
            "; ".join(child_code(child.uuid) for child in children),
            "; ".join(
                age_band_on(child.date_of_birth, visit.visit_date).value
                if child.date_of_birth <= visit.visit_date
                else ""
                for child in children
            ),
        ]


def filter_lines(f: ReportFilter) -> list[tuple[str, str]]:
    record = f.as_record()
    return [
        ("Period from", record["date_from"]),
        ("Period to", record["date_to"]),
        ("County", record["county"] or "All counties"),
        ("Consultant", record["consultant"] or "All consultants in scope"),
        ("Site type", site_type_label(record["site_type"]) if record["site_type"] else "All"),
    ]


def table_xlsx(
    table: Table, rows: list[list[Any]], f: ReportFilter, *, public_note: str = ""
) -> bytes:
    """A workbook: the table on the first sheet (header in row 1), definitions on the second."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.title[:31]
    sheet.append(table.header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 40

    about = workbook.create_sheet("About")
    about.append([table.title])
    about["A1"].font = Font(bold=True)
    about.append([table.definition])
    about.append([])
    for label, value in filter_lines(f):
        about.append([label, value])
    if public_note:
        about.append([])
        about.append(["Suppression", public_note])
    about.append([])
    about.append(["Column", "Definition"])
    for column in table.columns:
        about.append([column.label, column.definition])
    about.column_dimensions["A"].width = 28
    about.column_dimensions["B"].width = 100

    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
