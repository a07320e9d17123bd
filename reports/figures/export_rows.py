"""The rows of the visit-level export: plain values, never model instances."""

from django.contrib.postgres.aggregates import ArrayAgg, StringAgg
from django.db import connection
from django.db.models import CharField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Concat

from accounts.models import User
from consultation.models import Site, Visit
from reports.figures.sql import VISITS, ReportFilter, records

# The visit-level export reads plain values, never model instances: these columns, then (on
# PostgreSQL) the visit's activity names and "child-uuid date-of-birth" pairs aggregated in SQL.
EXPORT_VISIT_FIELDS = (
    "pk",
    "visit_date",
    "site__county__name",
    "site__site_type",
    "consultant__uuid",
    "mode",
    "duration_minutes",
    "case__focus",
)


def visits_for_export(user: User, f: ReportFilter) -> QuerySet:
    """Visits in scope and filter as value tuples: the EXPORT_VISIT_FIELDS, then on PostgreSQL
    `activity_names` ("; "-joined, sorted) and `child_pairs` (a list of "uuid date-of-birth").
    Other databases get the base fields only; reports.exports reads the rest per chunk."""
    visits = records(VISITS, user, f)
    if connection.vendor == "postgresql":
        visit_activities = Visit.activities.through.objects.filter(visit_id=OuterRef("pk"))
        visit_children = Visit.children.through.objects.filter(visit_id=OuterRef("pk"))
        visits = visits.annotate(
            activity_names=Subquery(
                visit_activities.values("visit_id")  # type: ignore[misc]
                .annotate(v=StringAgg("activity__name", "; ", order_by="activity__name"))
                .values("v"),
                output_field=CharField(),
            ),
            child_pairs=Subquery(
                visit_children.values("visit_id")  # type: ignore[misc]
                .annotate(
                    v=ArrayAgg(
                        Concat(
                            Cast("child__uuid", CharField()),
                            Value(" "),
                            Cast("child__date_of_birth", CharField()),
                            output_field=CharField(),
                        )
                    )
                )
                .values("v"),
            ),
        )
        return visits.values_list(*EXPORT_VISIT_FIELDS, "activity_names", "child_pairs").order_by(
            "visit_date", "pk"
        )
    return visits.values_list(*EXPORT_VISIT_FIELDS).order_by("visit_date", "pk")


def site_type_label(value: str) -> str:
    return str(Site.SiteType(value).label) if value in Site.SiteType.values else value
