"""URLs of the deadline pages."""

from django.urls import path  # noqa: F401

app_name = "deadlines"

urlpatterns: list = []
