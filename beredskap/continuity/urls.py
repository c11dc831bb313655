"""URLs of the continuity register, all under `continuity/`; every page checks access."""

from django.urls import path

from . import plan_views, views, xlsx_views

app_name = "continuity"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.register, name="register"),
    path("<str:code>/units/new/", views.unit_new, name="unit_new"),
    path("<str:code>/units/<int:pk>/", views.unit, name="unit"),
    path("<str:code>/units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("<str:code>/units/<int:pk>/functions/new/", views.function_new, name="function_new"),
    path("<str:code>/functions/<int:pk>/edit/", views.function_edit, name="function_edit"),
    path(
        "<str:code>/functions/<int:pk>/dependencies/new/",
        views.dependency_new,
        name="dependency_new",
    ),
    path("<str:code>/dependencies/<int:pk>/edit/", views.dependency_edit, name="dependency_edit"),
    path("<str:code>/<str:kind>/<int:pk>/delete/", views.delete, name="delete"),
    path("<str:code>/plans/new/", plan_views.plan_new, name="plan_new"),
    path("<str:code>/plans/<int:pk>/download/", plan_views.plan_download, name="plan_download"),
    path("<str:code>/plans/<int:pk>/verify/", plan_views.plan_verify, name="plan_verify"),
    path("<str:code>/template.xlsx", xlsx_views.template, name="template"),
    path("<str:code>/import/", xlsx_views.upload, name="import"),
]
