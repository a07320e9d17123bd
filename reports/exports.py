"""File formats for report exports: streamed CSV, XLSX, and the visit-level rows.

No export carries a child's name or date of birth: a child appears as a stable pseudonymous
code (an HMAC of the child's UUID keyed with the project's SECRET_KEY) and an age band."""

import csv
from collections.abc import Iterable, Iterator
from datetime import date
from io import BytesIO, StringIO
from typing import Any

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.styles import Font

from consultation.ages import age_band_on
from consultation.models import ConsultationCase, Visit
from core.cells import safe_cell
from reports.figures import EXPORT_VISIT_FIELDS, ReportFilter, site_type_label
from reports.pseudonyms import child_code as child_code  # re-exported: the tests and callers
from reports.pseudonyms import consultant_code, pseudonym
from reports.tables import Table

CHUNK_SIZE = 500
# Written on the page beside the full downloads and on the first line of every full file: the
# full tables are not suppressed, so a count of one child can be read from them.
INTERNAL_NOTICE = (
    "Contains small counts: internal use only. Not for funders or the public: share the "
    "public file instead."
)
# Child codes kept per export: about 6 MB at most, however many visits the export holds.
CHILD_CODE_CACHE = 50_000

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


# Lines per piece of a streamed CSV: one write per few hundred rows instead of one per row,
# while memory stays bounded by the piece, however many rows there are.
LINES_PER_PIECE = 200


def _take(buffer: StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def csv_lines(
    header: list[str],
    rows: Iterable[list[Any]],
    *,
    cells_checked: bool = False,
    notice: str = "",
) -> Iterator[str]:
    """The CSV file in pieces: the notice (a line of its own, before the header, when given)
    and the header at once (the download starts before the first query returns), then
    LINES_PER_PIECE lines at a time. `cells_checked` says the rows' text cells already went
    through safe_cell, so it is not run on every cell again."""
    buffer = StringIO()
    writer = csv.writer(buffer)
    if notice:
        writer.writerow([notice])
    writer.writerow([safe_cell(v) for v in header])
    yield _take(buffer)
    pending = 0
    for row in rows:
        writer.writerow(row if cells_checked else [safe_cell(v) for v in row])
        pending += 1
        if pending == LINES_PER_PIECE:
            yield _take(buffer)
            pending = 0
    if pending:
        yield _take(buffer)


def _chunks(rows: Iterator[tuple], size: int) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _with_related(chunk: list[tuple]) -> list[tuple]:
    """Portable path (no SQL aggregation): add the activity names and child pairs of a chunk
    of visits with two queries keyed by visit id."""
    ids = [row[0] for row in chunk]
    names: dict[int, list[str]] = {}
    for visit_id, name in Visit.activities.through.objects.filter(visit_id__in=ids).values_list(
        "visit_id", "activity__name"
    ):
        names.setdefault(visit_id, []).append(name)
    pairs: dict[int, list[str]] = {}
    for visit_id, uuid, born in Visit.children.through.objects.filter(visit_id__in=ids).values_list(
        "visit_id", "child__uuid", "child__date_of_birth"
    ):
        pairs.setdefault(visit_id, []).append(f"{uuid} {born.isoformat()}")
    return [
        (*row, "; ".join(sorted(names.get(row[0], ()))), pairs.get(row[0], [])) for row in chunk
    ]


def visit_rows(visits: QuerySet) -> Iterator[list[Any]]:
    """One CSV row per visit from reports.figures.visits_for_export: value tuples read
    through one server-side cursor in chunks, no model instances. Child codes are cached per
    export (bounded), since the same children come back visit after visit. The only cells
    whose text users can choose (county and activity names) go through safe_cell here; the
    others are dates, numbers, codes and fixed labels, so the rows suit
    csv_lines(cells_checked=True)."""
    mode_labels = dict(Visit.Mode.choices)
    focus_labels = dict(ConsultationCase.Focus.choices)
    type_labels: dict[str, str] = {}
    codes: dict[str, str] = {}
    consultant_codes: dict[Any, str] = {}
    aggregated = len(visits.query.values_select) + len(visits.query.annotation_select) > len(
        EXPORT_VISIT_FIELDS
    )
    for chunk in _chunks(visits.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        if not aggregated:
            chunk = _with_related(chunk)
        if len(codes) > CHILD_CODE_CACHE:
            codes.clear()
        for _pk, day, county, site_type, k_uuid, mode, minutes, focus, acts, pairs in chunk:
            children = []
            for pair in pairs or ():
                uuid, born = pair.split(" ")
                code = codes.get(uuid)
                if code is None:
                    code = codes[uuid] = pseudonym("C", uuid, 12)
                children.append((code, date.fromisoformat(born)))
            children.sort()
            label = type_labels.get(site_type)
            if label is None:
                label = type_labels[site_type] = site_type_label(site_type)
            k_code = consultant_codes.get(k_uuid)
            if k_code is None:
                k_code = consultant_codes[k_uuid] = consultant_code(k_uuid)
            yield [
                day.isoformat(),
                safe_cell(county),
                label,
                k_code,
                mode_labels.get(mode, mode),
                minutes,
                safe_cell(acts),
                focus_labels.get(focus, "") if focus else "",
                "; ".join(code for code, _born in children),
                "; ".join(
                    age_band_on(born, day).value if born <= day else "" for _code, born in children
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
    table: Table,
    rows: list[list[Any]],
    f: ReportFilter,
    *,
    public_note: str = "",
    notice: str = "",
) -> bytes:
    """A workbook: the table on the first sheet (header in row 1, or in row 2 under the notice
    in A1 when there is one), definitions on the second."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.title[:31]
    if notice:
        sheet.append([notice])
        sheet["A1"].font = Font(bold=True, color="B00020")
    sheet.append(table.header())
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    sheet.freeze_panes = "B3" if notice else "B2"
    sheet.column_dimensions["A"].width = 40

    about = workbook.create_sheet("About")
    about.append([table.title])
    about["A1"].font = Font(bold=True)
    about.append([table.definition])
    about.append([])
    for label, value in filter_lines(f):
        about.append([label, safe_cell(value)])
    if public_note:
        about.append([])
        about.append(["Suppression", public_note])
    if notice:
        about.append([])
        about.append(["Use", notice])
    about.append([])
    about.append(["Column", "Definition"])
    for column in table.columns:
        about.append([column.label, column.definition])
    about.column_dimensions["A"].width = 28
    about.column_dimensions["B"].width = 100

    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
