from django.urls import path

from consultation import views

app_name = "consultation"

urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("sites/", views.site_list, name="site_list"),
    path("sites/new/", views.site_create, name="site_create"),
    path("sites/<uuid:uuid>/", views.site_detail, name="site_detail"),
    path("sites/<uuid:uuid>/classrooms/new/", views.classroom_create, name="classroom_create"),
    path("sites/<uuid:uuid>/children/new/", views.child_create, name="child_create"),
    path("children/<uuid:uuid>/", views.child_detail, name="child_detail"),
    path("children/<uuid:uuid>/archive/", views.child_archive, name="child_archive"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<uuid:uuid>/", views.case_detail, name="case_detail"),
    path("cases/<uuid:uuid>/close/", views.case_close, name="case_close"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("visits/<uuid:uuid>/", views.visit_detail, name="visit_detail"),
    path("visits/<uuid:uuid>/edit/", views.visit_edit, name="visit_edit"),
    path("visits/<uuid:uuid>/summary/", views.visit_summary, name="visit_summary"),
]
