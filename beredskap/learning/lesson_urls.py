"""URLs of the national lessons library (mounted at lessons/)."""

from django.urls import path

from . import lesson_views as views

app_name = "lessons"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
]
