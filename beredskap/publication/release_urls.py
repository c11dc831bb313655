"""The analyst's release pages (Socialstyrelsen only)."""

from django.urls import path

from . import release_views as views

app_name = "releases"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.round_page, name="round"),
    path("<int:year>/release/", views.release, name="release"),
    path("<int:year>/<int:number>/withdraw/", views.withdraw, name="withdraw"),
]
