from django.contrib import admin

from uso.core.admin import CoordinatorAdmin, CoordinatorPermissions

from .models import AgendaItem, ClinicSlot, Event, EventMaterial, FeedbackQuestion, Registration


class AgendaItemInline(CoordinatorPermissions, admin.TabularInline):
    model = AgendaItem
    extra = 0


class FeedbackQuestionInline(CoordinatorPermissions, admin.TabularInline):
    model = FeedbackQuestion
    extra = 0


@admin.register(Event)
class EventAdmin(CoordinatorAdmin):
    """For repairs; coordinators work on the event pages, where the rules and e-mail live."""

    list_display = ["title", "kind", "start", "status", "period"]
    list_filter = ["kind", "status", "period"]
    search_fields = ["title_fi", "title_sv", "title_en"]
    date_hierarchy = "start"
    inlines = [AgendaItemInline, FeedbackQuestionInline]


@admin.register(Registration)
class RegistrationAdmin(CoordinatorAdmin):
    list_display = ["event", "person", "guest_name", "status", "attendance", "created_at"]
    list_filter = ["status", "attendance"]
    list_select_related = ["event", "person"]
    raw_id_fields = ["event", "person", "municipality", "registered_by"]
    exclude = ["feedback_token"]


@admin.register(ClinicSlot)
class ClinicSlotAdmin(CoordinatorAdmin):
    list_display = ["event", "starts", "expert", "municipality"]
    list_select_related = ["event", "municipality"]
    raw_id_fields = ["event", "booked_by"]


@admin.register(EventMaterial)
class EventMaterialAdmin(CoordinatorAdmin):
    list_display = ["title", "event", "uploaded_at"]
    raw_id_fields = ["event", "uploaded_by"]
