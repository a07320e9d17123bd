from django.urls import path

from accounts import notification_views as views

urlpatterns = [
    path("", views.notification_list, name="notification_list"),
    path("<uuid:uuid>/read/", views.notification_read, name="notification_read"),
    path("read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("email/", views.notification_preferences, name="notification_preferences"),
]
