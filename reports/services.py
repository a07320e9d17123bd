"""Writes of the reports app: the export log."""

from django.db import transaction

from accounts.models import User
from reports.figures import ReportFilter
from reports.models import ReportExport


@transaction.atomic
def export_record(
    *,
    user: User,
    table: str,
    file_format: str,
    variant: str,
    report_filter: ReportFilter,
    row_count: int,
) -> ReportExport:
    return ReportExport.objects.create(
        exported_by=user,
        table=table,
        format=file_format,
        variant=variant,
        filters=report_filter.as_record(),
        row_count=row_count,
    )
