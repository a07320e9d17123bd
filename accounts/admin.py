from axes.admin import AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count

from accounts.agreements import AgreementAcceptance, ConfidentialityAgreement
from accounts.models import AccessRecord, User
from accounts.services import user_apply_role


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "supervisor", "is_active")
    list_filter = ("role", "is_active", "is_superuser")
    list_select_related = ("supervisor",)
    search_fields = ("username", "first_name", "last_name", "email")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Role", {"fields": ("role", "supervisor", "phone")}),
        ("Language", {"fields": ("preferred_language",)}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Role", {"fields": ("role", "supervisor", "first_name", "last_name", "phone")}),
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        user_apply_role(user=obj)

    def has_delete_permission(self, request, obj=None):
        # People leave; their records stay attributable to them. Deactivate instead.
        return False


class AuditTrailAdmin(admin.ModelAdmin):
    """Audit records are evidence: superusers may read them; nobody adds, changes or deletes."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessRecord)
class AccessRecordAdmin(AuditTrailAdmin):
    list_display = ("created_at", "user", "action", "object_type", "object_id", "ip_address")
    list_filter = ("action", "object_type", "created_at")
    list_select_related = ("user",)
    search_fields = ("user__username", "object_id", "path", "ip_address")
    date_hierarchy = "created_at"


# django-axes' sign-in logs (successes and failures, with time and source address) are audit
# records too: read-only here. Its AccessAttempt counters stay deletable by superusers: deleting
# them is how a locked account is unlocked before its cool-off ends.
class ReadOnlyAccessLogAdmin(AuditTrailAdmin, AccessLogAdmin):
    pass


class ReadOnlyAccessFailureLogAdmin(AuditTrailAdmin, AccessFailureLogAdmin):
    pass


for model, model_admin in (
    (AccessLog, ReadOnlyAccessLogAdmin),
    (AccessFailureLog, ReadOnlyAccessFailureLogAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)


@admin.register(ConfidentialityAgreement)
class ConfidentialityAgreementAdmin(admin.ModelAdmin):
    """Superusers write the agreement. A version someone has accepted is kept as it was: a change
    is a new version, which everyone accepts again. Versions are never deleted."""

    list_display = ("version", "effective_date", "acceptance_count", "updated_at")
    fields = ("version", "effective_date", "text")

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        accepted = obj is not None and obj.acceptances.exists()
        return self.has_module_permission(request) and not accepted

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(acceptance_total=Count("acceptances"))

    @admin.display(description="accepted by", ordering="acceptance_total")
    def acceptance_count(self, obj) -> int:
        return obj.acceptance_total


@admin.register(AgreementAcceptance)
class AgreementAcceptanceAdmin(AuditTrailAdmin):
    list_display = ("accepted_at", "user", "agreement", "ip_address")
    list_filter = ("agreement__version",)
    list_select_related = ("user", "agreement")
