from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("municipalities/<str:code>/", views.municipality_detail, name="municipality"),
    path("counties/", views.county_list, name="counties"),
    path("counties/<str:code>/", views.county_detail, name="county"),
]
