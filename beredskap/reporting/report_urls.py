"""URLs of the report pages: county reports, the coordinator's board, the national report.

The fixed prefixes (`national/`, `generations/`) come before `<code>/<year>/`.
"""

from django.urls import path

from .report_views import county, generations, national, overview

app_name = "reports"

urlpatterns = [
    path("", overview.index, name="index"),
    path("national/<int:year>/", national.national, name="national"),
    path("national/<int:year>/board/", overview.board, name="board"),
    path("national/<int:year>/start/", national.national_start, name="national_start"),
    path("national/<int:year>/save/", national.national_save, name="national_save"),
    path("national/<int:year>/preview/", national.national_preview, name="national_preview"),
    path("national/<int:year>/finalise/", national.national_finalise, name="national_finalise"),
    path("generations/<int:pk>/", generations.generation, name="generation"),
    path("generations/<int:pk>/<str:kind>/", generations.generation_file, name="file"),
    path("<str:code>/<int:year>/", county.county, name="county"),
    path("<str:code>/<int:year>/start/", county.county_start, name="county_start"),
    path("<str:code>/<int:year>/save/", county.county_save, name="county_save"),
    path("<str:code>/<int:year>/preview/", county.county_preview, name="county_preview"),
    path("<str:code>/<int:year>/submit/", county.county_submit, name="county_submit"),
    path("<str:code>/<int:year>/return/", county.county_return, name="county_return"),
    path("<str:code>/<int:year>/accept/", county.county_accept, name="county_accept"),
]
