"""URLs of the events pages and calendar feeds (mounted at events/).

The fixed `calendar…` routes come before `<int:pk>/`.
"""

from django.urls import path

from . import event_views as views

app_name = "events"

urlpatterns = [
    path("", views.index, name="index"),
    path("calendar.ics", views.feed, name="feed"),
    path("calendar/", views.calendar_links, name="calendar"),
    path("calendar/<int:organisation>/renew/", views.renew_calendar_link, name="calendar_renew"),
    path("calendar/<str:token>.ics", views.organisation_feed, name="organisation_feed"),
    path("new/<int:organisation>/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/register/", views.register, name="register"),
    path(
        "<int:pk>/registrations/<int:registration>/withdraw/", views.unregister, name="unregister"
    ),
    path("<int:pk>/follow-up/", views.follow_up, name="follow_up"),
]
