from django.urls import path

from referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.referral_list, name="referral_list"),
    path("new/", views.referral_create, name="referral_create"),
    path("<uuid:uuid>/", views.referral_detail, name="referral_detail"),
    path("<uuid:uuid>/status/", views.referral_transition, name="referral_transition"),
    path("<uuid:uuid>/consent/", views.referral_consent, name="referral_consent"),
]
