"""URLs of the deadline pages."""

from django.urls import path

from . import deadline_views

app_name = "deadlines"

urlpatterns = [
    path("", deadline_views.index, name="index"),
]
