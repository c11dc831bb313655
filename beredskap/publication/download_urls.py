"""Downloads of each release: CSV, JSON, XLSX and a Frictionless data package."""

from django.urls import path

from . import download_views as views

app_name = "downloads"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>.<int:number>/", views.release_page, name="release"),
    path("<int:year>.<int:number>/<str:filename>", views.download, name="file"),
    path("latest/<int:year>/<str:filename>", views.latest, name="latest"),
]
