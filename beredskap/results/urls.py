from django.urls import path

from . import views

app_name = "results"

urlpatterns = [
    path("results/", views.index, name="index"),
    path("results/<int:year>/", views.overview, name="overview"),
    path(
        "results/<int:year>/municipalities/<str:code>/",
        views.municipality,
        name="municipality",
    ),
    path("results/<int:year>/indicators/<str:code>/", views.indicator, name="indicator"),
    path("results/<int:year>/counties/<str:code>/", views.county, name="county"),
    path("results/<int:year>/targets/", views.targets, name="targets"),
    path(
        "results/<int:year>/counties/<str:code>/targets/",
        views.county_targets,
        name="county_targets",
    ),
    path(
        "results/<int:year>/municipalities/<str:code>/targets/",
        views.municipality_targets,
        name="municipality_targets",
    ),
]
