"""Read-only admin for rounds and responses: changes go through the survey's services."""

from django.contrib import admin

from beredskap.catalogue.admin import ReadOnlyAdmin

from .models import Response, Round


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ["year", "edition", "opens_on", "deadline", "status"]


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ["municipality", "round", "status", "submitted_at", "approved_at"]
    list_filter = ["round", "status", "municipality__county"]
    search_fields = ["municipality__name", "municipality__code"]
    list_select_related = ["municipality", "round"]
