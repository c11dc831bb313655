"""URLs of the scenario pages (signed in; access in `registry.access`)."""

from django.urls import path

from . import scenario_views

app_name = "scenarios"

urlpatterns = [
    path("", scenario_views.index, name="index"),
    path("national/", scenario_views.national, name="national"),
    path("county/<str:code>/", scenario_views.county, name="county"),
    path("<str:code>/", scenario_views.municipality, name="municipality"),
]
