"""The instrument catalogue (program leads and superusers edit it; supervisors read it) and the
administrations recorded on cases (read only: consultants record and void them on the case)."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from consultation.admin.base import ReadOnlyHistoryAdmin, ReadOnlyInline, ScopedAdmin
from consultation.admin.filters import ConsultantFilter, OneChoiceFilter
from consultation.models import (
    Administration,
    CutOff,
    Instrument,
    MeasureDue,
    Score,
    ScoreField,
)
from core.dates import local_today


class CatalogueEditing:
    """Program leads and superusers edit the catalogue; only a superuser deletes a row (a row in
    use is protected by the database: retire an instrument with "active" instead)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser or request.user.is_program_lead

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser or request.user.is_program_lead

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


class ScoreFieldInline(CatalogueEditing, admin.TabularInline):
    model = ScoreField
    extra = 0
    show_change_link = True  # its cut-offs are edited on its own page
    fields = ("name", "is_total", "min_value", "max_value", "direction", "required", "sort_order")


class CutOffInline(CatalogueEditing, admin.TabularInline):
    model = CutOff
    extra = 0
    fields = ("from_age_months", "to_age_months", "value", "label")


@admin.register(Instrument)
class InstrumentAdmin(CatalogueEditing, ReadOnlyHistoryAdmin):
    list_display = ("name", "rates", "fit", "scheduled", "baseline_window_days", "is_active")
    list_filter = ("rates", "scheduled", "is_active")
    search_fields = ("name", "code")
    inlines = [ScoreFieldInline]
    fieldsets = (
        (None, {"fields": ("name", "code", "rates", "note", "sort_order", "is_active")}),
        (
            "Whom it fits",
            {
                "fields": (
                    ("min_age_months", "max_age_months"),
                    ("fits_infant_rooms", "fits_toddler_rooms"),
                    ("fits_preschool_rooms", "fits_mixed_rooms"),
                ),
                "description": "Child instruments: the age range. Classroom instruments: the "
                "rooms. Neither: anyone.",
            },
        ),
        (
            "Schedule",
            {"fields": ("scheduled", "baseline_window_days", "follow_up_window_days")},
        ),
    )

    @admin.display(description="fits")
    def fit(self, obj: Instrument) -> str:
        return obj.fit_label or "any"


@admin.register(ScoreField)
class ScoreFieldAdmin(CatalogueEditing, admin.ModelAdmin):
    list_display = ("name", "instrument", "is_total", "min_value", "max_value", "direction")
    list_select_related = ("instrument",)
    list_filter = ("instrument",)
    inlines = [CutOffInline]

    def has_module_permission(self, request) -> bool:
        return False  # reached from its instrument's page


class ScoreInline(ReadOnlyInline):
    model = Score
    fields = ("score_field", "value")
    show_change_link = False


class AdministrationConsultantFilter(ConsultantFilter):
    consultant_field = "case__consultant"


@admin.register(Administration)
class AdministrationAdmin(ScopedAdmin):
    list_display = ("instrument", "case", "point", "administered_on", "is_void")
    list_select_related = ("instrument", "case__site")
    list_filter = (AdministrationConsultantFilter, "instrument", "point", "is_void")
    inlines = [ScoreInline]
    fields = (
        "instrument",
        "case",
        "child",
        "classroom",
        "teacher_initials",
        "administered_on",
        "point",
        "recorded_by",
        "is_void",
        "void_reason",
        "voided_at",
    )
    readonly_fields = fields

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # recorded and voided on the case page, through the services


class OverdueFilter(OneChoiceFilter):
    title = _("overdue")
    parameter_name = "overdue"
    choice = ("yes", _("Overdue (past its date, not recorded)"))

    def matching(self) -> Q:
        return Q(satisfied_by__isnull=True, due_by__lt=local_today())


@admin.register(MeasureDue)
class MeasureDueAdmin(ScopedAdmin):
    """The team's measures due: a supervisor filters the overdue ones. Scheduled by opening and
    closing cases, satisfied by recording the measure: nothing to edit here."""

    list_display = ("instrument", "point", "case", "consultant", "due_by", "done")
    list_select_related = ("instrument", "case__site", "case__consultant")
    list_filter = (OverdueFilter, AdministrationConsultantFilter, "point", "instrument")
    fields = ("case", "instrument", "point", "due_by", "satisfied_by")
    readonly_fields = fields

    @admin.display(description="consultant")
    def consultant(self, obj: MeasureDue) -> str:
        return str(obj.case.consultant)

    @admin.display(description="recorded", boolean=True)
    def done(self, obj: MeasureDue) -> bool:
        return obj.satisfied_by_id is not None

    def has_change_permission(self, request, obj=None) -> bool:
        return False
