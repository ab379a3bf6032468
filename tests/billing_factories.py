from datetime import date
from decimal import Decimal

from uso.billing import services
from uso.billing.models import FeeSchedule

from .factories import MembershipFactory, PeriodFactory

BANDS = [
    (0, 4999, Decimal("8000.00")),
    (5000, 19999, Decimal("10000.00")),
    (20000, 49999, Decimal("12000.00")),
    (50000, 99999, Decimal("14000.00")),
    (100000, None, Decimal("16000.00")),
]


def fee_schedule(period):
    schedule, _created = FeeSchedule.objects.get_or_create(period=period)
    services.save_fee_bands(schedule=schedule, bands=BANDS)
    return schedule


def billed_period(members=3, *, start=date(2017, 1, 1), end=date(2018, 12, 31), **kwargs):
    period = PeriodFactory(start_date=start, end_date=end, **kwargs)
    fee_schedule(period)
    memberships = [
        MembershipFactory(
            period=period,
            population_basis=4000 + 20000 * i,
            joined_on=start,
            billing_contact_email=f"talous{i}@kunta.example",
            billing_address="Kunta\nPL 1\n00100 Kunta",
            business_id="0201256-6",
            einvoice_address="003702012566",
            einvoice_operator="OKOYFIHH",
        )
        for i in range(members)
    ]
    return period, memberships
