from django.urls import path

from consultation.views import (
    caseload,
    cases,
    children,
    consents,
    drafts,
    exclusions,
    imports,
    intake,
    measures,
    outcomes,
    sites,
    supervision,
    trainings,
    visits,
)

app_name = "consultation"

urlpatterns = [
    path("caseload/", caseload.caseload, name="caseload"),
    path("sites/", sites.site_list, name="site_list"),
    path("sites/new/", sites.site_create, name="site_create"),
    path("sites/<uuid:uuid>/", sites.site_detail, name="site_detail"),
    path("sites/<uuid:uuid>/edit/", sites.site_edit, name="site_edit"),
    path("sites/<uuid:uuid>/classrooms/new/", sites.classroom_create, name="classroom_create"),
    path("classrooms/<uuid:uuid>/edit/", sites.classroom_edit, name="classroom_edit"),
    path("sites/<uuid:uuid>/children/new/", children.child_create, name="child_create"),
    path("children/<uuid:uuid>/", children.child_detail, name="child_detail"),
    path("children/<uuid:uuid>/edit/", children.child_edit, name="child_edit"),
    path("children/<uuid:uuid>/archive/", children.child_archive, name="child_archive"),
    path("children/<uuid:uuid>/restore/", children.child_restore, name="child_restore"),
    path("children/<uuid:uuid>/consent/new/", consents.consent_create, name="consent_create"),
    path("children/<uuid:uuid>/consent-form/", consents.consent_form, name="consent_form"),
    path("consents/<uuid:uuid>/revoke/", consents.consent_revoke, name="consent_revoke"),
    path("consents/<uuid:uuid>/document/", consents.consent_document, name="consent_document"),
    path("cases/new/", cases.case_create, name="case_create"),
    path("cases/<uuid:uuid>/", cases.case_detail, name="case_detail"),
    path("cases/<uuid:uuid>/close/", cases.case_close, name="case_close"),
    path("cases/<uuid:uuid>/measures/new/", measures.measure_create, name="measure_create"),
    path("measures/<uuid:uuid>/void/", measures.measure_void, name="measure_void"),
    path(
        "cases/<uuid:uuid>/exclusions/new/",
        exclusions.exclusion_create,
        name="exclusion_create",
    ),
    path(
        "follow-ups/<uuid:uuid>/answer/",
        outcomes.follow_up_answer,
        name="follow_up_answer",
    ),
    path(
        "children/<uuid:uuid>/demographics/",
        outcomes.demographics_edit,
        name="demographics_edit",
    ),
    path("visits/new/", visits.visit_create, name="visit_create"),
    path("visits/<uuid:uuid>/", visits.visit_detail, name="visit_detail"),
    path("visits/<uuid:uuid>/edit/", visits.visit_edit, name="visit_edit"),
    path("visits/<uuid:uuid>/void/", visits.visit_void, name="visit_void"),
    path("visits/draft/", drafts.draft_save, name="draft_save"),
    path("visits/drafts/<uuid:uuid>/discard/", drafts.draft_discard, name="draft_discard"),
    path("visits/children/", drafts.child_search, name="child_search"),
    path("visits/<uuid:uuid>/summary/", visits.visit_summary, name="visit_summary"),
    path("supervision/", supervision.supervision_list, name="supervision_list"),
    path("intake/", intake.intake_queue, name="intake_queue"),
    path("intake/new/", intake.intake_create, name="intake_create"),
    path("intake/<uuid:uuid>/", intake.intake_detail, name="intake_detail"),
    path("intake/<uuid:uuid>/<slug:step>/", intake.intake_step, name="intake_step"),
]

# Imports of sites, classrooms and children: supervisors and superusers.
urlpatterns += [
    path("imports/", imports.import_index, name="import_index"),
    path("imports/<uuid:uuid>/", imports.import_preview, name="import_preview"),
    path("imports/<uuid:uuid>/confirm/", imports.import_confirm, name="import_confirm"),
    path("imports/<uuid:uuid>/refused.csv", imports.import_refused, name="import_refused"),
    path(
        "imports/template/<str:kind>.<str:file_format>",
        imports.import_template,
        name="import_template",
    ),
]

# Trainings delivered to childcare staff.
urlpatterns += [
    path("trainings/", trainings.training_list, name="training_list"),
    path("trainings/new/", trainings.training_create, name="training_create"),
    path("trainings/<uuid:uuid>/", trainings.training_detail, name="training_detail"),
    path("trainings/<uuid:uuid>/edit/", trainings.training_edit, name="training_edit"),
    path("trainings/<uuid:uuid>/void/", trainings.training_void, name="training_void"),
]
