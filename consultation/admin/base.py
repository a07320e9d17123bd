"""What every admin page of the case records shares: the reviewer's scope, who may change what,
no delete, a read-only audit history, and 404 for anything outside the scope."""

import json
from typing import Any, cast

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connections, transaction
from django.db.models import QuerySet
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.functional import cached_property
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import User
from consultation.selectors import consultants_visible_to
from core.scope import scoped


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
        queryset = cast(QuerySet, self.object_list)
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


class NotFoundOutsideQueryset:
    """One record's admin pages (change, delete, history) answer 404 for a record outside the
    admin's get_queryset: for this user it does not exist."""

    def require_in_queryset(self, request, object_id) -> None:
        try:
            found = cast(Any, self).get_queryset(request).filter(pk=unquote(object_id)).exists()
        except (ValueError, TypeError, ValidationError):
            found = False
        if not found:
            raise Http404("No such record.")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self.require_in_queryset(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self.require_in_queryset(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self.require_in_queryset(request, object_id)
        return super().history_view(request, object_id, extra_context)


class ScopedAdmin(NotFoundOutsideQueryset, ReadOnlyHistoryAdmin):
    """Admin for a record that hangs off a consultant's work.

    The scope is the model's owner_path (core.scope): a supervisor sees the rows of the
    consultants they supervise, program leads and superusers every row. Program leads read
    only. Nobody deletes: records are archived, so their history stays whole."""

    # Records made by the consultant pages through the services are not added here.
    superuser_may_add = False
    show_full_result_count = False  # saves a COUNT(*) of the unfiltered scope on every list
    list_per_page = 50  # a tablet on a weak connection gets fifty rows, as in the app

    def get_queryset(self, request):
        return self.scoped_queryset(request)

    def scoped_queryset(self, request):
        """The rows in the user's scope, without the figures a list annotates them with."""
        return scoped(super().get_queryset(request), request.user)

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

    # Scope: anything outside it does not exist (NotFoundOutsideQueryset) ------------------------

    def history_view(self, request, object_id, extra_context=None):
        if not hasattr(self.model._meta, "simple_history_manager_attribute"):
            # A model without an audit trail of its own (it is itself a log): the admin's log.
            self.require_in_queryset(request, object_id)
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self.require_in_queryset(request, object_id)
        if not hasattr(self.model._meta, "simple_history_manager_attribute"):
            raise Http404("This record keeps no versions.")  # a log: nothing to show by version
        return super().history_form_view(request, object_id, version_id, extra_context)

    # Choices in forms stay inside the scope too -----------------------------------------------

    def _scoped_choices(self, request, db_field):
        related = db_field.related_model
        if related is User:
            return consultants_visible_to(request.user)
        if isinstance(self.admin_site._registry.get(related), ScopedAdmin):
            return scoped(related._default_manager.all(), request.user)
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


class FormActionMixin:
    """Admin actions that ask for more first (a reason, a consultant, a date)."""

    def selected_line(self, record: Any) -> str:
        return str(record)

    def form_action(
        self, request, queryset, *, form, apply, failed, done, title, action, template, notes=()
    ):
        """With a valid form, `apply(cleaned_data)` changes every selected record or none
        (`failed` heads the reasons); otherwise the form's page, with `notes` on what the change
        will do. `done(cleaned_data)` says what was changed."""
        if form.is_valid():
            try:
                apply(form.cleaned_data)
            except ValidationError as error:
                self.message_user(request, f"{failed} " + " ".join(error.messages), messages.ERROR)
                return None
            self.message_user(request, done(form.cleaned_data), messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "selected_lines": [self.selected_line(record) for record in queryset],
            "notes": notes,
            "form": form,
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
        }
        return render(request, f"admin/consultation/{template}", context)


def archive_each(model_admin, request, queryset, archive) -> None:
    """Archive every selected record or none, and say which could not be archived."""
    try:
        with transaction.atomic():
            errors = []
            for obj in queryset:
                try:
                    archive(obj)
                except ValidationError as error:
                    errors.append(f"{obj}: {' '.join(error.messages)}")
            if errors:
                raise ValidationError(errors)
    except ValidationError as error:
        model_admin.message_user(
            request,
            gettext("Nothing was archived.") + " " + " ".join(error.messages),
            messages.ERROR,
        )
        return
    model_admin.message_user(
        request, gettext("Archived %(n)s record(s).") % {"n": len(queryset)}, messages.SUCCESS
    )
