"""Admin for the catalogue: editions are read-only (changed only by loading their files).
Guidance moved to the knowledge library (beredskap/library), edited on its own pages."""

from django.contrib import admin

from .models import Edition, IndicatorVersion, Question


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Edition)
class EditionAdmin(ReadOnlyAdmin):
    list_display = ["year", "title_sv", "source", "loaded_at"]


@admin.register(IndicatorVersion)
class IndicatorVersionAdmin(ReadOnlyAdmin):
    list_display = [
        "indicator",
        "edition",
        "area",
        "kind",
        "sensitivity",
        "comparable_with_previous",
    ]
    list_filter = ["edition", "kind", "sensitivity", "comparable_with_previous", "area__code"]
    search_fields = ["indicator__code", "title_sv", "title_en"]
    list_select_related = ["indicator", "edition", "area"]


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ["code", "edition", "area", "kind", "required", "evidence"]
    list_filter = ["edition", "kind", "area__code"]
    search_fields = ["code", "text_sv", "text_en"]
    list_select_related = ["edition", "area"]
