"""Every figure of the reports page, computed by aggregate queries, scoped to the user.

- sql: the filter, where each kind of record keeps its date, site and consultant, and the one
  query that aggregates several bases several ways;
- bases: the bases of that query, for the headline, counties, months and detail tables;
- definitions: what each headline figure means, and how a group's values are finished;
- details: the detail tables;
- report: the page as a whole;
- export_rows: the visit-level export's rows.
"""

from reports.figures.export_rows import EXPORT_VISIT_FIELDS, site_type_label, visits_for_export
from reports.figures.report import TABLE_SLUGS, Report, report_for
from reports.figures.sql import ReportFilter, user_may_see_reports

__all__ = [
    "EXPORT_VISIT_FIELDS",
    "TABLE_SLUGS",
    "Report",
    "ReportFilter",
    "report_for",
    "site_type_label",
    "user_may_see_reports",
    "visits_for_export",
]
