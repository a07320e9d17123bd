from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from core.http import AuthenticatedRequest
from core.pagination import page_of
from reports import charts, exports
from reports.figures import (
    TABLE_SLUGS,
    report_for,
    user_may_see_reports,
    visits_for_export,
)
from reports.figures.compare import COMPARISON_DEFINITION
from reports.figures.missing_follow_ups import missing_list, missing_rows
from reports.forms import ReportFilterForm
from reports.models import ReportExport
from reports.services import export_record
from reports.tables import public_cell_rows

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filter_form(request: AuthenticatedRequest) -> ReportFilterForm:
    """The filter form, always bound: with no query string, this state fiscal year."""
    if not user_may_see_reports(request.user):
        # Consultants (and anyone else) do not learn that the page exists.
        raise Http404("No such page.")
    # With no query string: this state fiscal year (the form's default period).
    return ReportFilterForm(request.GET, user=request.user, today=timezone.localdate())


def english_report(request: AuthenticatedRequest, form: ReportFilterForm):
    """The figures with their titles, headings and definitions in English, whatever the page's
    language: the text every CSV and XLSX file carries, and the catalogue's keys from which the
    page shows them in its own language (reports_tags.translated)."""
    with translation.override("en"):
        return report_for(request.user, form.report_filter(), today=timezone.localdate())


def _report_charts(report) -> list[charts.BarChart]:
    by_month = report.table("by-month")
    referrals = report.table("referrals-by-service")
    bands = report.table("concerns-by-age-band")
    status_columns = [c for c in referrals.columns if c.in_row_total]
    # Built in the page's language: titles, bar labels and values as the reader reads them.
    return [
        charts.bar_chart(
            "hours-by-month",
            gettext("Hours of consultation by month"),
            [(row.label, row.values["hours"]) for row in by_month.rows],
            decimals=2,
        ),
        charts.bar_chart(
            "visits-by-month",
            gettext("Visits by month"),
            [(row.label, row.values["visits"]) for row in by_month.rows],
        ),
        charts.bar_chart(
            "referrals-by-status",
            gettext("Referrals sent in the period, by status today"),
            [(gettext(c.label), referrals.total.values[c.key]) for c in status_columns],
        ),
        charts.bar_chart(
            "concerns-by-age-band",
            gettext("Concerns observed by age band"),
            [(gettext(row.label), row.values["observations"]) for row in bands.rows],
        ),
    ]


@require_safe
def index(request: AuthenticatedRequest) -> HttpResponse:
    form = _filter_form(request)
    context = {"form": form, "threshold": settings.SMALL_CELL_THRESHOLD}
    if form.is_valid():
        report = english_report(request, form)
        context.update(
            report=report,
            charts=_report_charts(report),
            period_label=form.period_label(),
            # Export links carry the dates used, so a file always holds what the page shows.
            export_query=urlencode(form.export_query()),
            comparison_definition=COMPARISON_DEFINITION,
        )
    return render(request, "reports/index.html", context, status=200 if form.is_valid() else 400)


def _filename(stem: str, report_filter, extension: str) -> str:
    return f"{stem}_{report_filter.date_from:%Y%m%d}-{report_filter.date_to:%Y%m%d}.{extension}"


@require_safe
def export_table(request: AuthenticatedRequest, table: str) -> HttpResponseBase:
    form = _filter_form(request)
    if table not in TABLE_SLUGS:
        raise Http404("No such table.")
    file_format = request.GET.get("format", "csv")
    if file_format not in ReportExport.Format.values:
        raise Http404("No such format.")
    if not form.is_valid():
        return render(
            request,
            "reports/index.html",
            {"form": form, "threshold": settings.SMALL_CELL_THRESHOLD},
            status=400,
        )
    public = request.GET.get("public") == "1"
    report_filter = form.report_filter()
    report = english_report(request, form)
    chosen = report.table(table)
    threshold = settings.SMALL_CELL_THRESHOLD
    rows = public_cell_rows(chosen, threshold) if public else chosen.cell_rows()
    export_record(
        user=request.user,
        table=table,
        file_format=file_format,
        variant=ReportExport.Variant.PUBLIC if public else ReportExport.Variant.FULL,
        report_filter=report_filter,
        row_count=len(rows),
    )
    stem = f"{table}{'_public' if public else ''}"
    if file_format == ReportExport.Format.XLSX:
        note = (
            f"Counts from 1 to {threshold - 1} are shown as '<{threshold}'; cells from which "
            "one could be recomputed are shown as 'suppressed'."
            if public
            else ""
        )
        content = exports.table_xlsx(
            chosen,
            rows,
            report_filter,
            public_note=note,
            notice="" if public else exports.INTERNAL_NOTICE,
        )
        response: HttpResponseBase = HttpResponse(content, content_type=XLSX_TYPE)
    else:
        response = StreamingHttpResponse(
            exports.csv_lines(
                chosen.header(), rows, notice="" if public else exports.INTERNAL_NOTICE
            ),
            content_type="text/csv; charset=utf-8",
        )
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(stem, report_filter, file_format)}"'
    )
    return response


@require_safe
def export_visits(request: AuthenticatedRequest) -> HttpResponseBase:
    """One row per visit for analysts, streamed: pseudonymous codes, no names or birth dates."""
    form = _filter_form(request)
    if not form.is_valid():
        return render(
            request,
            "reports/index.html",
            {"form": form, "threshold": settings.SMALL_CELL_THRESHOLD},
            status=400,
        )
    report_filter = form.report_filter()
    visits = visits_for_export(request.user, report_filter)
    export_record(
        user=request.user,
        table="visits",
        file_format=ReportExport.Format.CSV,
        variant=ReportExport.Variant.VISITS,
        report_filter=report_filter,
        row_count=visits.count(),
    )
    response = StreamingHttpResponse(
        exports.csv_lines(exports.VISIT_HEADER, exports.visit_rows(visits), cells_checked=True),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename("visits", report_filter, "csv")}"'
    )
    return response


@require_safe
def missing_follow_ups(request: AuthenticatedRequest) -> HttpResponse:
    """The cases behind the paired change's missing follow-ups, for leads and supervisors in
    scope (it names children: an audited page). One query reads the page's rows in the
    database (and a COUNT only past the first page's 50)."""
    form = _filter_form(request)
    context: dict = {"form": form}
    if form.is_valid():
        report_filter = form.report_filter()
        page = page_of(request, missing_list(request.user, report_filter))
        context.update(
            report_filter=report_filter,
            page=page,
            rows=missing_rows(list(page.object_list), today=timezone.localdate()),
        )
    return render(
        request,
        "reports/missing_follow_ups.html",
        context,
        status=200 if form.is_valid() else 400,
    )
