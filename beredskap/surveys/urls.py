from django.urls import path

from . import spreadsheet_views, views

app_name = "surveys"

urlpatterns = [
    path("surveys/", views.response_index, name="index"),
    path("surveys/<int:year>/board/", views.board, name="board"),
    path("surveys/<int:year>/<str:code>/", views.response_detail, name="response"),
    path("surveys/<int:year>/<str:code>/areas/<str:area>/", views.save_area, name="save_area"),
    path("surveys/<int:year>/<str:code>/answers/<str:key>/", views.save_slot, name="save_slot"),
    path(
        "surveys/<int:year>/<str:code>/answers/<str:key>/history/",
        views.answer_history,
        name="history",
    ),
    path("surveys/<int:year>/<str:code>/xlsx/", spreadsheet_views.export, name="export"),
    path("surveys/<int:year>/<str:code>/upload/", spreadsheet_views.upload, name="upload"),
    path("surveys/<int:year>/<str:code>/submit/", views.submit, name="submit"),
    path("surveys/<int:year>/<str:code>/review/", views.review, name="review"),
    path("surveys/<int:year>/<str:code>/approve/", views.approve, name="approve"),
    path("surveys/<int:year>/<str:code>/reopen/", views.reopen, name="reopen"),
]
