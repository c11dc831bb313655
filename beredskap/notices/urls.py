from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/read/", views.read_all, name="read_all"),
    path("notifications/settings/", views.email_settings, name="settings"),
    path("notifications/<int:pk>/", views.open_notification, name="open"),
    path("notifications/<int:pk>/read/", views.read, name="read"),
]
