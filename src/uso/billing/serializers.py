from django.utils.translation import gettext as _
from rest_framework import serializers

from uso.network.models import Period

from .models import Invoice, InvoiceLine


class InvoiceLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = InvoiceLine
        fields = [
            "description",
            "quantity",
            "unit",
            "unit_price",
            "vat_rate",
            "net",
            "vat",
            "gross",
            "supply_start",
            "supply_end",
        ]


class VatBreakdownSerializer(serializers.Serializer):
    vat_rate = serializers.DecimalField(max_digits=5, decimal_places=2)
    net = serializers.DecimalField(max_digits=12, decimal_places=2)
    vat = serializers.DecimalField(max_digits=12, decimal_places=2)
    gross = serializers.DecimalField(max_digits=12, decimal_places=2)


class InvoiceSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="display_number")
    municipality = serializers.CharField(source="buyer_code")
    lines = InvoiceLineSerializer(many=True, read_only=True)
    vat_breakdown = serializers.SerializerMethodField()

    class Meta:
        model = Invoice
        fields = [
            "id",
            "number",
            "kind",
            "municipality",
            "year",
            "reference",
            "rf_reference",
            "virtual_barcode",
            "invoice_date",
            "due_date",
            "net",
            "vat",
            "gross",
            "paid_amount",
            "status",
            "lines",
            "vat_breakdown",
        ]

    def get_vat_breakdown(self, invoice) -> list[dict]:
        rows = [
            {key: row[key] for key in ("vat_rate", "net", "vat", "gross")}
            for row in _breakdown(invoice)
        ]
        return VatBreakdownSerializer(rows, many=True).data


def _breakdown(invoice) -> list[dict]:
    """From the prefetched lines, so a list of invoices costs no query per invoice."""
    totals: dict = {}
    for line in invoice.lines.all():
        row = totals.setdefault(
            line.vat_rate, {"vat_rate": line.vat_rate, "net": 0, "vat": 0, "gross": 0}
        )
        row["net"] += line.net
        row["vat"] += line.vat
        row["gross"] += line.gross
    return [totals[rate] for rate in sorted(totals)]


class InvoiceRunSerializer(serializers.Serializer):
    period = serializers.PrimaryKeyRelatedField(queryset=Period.objects.all())
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    dry_run = serializers.BooleanField(default=False)
    pro_rata = serializers.BooleanField(default=False)

    def validate(self, data):
        if data["year"] not in data["period"].years:
            years = ", ".join(map(str, data["period"].years))
            message = _("Choose a year of the period (%(years)s).") % {"years": years}
            raise serializers.ValidationError({"year": [message]})
        return data


class InvoiceDraftSerializer(serializers.Serializer):
    """One member's invoice in an invoice run's preview (`dry_run`)."""

    municipality = serializers.CharField(source="membership.municipality.code")
    annual_fee = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    net = serializers.DecimalField(max_digits=12, decimal_places=2)
    vat = serializers.DecimalField(max_digits=12, decimal_places=2)
    gross = serializers.DecimalField(max_digits=12, decimal_places=2)
    problem = serializers.CharField(help_text="Why no invoice would be made; empty otherwise.")
    can_be_einvoiced = serializers.BooleanField(
        help_text="The billing address has the postal code and town a Finvoice needs."
    )


class PaymentImportSerializer(serializers.Serializer):
    file = serializers.FileField()


class PaymentImportResultSerializer(serializers.Serializer):
    matched = serializers.IntegerField()
    unmatched = serializers.IntegerField()
    duplicates = serializers.IntegerField()
