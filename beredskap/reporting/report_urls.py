"""URLs of the report pages: county reports, the coordinator's board, the national report.

The fixed prefixes (`national/`, `generations/`) come before `<code>/<year>/`.
"""

from django.urls import path

from . import report_views as views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("national/<int:year>/", views.national, name="national"),
    path("national/<int:year>/board/", views.board, name="board"),
    path("national/<int:year>/start/", views.national_start, name="national_start"),
    path("national/<int:year>/save/", views.national_save, name="national_save"),
    path("national/<int:year>/preview/", views.national_preview, name="national_preview"),
    path("national/<int:year>/finalise/", views.national_finalise, name="national_finalise"),
    path("generations/<int:pk>/", views.generation, name="generation"),
    path("generations/<int:pk>/<str:kind>/", views.generation_file, name="file"),
    path("<str:code>/<int:year>/", views.county, name="county"),
    path("<str:code>/<int:year>/start/", views.county_start, name="county_start"),
    path("<str:code>/<int:year>/save/", views.county_save, name="county_save"),
    path("<str:code>/<int:year>/preview/", views.county_preview, name="county_preview"),
    path("<str:code>/<int:year>/submit/", views.county_submit, name="county_submit"),
    path("<str:code>/<int:year>/return/", views.county_return, name="county_return"),
    path("<str:code>/<int:year>/accept/", views.county_accept, name="county_accept"),
]
