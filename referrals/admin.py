"""Referrals in the supervisor's admin: scoped like the cases they belong to, never deleted.

Status changes go through `referral_transition` in the consultant pages, so the timeline that
days-to-service is computed from stays whole; here the status and its dates are read-only."""

from django.contrib import admin
from django.db import models

from consultation.admin.base import (
    ReadOnlyHistoryAdmin,
    ReadOnlyInline,
    ReferenceAdmin,
    ScopedAdmin,
)
from consultation.admin.filters import ConsultantFilter
from core.dates import local_today
from referrals.models import Agency, Referral, ReferralStatusChange, ServiceType


@admin.register(ServiceType)
class ServiceTypeAdmin(ReferenceAdmin):
    list_display = ("name", "name_es", "max_age_months", "sort_order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)


@admin.register(Agency)
class AgencyAdmin(ReferenceAdmin, ReadOnlyHistoryAdmin):
    list_display = ("name", "phone", "is_crisis_line", "sort_order", "is_active")
    list_filter = ("service_types", "is_crisis_line", "is_active")
    search_fields = ("name", "phone")
    filter_horizontal = ("service_types",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class ReferralConsultantFilter(ConsultantFilter):
    consultant_field = "case__consultant"


class FollowUpFilter(admin.SimpleListFilter):
    title = "follow-up"
    parameter_name = "followup"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue"), ("open", "Open referrals")]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.follow_up_overdue(local_today())
        if self.value() == "open":
            return queryset.filter(status__in=Referral.OPEN_STATUSES)
        return queryset


class StatusChangeInline(ReadOnlyInline):
    model = ReferralStatusChange
    fields = ("changed_on", "from_status", "to_status", "changed_by", "note")
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


@admin.register(Referral)
class ReferralAdmin(ScopedAdmin):
    list_display = (
        "referral",
        "consultant",
        "site",
        "agency",
        "status",
        "sent_on",
        "follow_up_due",
        "follow_up_overdue",
    )
    list_select_related = (
        "child",
        "service_type",
        "agency",
        "case__site",
        "case__consultant",
    )
    list_filter = (ReferralConsultantFilter, "status", FollowUpFilter, "service_type", "agency")
    search_fields = ("case__site__name", "case__site__licence_number", "agency__name")
    date_hierarchy = "sent_on"
    fields = (
        "case",
        "child",
        "service_type",
        "agency",
        "reason",
        "consent_date",
        "consent_given_by",
        "status",
        "sent_on",
        "follow_up_due",
        "outcome_note",
        "created_by",
    )
    readonly_fields = (
        "case",
        "child",
        "service_type",
        "agency",
        "consent_date",
        "consent_given_by",
        "status",
        "sent_on",
        "created_by",
    )
    inlines = (StatusChangeInline,)

    @admin.display(description="referral", ordering="pk")
    def referral(self, referral):
        return str(referral)

    @admin.display(description="consultant", ordering="case__consultant__first_name")
    def consultant(self, referral):
        return referral.case.consultant

    @admin.display(description="site", ordering="case__site__name")
    def site(self, referral):
        return referral.case.site

    @admin.display(description="overdue", boolean=True)
    def follow_up_overdue(self, referral):
        return referral.is_follow_up_overdue(local_today())


@admin.register(ReferralStatusChange)
class ReferralStatusChangeAdmin(ScopedAdmin):
    """The dated steps of referrals: read-only for everyone, superusers included."""

    list_display = ("referral", "from_status", "to_status", "changed_on", "changed_by")
    list_select_related = ("referral__child", "referral__service_type", "changed_by")
    list_filter = ("to_status",)
    search_fields = ("referral__case__site__name", "note")
    date_hierarchy = "changed_on"

    def has_change_permission(self, request, obj=None) -> bool:
        return False
