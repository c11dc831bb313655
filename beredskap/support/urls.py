"""URLs of the support pages: the county boards' support log and shared experience.

The fixed `shared/` comes before `<code>/`.
"""

from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("", views.index, name="index"),
    path("shared/", views.shared, name="shared"),
    path("<str:code>/", views.county, name="county"),
    path("<str:code>/export.csv", views.export, name="export"),
    path("<str:code>/new/", views.new, name="new"),
    path("<str:code>/<int:pk>/", views.detail, name="detail"),
    path("<str:code>/<int:pk>/edit/", views.edit, name="edit"),
    path("<str:code>/<int:pk>/delete/", views.delete, name="delete"),
]
