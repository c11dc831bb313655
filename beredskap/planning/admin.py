"""Admin for planning directions: read-only, since a version changes only by loading its
file or through the services (audited), and an adopted version never changes."""

from django.contrib import admin

from .models import Assumption, Direction


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Direction)
class DirectionAdmin(ReadOnlyAdmin):
    list_display = ["version", "status", "valid_from", "valid_until", "source", "loaded_at"]
    list_filter = ["status"]


@admin.register(Assumption)
class AssumptionAdmin(ReadOnlyAdmin):
    list_display = ["code", "direction", "category", "sensitivity", "placeholder"]
    list_filter = ["direction", "category", "sensitivity"]
    search_fields = ["code", "title_sv", "title_en"]
    list_select_related = ["direction"]
