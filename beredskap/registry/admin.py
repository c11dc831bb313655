"""Admin pages for reference data, organisations and memberships.

Membership changes go through `services` so that every one is audited.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from . import services
from .models import (
    ApiToken,
    County,
    Membership,
    Municipality,
    MunicipalityGroup,
    MunicipalityGroupAssignment,
    Organisation,
    Shape,
    User,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["organisation", "role", "created_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class GroupAssignmentInline(admin.TabularInline):
    model = MunicipalityGroupAssignment
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "county"]
    list_filter = ["county"]
    search_fields = ["code", "name"]
    inlines = [GroupAssignmentInline]


@admin.register(Shape)
class ShapeAdmin(admin.ModelAdmin):
    """Read-only: boundaries change only through `beredskap import_geo`, level by level."""

    list_display = ["level", "code", "source", "imported_at"]
    list_filter = ["level", "source"]
    search_fields = ["code"]
    exclude = ["path"]  # tens of kilobytes of path data helps nobody in a form

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MunicipalityGroup)
class MunicipalityGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_coordinator"]
    list_filter = ["kind", "is_coordinator"]
    search_fields = ["name", "municipality__code", "county__code"]
    raw_id_fields = ["municipality", "county"]


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "organisation", "role"]

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation") or getattr(self.instance, "organisation", None)
        if organisation and cleaned.get("role"):
            services.check_role(organisation, cleaned["role"])
        return cleaned


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipForm
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]

    def get_readonly_fields(self, request, obj=None):
        return ["user", "organisation"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            services.change_role(membership=obj, role=obj.role, by=request.user)
        else:
            saved = services.grant_membership(
                user=obj.user, organisation=obj.organisation, role=obj.role, by=request.user
            )
            obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.revoke_membership(membership=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            services.revoke_membership(membership=membership, by=request.user)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only: tokens are created by their owner and revoked through the service, so
    both leave an audit event; the admin shows who holds which, for support."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "expires_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = [f.name for f in ApiToken._meta.fields if f.name != "key_hash"]
    exclude = ("key_hash",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
