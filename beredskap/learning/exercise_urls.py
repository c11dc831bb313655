"""URLs of the exercise pages (mounted at exercises/)."""

from django.urls import path

from . import exercise_views as views

app_name = "exercises"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/<int:organisation>/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/observations/new/", views.observation, name="observation_new"),
    path("<int:pk>/observations/<int:observation>/", views.observation, name="observation"),
    path("<int:pk>/actions/new/", views.action, name="action_new"),
    path("<int:pk>/actions/<int:action>/", views.action, name="action"),
]
