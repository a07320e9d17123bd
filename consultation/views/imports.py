"""Imports of sites, classrooms and children, for supervisors and superusers (anyone else: 404):
upload, preview, confirm; the refused rows and the templates as files."""

import csv
import io
from collections.abc import Iterable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from openpyxl import Workbook

from consultation import imports
from consultation.forms.imports import ImportUploadForm
from consultation.models import ImportRun
from core.cells import safe_cell
from core.forms import posted
from core.http import AuthenticatedRequest
from core.permissions import get_visible_or_404

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN = 200  # rows of each list on the preview page; the counts cover every row


def _importer(request: AuthenticatedRequest) -> None:
    if not imports.may_import(request.user):
        raise Http404(_("No such page."))


def _run(request: AuthenticatedRequest, uuid: str) -> ImportRun:
    """A run of the user's own that still waits for confirming."""
    _importer(request)
    runs = ImportRun.objects.filter(user=request.user, status=ImportRun.Status.PREVIEWED)
    return get_visible_or_404(runs, uuid=uuid)


def _preview_page(request, run: ImportRun, preview: imports.Preview, *, error: str = ""):
    lists = [
        (status, title, preview.of(status)[:SHOWN])
        for status, title in (
            (imports.REFUSED, _("Refused rows")),
            (imports.CHANGE, _("Rows that change a record")),
            (imports.ADD, _("Rows to add")),
            (imports.UNCHANGED, _("Rows already on file, unchanged")),
        )
    ]
    context = {
        "run": run,
        "summary": preview.summary(),
        "blocking": preview.blocking[:SHOWN],
        "lists": lists,
        "shown": SHOWN,
        "error": error,
    }
    return render(request, "consultation/import_preview.html", context)


@require_http_methods(["GET", "POST"])
def import_index(request: AuthenticatedRequest):
    _importer(request)
    form = ImportUploadForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run, preview = imports.import_preview(
                user=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return _preview_page(request, run, preview)
    runs = ImportRun.objects.select_related("user")
    if not request.user.is_superuser:
        runs = runs.filter(user=request.user)
    context = {
        "form": form,
        "runs": runs[:20],
        "kinds": ImportRun.Kind.choices,
        "max_rows": settings.IMPORT_MAX_ROWS,
        "max_mb": settings.IMPORT_MAX_BYTES // 1_048_576,
    }
    return render(request, "consultation/import_index.html", context)


@require_safe
def import_preview(request: AuthenticatedRequest, uuid: str):
    run = _run(request, uuid)
    try:
        preview = imports.held_preview(run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("consultation:import_index")
    return _preview_page(request, run, preview)


@require_POST
def import_confirm(request: AuthenticatedRequest, uuid: str):
    run = _run(request, uuid)
    try:
        run = imports.import_confirm(run=run, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("consultation:import_index")
    messages.success(
        request,
        _(
            "Imported %(file)s: %(added)s added, %(changed)s changed, %(unchanged)s unchanged, "
            "%(refused)s refused rows left out."
        )
        % {
            "file": run.file_name,
            "added": run.added,
            "changed": run.changed,
            "unchanged": run.unchanged,
            "refused": run.refused,
        },
    )
    return redirect("consultation:import_index")


def _csv(rows: Iterable[list], filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def import_refused(request: AuthenticatedRequest, uuid: str):
    run = _run(request, uuid)
    try:
        preview = imports.held_preview(run)
    except ValidationError:
        raise Http404(_("This import is no longer waiting.")) from None
    return _csv(imports.refused_rows(preview), f"refused_{run.kind}.csv")


@require_safe
def import_template(request: AuthenticatedRequest, kind: str, file_format: str):
    _importer(request)
    if kind not in ImportRun.Kind.values or file_format not in ("csv", "xlsx"):
        raise Http404(_("No such template."))
    rows = imports.template_rows(kind)
    if file_format == "csv":
        return _csv(rows, f"{kind}_template.csv")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(kind)
    for row in rows:
        sheet.append(row)
    content = io.BytesIO()
    workbook.save(content)
    response = HttpResponse(content.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{kind}_template.xlsx"'
    return response
