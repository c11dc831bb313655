"""URLs of the training pages, mounted at `training/`."""

from django.urls import path

from .training import board_views, views

app_name = "training"

urlpatterns = [
    path("", views.index, name="index"),
    path("nation/", views.nation, name="nation"),
    path("municipalities/<str:code>/", views.municipality, name="municipality"),
    path("municipalities/<str:code>/record/", views.record, name="record"),
    path("municipalities/<str:code>/template.xlsx", views.template, name="template"),
    path("municipalities/<str:code>/import/", views.import_completions, name="import"),
    path("municipalities/<str:code>/plan/", views.plan, name="plan"),
    path("municipalities/<str:code>/plan/<int:pk>/", views.plan_status, name="plan_status"),
    path("counties/<str:code>/", views.county, name="county"),
    path("counties/<str:code>/new/", board_views.new_training, name="new"),
    path("counties/<str:code>/participants/", board_views.participants, name="participants"),
]
