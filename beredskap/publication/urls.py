"""Public comparison pages: the latest release of each round, for everyone."""

from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("comparisons/", views.index, name="index"),
    path("comparisons/<int:year>/", views.overview, name="overview"),
    path(
        "comparisons/<int:year>/municipalities/<str:code>/",
        views.municipality,
        name="municipality",
    ),
    path("comparisons/<int:year>/indicators/<str:code>/", views.indicator, name="indicator"),
    path("comparisons/<int:year>/counties/<str:code>/", views.county, name="county"),
]
