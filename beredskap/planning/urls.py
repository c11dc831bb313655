"""URLs of the planning direction pages, public for adopted and superseded versions."""

from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:version>/", views.detail, name="detail"),
    path("<str:version>/diff/<str:other>/", views.diff, name="diff"),
    path("<str:version>.pdf", views.pdf, name="pdf"),
]
