"""The knowledge library: public reading and feed, editors' pages, the digest choice."""

from django.urls import path

from . import feeds, views

app_name = "library"

urlpatterns = [
    path("", views.index, name="index"),
    path("feed.xml", feeds.ChangesFeed(), name="feed"),
    path("new/", views.create, name="new"),
    path("digest/", views.digest, name="digest"),
    path("<slug:slug>/", views.detail, name="item"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
]
