"""Releases are read-only in the admin: they are made and withdrawn by audited services."""

from django.contrib import admin

from .models import Release


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = ("label", "released_at", "value_count", "withdrawn_at")
    list_filter = ("round__year",)
    readonly_fields = [f.name for f in Release._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
