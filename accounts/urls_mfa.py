from django.urls import path

from accounts import views_mfa

urlpatterns = [
    path("", views_mfa.mfa_settings, name="mfa_settings"),
    path("code/", views_mfa.mfa_verify, name="mfa_verify"),
    path("set-up/", views_mfa.mfa_enrol, name="mfa_enrol"),
    path("backup-codes/", views_mfa.mfa_backup_codes, name="mfa_backup_codes"),
    path("reset/<uuid:uuid>/", views_mfa.mfa_reset, name="mfa_reset"),
]
