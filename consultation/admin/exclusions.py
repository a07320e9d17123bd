"""Exclusion events in the admin: read only (consultants record them on the case page)."""

from django.contrib import admin

from consultation.admin.base import ScopedAdmin
from consultation.admin.filters import ConsultantFilter
from consultation.models import ExclusionEvent


class ExclusionConsultantFilter(ConsultantFilter):
    consultant_field = "case__consultant"


@admin.register(ExclusionEvent)
class ExclusionEventAdmin(ScopedAdmin):
    list_display = ("kind", "occurred_on", "days", "decided_by", "case")
    list_select_related = ("case__site",)
    list_filter = (ExclusionConsultantFilter, "kind", "decided_by")
    fields = ("case", "child", "kind", "occurred_on", "days", "decided_by", "recorded_by")
    readonly_fields = fields

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # recorded on the case page, through the service
