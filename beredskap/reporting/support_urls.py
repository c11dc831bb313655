"""URLs of the support pages."""

from django.urls import path  # noqa: F401

app_name = "support"

urlpatterns: list = []
