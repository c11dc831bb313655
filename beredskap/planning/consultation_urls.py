"""URLs of a direction's consultation (remiss), under /planning/<version>/consultation/."""

from django.urls import path

from . import consultation_views as views

app_name = "planning_consultation"

urlpatterns = [
    path("", views.board, name="board"),
    path("open/", views.open_form, name="open"),
    path("answers/<int:organisation_id>/", views.answers, name="answers"),
    path("answers/<int:organisation_id>/submit/", views.submit, name="submit"),
    path("dispositions/", views.dispositions, name="dispositions"),
    path("compilation/", views.compilation, name="compilation"),
    path("compilation/<int:pk>/", views.progress, name="progress"),
    path("compilation/<int:pk>/<str:kind>/", views.compilation_file, name="file"),
    path("adopt/", views.adopt, name="adopt"),
]
