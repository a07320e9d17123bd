from django.contrib import admin
from django.urls import include, path

from core import views as core_views

admin.site.site_header = "IECMH Consultation: supervisor review"
admin.site.site_title = "IECMH Consultation admin"
admin.site.index_title = "Caseloads and reference data"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("", core_views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("", include("consultation.urls")),
    path("referrals/", include("referrals.urls")),
    path("reports/", include("reports.urls")),
]
