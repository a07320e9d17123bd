from django.contrib import admin
from django.urls import include, path

from core import views as core_views
from core.admin_links import admin_urls

admin.site.site_header = "IECMH Consultation: supervisor review"
admin.site.site_title = "IECMH Consultation admin"
admin.site.index_title = "Caseloads and reference data"
# The sidebar repeats the index's list of models on every admin page: building it checks every
# model's permissions on each request, and on a tablet it only narrows the list.
admin.site.enable_nav_sidebar = False

handler500 = "config.errors.server_error"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("", core_views.home, name="home"),
    path("session/keepalive/", core_views.keepalive, name="keepalive"),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin_urls()),  # the admin's own, with "View on site" scoped
    path("", include("consultation.urls")),
    path("referrals/", include("referrals.urls")),
    path("reports/", include("reports.urls")),
]
