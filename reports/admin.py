from django.contrib import admin

from reports.models import ReportExport


@admin.register(ReportExport)
class ReportExportAdmin(admin.ModelAdmin):
    """The export log: superusers read it; nobody adds, edits or deletes a line of it."""

    list_display = ["created_at", "exported_by", "table", "variant", "format", "row_count"]
    list_filter = ["variant", "format", "table"]
    list_select_related = ["exported_by"]
    date_hierarchy = "created_at"
    readonly_fields = (
        "uuid",
        "created_at",
        "exported_by",
        "table",
        "variant",
        "format",
        "filters",
        "row_count",
    )
    fields = readonly_fields

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
