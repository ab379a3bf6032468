"""The Django admin for coordinators: the same login (allauth, with MFA) and the same rules."""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, resolve_url
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from .models import SitePage


class USOAdminSite(admin.AdminSite):
    site_header = _("USO administration")
    site_title = _("USO administration")
    index_title = _("Data maintenance")

    def has_permission(self, request):
        return request.user.is_active and request.user.has_perm("core.use_admin")

    def login(self, request, extra_context=None):
        """No second door: the admin signs in through allauth's login, MFA included."""
        if request.user.is_authenticated:
            raise PermissionDenied  # signed in, but not a coordinator
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or resolve_url("admin:index")
        return redirect(
            f"{resolve_url('account_login')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"
        )


class CoordinatorPermissions:
    """Coordinators maintain these models; the rules module decides who is one. Also for an
    inline, which asks its own permissions: by Django's model permissions, which the rules give
    nobody, every inline was hidden (a period's theme areas could not be edited)."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("core.use_admin")

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("core.use_admin")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("core.use_admin")

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("core.use_admin")


class CoordinatorAdmin(CoordinatorPermissions, admin.ModelAdmin):
    """A model the coordinators maintain, with the same permissions as its inlines."""

    def has_module_permission(self, request):
        return request.user.has_perm("core.use_admin")


@admin.register(SitePage)
class SitePageAdmin(CoordinatorAdmin, TabbedTranslationAdmin):
    list_display = ["title", "slug", "updated_at"]
