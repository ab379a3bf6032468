from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from uso.core.admin import CoordinatorAdmin, CoordinatorPermissions

from .models import FeeBand, FeeSchedule, Invoice, InvoiceLine, InvoiceSeries, Payment, VatRate


@admin.register(VatRate)
class VatRateAdmin(CoordinatorAdmin):
    list_display = ["rate", "valid_from"]


class FeeBandInline(CoordinatorPermissions, admin.TabularInline):
    model = FeeBand
    extra = 0


@admin.register(FeeSchedule)
class FeeScheduleAdmin(CoordinatorAdmin, SimpleHistoryAdmin):
    list_display = ["period", "extra_workshop_price"]
    inlines = [FeeBandInline]


@admin.register(InvoiceSeries)
class InvoiceSeriesAdmin(CoordinatorAdmin):
    list_display = ["code", "name", "prefix", "next_number"]
    readonly_fields = ["next_number"]

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyMixin:
    """Issued invoices and payments are accounting records: never edited or deleted here
    (corrections are credit notes), and kept at least six years (Accounting Act)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class InvoiceLineInline(ReadOnlyMixin, CoordinatorPermissions, admin.TabularInline):
    model = InvoiceLine
    extra = 0


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyMixin, CoordinatorAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "buyer_name", "invoice_date", "gross", "status"]
    list_filter = ["kind", "status", "year"]
    search_fields = ["buyer_name", "reference"]
    list_select_related = ["series"]
    inlines = [InvoiceLineInline]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyMixin, CoordinatorAdmin, SimpleHistoryAdmin):
    list_display = ["payment_date", "amount", "reference", "payer_name", "invoice", "source"]
    list_select_related = ["invoice__series"]
