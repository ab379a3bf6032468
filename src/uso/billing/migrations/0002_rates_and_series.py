from datetime import date
from decimal import Decimal

from django.db import migrations

RATES = [(date(2013, 1, 1), Decimal("24.00")), (date(2024, 9, 1), Decimal("25.50"))]
SERIES = [("invoice", "Laskut", "", 1), ("credit", "Hyvityslaskut", "H", 2)]


def seed(apps, schema_editor):
    VatRate = apps.get_model("billing", "VatRate")
    InvoiceSeries = apps.get_model("billing", "InvoiceSeries")
    for valid_from, rate in RATES:
        VatRate.objects.get_or_create(valid_from=valid_from, defaults={"rate": rate})
    for code, name, prefix, digit in SERIES:
        InvoiceSeries.objects.get_or_create(
            code=code, defaults={"name": name, "prefix": prefix, "reference_digit": digit}
        )


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
