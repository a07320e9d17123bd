"""Imports of sites, classrooms and children from CSV or XLSX: a dry-run preview, then one
all-or-nothing write through the same services as the forms (see runs)."""

from consultation.imports.cells import ADD, CHANGE, REFUSED, UNCHANGED, Line
from consultation.imports.kinds import KINDS
from consultation.imports.preview import Preview, preview_file
from consultation.imports.runs import (
    held_preview,
    import_confirm,
    import_preview,
    imports_expire,
    may_import,
    refused_rows,
    template_rows,
)

__all__ = [
    "ADD",
    "CHANGE",
    "KINDS",
    "REFUSED",
    "UNCHANGED",
    "Line",
    "Preview",
    "held_preview",
    "import_confirm",
    "import_preview",
    "imports_expire",
    "may_import",
    "preview_file",
    "refused_rows",
    "template_rows",
]
