"""Billing in the demo: the 2017–2018 fee schedule, 2017's invoices, most of them paid."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from uso.accounts.models import Role, User
from uso.network.models import Period

from . import services
from .models import FeeSchedule, Invoice

DEMO_BANDS = [
    (0, 4999, Decimal("8000.00")),
    (5000, 19999, Decimal("10000.00")),
    (20000, 49999, Decimal("12000.00")),
    (50000, 99999, Decimal("14000.00")),
    (100000, None, Decimal("16000.00")),
]


@transaction.atomic
def load_billing_demo(period: Period) -> None:
    schedule, created = FeeSchedule.objects.get_or_create(
        period=period, defaults={"extra_workshop_price": Decimal("1500.00")}
    )
    if created:
        services.save_fee_bands(schedule=schedule, bands=DEMO_BANDS)
    if Invoice.objects.filter(membership__period=period, year=2017).exists():
        return
    coordinator = User.objects.filter(role=Role.COORDINATOR).first()
    invoices = services.run_invoices(
        period=period, year=2017, pro_rata=False, by=coordinator, invoice_date=date(2017, 2, 1)
    )
    # Most municipalities paid on time; two paid part, the rest are overdue.
    for index, invoice in enumerate(invoices):
        if index % 7 == 3:
            continue
        amount = invoice.gross if index % 9 else (invoice.gross / 2).quantize(Decimal("0.01"))
        services.record_payment(
            invoice=invoice,
            amount=amount,
            payment_date=date(2017, 2, 12),
            by=coordinator,
            payer_name=invoice.buyer_name,
        )
