"""Admin for the catalogue: editions are read-only (changed only by loading their files);
guidance is data edited here."""

from django import forms
from django.contrib import admin

from .models import Area, Edition, GuidanceItem, IndicatorVersion, Question
from .services import area_code_problems


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


class GuidanceItemForm(forms.ModelForm):
    class Meta:
        model = GuidanceItem
        fields = [
            "slug",
            "title_sv",
            "title_en",
            "summary_sv",
            "summary_en",
            "url",
            "publisher",
            "area_codes",
            "indicators",
            "active",
            "position",
        ]

    def clean_area_codes(self):
        codes = self.cleaned_data["area_codes"]
        if codes is None:
            return []
        known = set(Area.objects.values_list("code", flat=True).distinct())
        problems = area_code_problems(codes, known)
        if problems:
            raise forms.ValidationError(problems)
        return codes


@admin.register(GuidanceItem)
class GuidanceItemAdmin(admin.ModelAdmin):
    form = GuidanceItemForm
    list_display = ["title_sv", "publisher", "area_codes", "active", "position"]
    list_display_links = ["title_sv"]
    list_editable = ["active", "position"]
    list_filter = ["active", "publisher"]
    search_fields = ["slug", "title_sv", "title_en", "summary_sv", "summary_en", "publisher"]
    filter_horizontal = ["indicators"]
    prepopulated_fields = {"slug": ["title_sv"]}
