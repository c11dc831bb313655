from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("municipalities/<str:code>/", views.municipality_detail, name="municipality"),
    path("counties/", views.county_list, name="counties"),
    path("counties/<str:code>/", views.county_detail, name="county"),
    path("account/api-tokens/", views.api_tokens, name="api_tokens"),
    path("account/api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
