from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("export/visits.csv", views.export_visits, name="export_visits"),
    path("export/<slug:table>/", views.export_table, name="export_table"),
    path("missing-follow-ups/", views.missing_follow_ups, name="missing_follow_ups"),
]
