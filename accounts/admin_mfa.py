"""Two-factor sign-in in the admin: the events are read by superusers; the devices themselves
are not shown (their secrets stay out of every page after setting up) and are reset from the
"Two-factor sign-in" page, which records who did it."""

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.admin import AuditTrailAdmin
from accounts.models import TwoFactorEvent

for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


@admin.register(TwoFactorEvent)
class TwoFactorEventAdmin(AuditTrailAdmin):
    list_display = ("created_at", "kind", "user", "actor", "ip_address")
    list_filter = ("kind", "created_at")
    list_select_related = ("user", "actor")
    search_fields = ("user__username", "actor__username", "ip_address")
    date_hierarchy = "created_at"
