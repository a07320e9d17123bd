"""What every admin page of the case records shares: the reviewer's scope, who may change what,
no delete, a read-only audit history, and 404 for anything outside the scope."""

import json

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponseNotAllowed
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import User
from consultation import selectors


def is_program_lead(request) -> bool:
    return request.user.is_program_lead


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """The audit history of a record is shown, field by field, and never edited or reverted."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return super().history_form_view(request, object_id, version_id, extra_context)


class EstimatedCountPaginator(Paginator):
    """For changelists over the largest tables (visits, concerns, goal progress): counts exactly
    up to COUNT_CAP rows, reading at most that many; past it, PostgreSQL's planner estimate
    stands in for a COUNT(*) that would read every row (other databases show the cap)."""

    COUNT_CAP = 10_000

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        bounded = queryset.order_by()[: self.COUNT_CAP + 1].count()
        if bounded <= self.COUNT_CAP:
            return bounded
        connection = connections[queryset.db]
        if connection.vendor != "postgresql":
            return self.COUNT_CAP
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return max(int(plan[0]["Plan"]["Plan Rows"]), self.COUNT_CAP + 1)


class ValidatedAutocompleteSelect(AutocompleteSelect):
    """The admin's autocomplete, minus a 500: on a form with errors it looks the posted value up
    again to show it, and a value that is no id at all ("abc", or a number past the column's
    range) made that lookup raise. Such a value is left out of the re-rendered field; the
    form's own error beside it says what was wrong."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if self._is_key(v)], attr)

    def _is_key(self, value) -> bool:
        key_field = self.field.target_field
        try:
            key_field.run_validators(key_field.to_python(value))  # the range of the column
        except ValidationError:
            return False
        return True


class ScopedAdmin(ReadOnlyHistoryAdmin):
    """Admin for a record that hangs off a consultant's work.

    `scope_through` is the path from the model to the consultant who owns it; a supervisor sees
    the rows of the consultants they supervise, program leads and superusers every row. Program
    leads read only. Nobody deletes: records are archived, so their history stays whole."""

    scope_through: str = "consultant"
    # Records made by the consultant pages through the services are not added here.
    superuser_may_add = False
    show_full_result_count = False  # saves a COUNT(*) of the unfiltered scope on every list

    def get_queryset(self, request):
        return self.scoped_queryset(request)

    def scoped_queryset(self, request):
        """The rows in the user's scope, without the figures a list annotates them with."""
        return selectors.scoped_to(
            super().get_queryset(request), request.user, through=self.scope_through
        )

    # Permissions -------------------------------------------------------------------------------

    def has_add_permission(self, request, *args) -> bool:
        return self.superuser_may_add and request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        if is_program_lead(request):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # Scope: anything outside it does not exist -------------------------------------------------

    def _require_in_scope(self, request, object_id) -> None:
        try:
            found = self.get_queryset(request).filter(pk=unquote(object_id)).exists()
        except (ValueError, TypeError, ValidationError):
            found = False
        if not found:
            raise Http404("No such record.")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._require_in_scope(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._require_in_scope(request, object_id)
        if not hasattr(self.model._meta, "simple_history_manager_attribute"):
            # A model without an audit trail of its own (it is itself a log): the admin's log.
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_in_scope(request, object_id)
        if not hasattr(self.model._meta, "simple_history_manager_attribute"):
            raise Http404("This record keeps no versions.")  # a log: nothing to show by version
        return super().history_form_view(request, object_id, version_id, extra_context)

    # Choices in forms stay inside the scope too -----------------------------------------------

    def _scoped_choices(self, request, db_field):
        related = db_field.related_model
        if related is User:
            return selectors.consultants_visible_to(request.user)
        related_admin = self.admin_site._registry.get(related)
        if isinstance(related_admin, ScopedAdmin):
            return selectors.scoped_to(
                related._default_manager.all(), request.user, through=related_admin.scope_through
            )
        return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = self._scoped_choices(request, db_field)
        if queryset is not None and db_field.name != "history_user":
            kwargs.setdefault("queryset", queryset)
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ValidatedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        queryset = self._scoped_choices(request, db_field)
        if queryset is not None:
            kwargs.setdefault("queryset", queryset)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ReadOnlyInline(admin.TabularInline):
    """A list of related records on a change page: links to them, no editing in place."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class ReferenceAdmin(admin.ModelAdmin):
    """A reference list (counties, checklists, service types...): staff read it, superusers edit."""

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        # Rows in use are protected by the database; retire them with "active" instead.
        return request.user.is_superuser


class ArchivedFilter(admin.SimpleListFilter):
    """Current records by default; archived ones on request."""

    title = "archived"
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return [("yes", "Archived"), ("all", "All")]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "Current",
        }
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.value() == "all":
            return queryset
        return queryset.filter(is_archived=self.value() == "yes")


class ConsultantFilter(admin.SimpleListFilter):
    """The consultants the reviewer supervises (all of them for program leads)."""

    title = "consultant"
    parameter_name = "consultant"
    consultant_field = "consultant"

    def lookups(self, request, model_admin):
        consultants = selectors.consultants_visible_to(request.user)
        names = consultants.only("username", "first_name", "last_name")  # what str(user) reads
        return [(str(u.pk), str(u)) for u in names]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if not self.value().isdigit():
            return queryset.none()
        return queryset.filter(**{f"{self.consultant_field}_id": self.value()})


class RelatedInScopeFilter(admin.RelatedOnlyFieldListFilter):
    """The related rows (a county, say) that some record in the reviewer's scope points to, as
    RelatedOnlyFieldListFilter offers them, found by one EXISTS probe per related row instead of
    a DISTINCT over every record in scope."""

    def field_choices(self, field, request, model_admin):
        scoped = getattr(model_admin, "scoped_queryset", model_admin.get_queryset)
        in_scope = scoped(request).filter(**{self.field_path: OuterRef("pk")})
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(
            include_blank=False, limit_choices_to=Q(Exists(in_scope)), ordering=ordering
        )


def year_or_month_choices(cl) -> dict | None:
    """What Django's {% date_hierarchy %} shows before a date is chosen (the years; the months of
    the only year; the days of the only month), from a query of the months present instead of a
    MIN/MAX query and then one of the years. None once a year, month or day is chosen: the tag
    itself answers those."""
    field_name = cl.date_hierarchy
    generic = f"{field_name}__"
    if not field_name or any(key.startswith(generic) for key in cl.params):
        return None
    year_field, month_field, day_field = (f"{generic}{part}" for part in ("year", "month", "day"))

    def link(filters: dict) -> str:
        return cl.get_query_string(filters, [generic])

    months = list(cl.queryset.dates(field_name, "month"))
    years = sorted({month.year for month in months})
    if len(months) == 1:
        year, month = months[0].year, months[0].month
        return {
            "show": True,
            "back": {"link": link({year_field: year}), "title": str(year)},
            "choices": [
                {
                    "link": link({year_field: year, month_field: month, day_field: day.day}),
                    "title": capfirst(formats.date_format(day, "MONTH_DAY_FORMAT")),
                }
                for day in cl.queryset.dates(field_name, "day")
            ],
        }
    if len(years) == 1:
        return {
            "show": True,
            "back": {"link": link({}), "title": gettext("All dates")},
            "choices": [
                {
                    "link": link({year_field: month.year, month_field: month.month}),
                    "title": capfirst(formats.date_format(month, "YEAR_MONTH_FORMAT")),
                }
                for month in months
            ],
        }
    return {
        "show": True,
        "back": None,
        "choices": [{"link": link({year_field: str(year)}), "title": str(year)} for year in years],
    }
