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
            raise serializers.ValidationError({"year": ["Not a year of the period."]})
        return data


class PaymentImportSerializer(serializers.Serializer):
    file = serializers.FileField()


class PaymentImportResultSerializer(serializers.Serializer):
    matched = serializers.IntegerField()
    unmatched = serializers.IntegerField()
    duplicates = serializers.IntegerField()
