from django.urls import path

from consultation.views import caseload, cases, children, drafts, sites, visits

app_name = "consultation"

urlpatterns = [
    path("caseload/", caseload.caseload, name="caseload"),
    path("sites/", sites.site_list, name="site_list"),
    path("sites/new/", sites.site_create, name="site_create"),
    path("sites/<uuid:uuid>/", sites.site_detail, name="site_detail"),
    path("sites/<uuid:uuid>/classrooms/new/", sites.classroom_create, name="classroom_create"),
    path("sites/<uuid:uuid>/children/new/", children.child_create, name="child_create"),
    path("children/<uuid:uuid>/", children.child_detail, name="child_detail"),
    path("children/<uuid:uuid>/archive/", children.child_archive, name="child_archive"),
    path("cases/new/", cases.case_create, name="case_create"),
    path("cases/<uuid:uuid>/", cases.case_detail, name="case_detail"),
    path("cases/<uuid:uuid>/close/", cases.case_close, name="case_close"),
    path("visits/new/", visits.visit_create, name="visit_create"),
    path("visits/<uuid:uuid>/", visits.visit_detail, name="visit_detail"),
    path("visits/<uuid:uuid>/edit/", visits.visit_edit, name="visit_edit"),
    path("visits/<uuid:uuid>/void/", visits.visit_void, name="visit_void"),
    path("visits/draft/", drafts.draft_save, name="draft_save"),
    path("visits/drafts/<uuid:uuid>/discard/", drafts.draft_discard, name="draft_discard"),
    path("visits/children/", drafts.child_search, name="child_search"),
    path("visits/<uuid:uuid>/summary/", visits.visit_summary, name="visit_summary"),
]
