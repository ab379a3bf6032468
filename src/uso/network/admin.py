from django.contrib import admin
from django.shortcuts import redirect
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from uso.core.admin import CoordinatorAdmin, CoordinatorPermissions

from .models import (
    ConsultantAssignment,
    JoinApplication,
    Membership,
    Municipality,
    Network,
    PeerGroup,
    Period,
    Population,
    Region,
    SubTheme,
    ThemeArea,
)


@admin.register(Region)
class RegionAdmin(CoordinatorAdmin):
    list_display = ["code", "name_fi", "name_sv"]


class PopulationInline(CoordinatorPermissions, admin.TabularInline):
    model = Population
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(CoordinatorAdmin):
    list_display = ["code", "name_fi", "name_sv", "region", "language"]
    list_filter = ["region", "language"]
    search_fields = ["code", "name_fi", "name_sv"]
    inlines = [PopulationInline]


@admin.register(Network)
class NetworkAdmin(CoordinatorAdmin, TabbedTranslationAdmin):
    list_display = ["name", "seller_name", "seller_business_id"]


class ThemeAreaInline(CoordinatorPermissions, TranslationStackedInline):
    model = ThemeArea
    extra = 0
    show_change_link = True


@admin.register(Period)
class PeriodAdmin(CoordinatorAdmin, TabbedTranslationAdmin):
    list_display = ["name", "network", "start_date", "end_date", "is_open_for_applications"]
    inlines = [ThemeAreaInline]

    # The period's page links here ("Edit period and themes"): saving returns there.
    def response_post_save_add(self, request, obj):
        return redirect("network:period", pk=obj.pk)

    def response_post_save_change(self, request, obj):
        return redirect("network:period", pk=obj.pk)


class SubThemeInline(CoordinatorPermissions, TranslationStackedInline):
    model = SubTheme
    extra = 0


@admin.register(ThemeArea)
class ThemeAreaAdmin(CoordinatorAdmin, TabbedTranslationAdmin):
    list_display = ["name", "period", "order"]
    list_filter = ["period"]
    inlines = [SubThemeInline]


class ConsultantAssignmentInline(CoordinatorPermissions, admin.TabularInline):
    model = ConsultantAssignment
    extra = 0
    autocomplete_fields = ["consultant"]


@admin.register(Membership)
class MembershipAdmin(CoordinatorAdmin, SimpleHistoryAdmin):
    list_display = ["municipality", "period", "status", "joined_on"]
    list_filter = ["period", "status"]
    list_select_related = ["municipality", "period"]
    search_fields = ["municipality__name_fi", "municipality__name_sv"]
    autocomplete_fields = ["municipality"]
    inlines = [ConsultantAssignmentInline]


@admin.register(JoinApplication)
class JoinApplicationAdmin(CoordinatorAdmin):
    list_display = ["membership", "contact_name", "contact_email", "created_at", "decided_at"]
    list_select_related = ["membership__municipality", "membership__period"]


@admin.register(PeerGroup)
class PeerGroupAdmin(CoordinatorAdmin, TabbedTranslationAdmin):
    list_display = ["name", "period"]
    list_filter = ["period"]
    filter_horizontal = ["members"]
