from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from uso.core.admin import CoordinatorAdmin

from .models import Invitation, User


@admin.register(User)
class UserAdmin(CoordinatorAdmin, SimpleHistoryAdmin):
    list_display = ["email", "first_name", "last_name", "municipality", "role", "is_active"]
    list_filter = ["role", "is_active", "leadership"]
    search_fields = ["email", "first_name", "last_name"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]
    exclude = ["password", "groups", "user_permissions"]
    readonly_fields = ["last_login", "date_joined", "anonymised_at"]


@admin.register(Invitation)
class InvitationAdmin(CoordinatorAdmin):
    list_display = ["user", "created_at", "expires_at", "accepted_at"]
    list_select_related = ["user"]
    readonly_fields = ["token", "user", "invited_by", "created_at", "accepted_at"]
