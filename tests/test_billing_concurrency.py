"""Invoice numbers under concurrency: real threads on PostgreSQL, no duplicate, no hole."""

import threading

import pytest
from django.db import connection, connections

from uso.billing import services
from uso.billing.models import Invoice, Payment

from .billing_factories import billed_period

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL"
    ),
]


def run_in_threads(jobs):
    barrier = threading.Barrier(len(jobs))
    errors = []

    def worker(job):
        try:
            barrier.wait()
            job()
        except Exception as error:  # collected and re-raised in the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors


def test_two_runs_at_once_number_every_invoice_once_without_holes():
    first_period, _ = billed_period(6)
    second_period, _ = billed_period(5)
    run_in_threads(
        [
            lambda: services.run_invoices(period=first_period, year=2017, pro_rata=False, by=None),
            lambda: services.run_invoices(period=second_period, year=2017, pro_rata=False, by=None),
        ]
    )
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert len(numbers) == 11
    assert numbers == list(range(numbers[0], numbers[0] + 11))


def test_the_same_run_started_twice_at_once_invoices_each_member_once():
    period, _ = billed_period(4)
    run_in_threads(
        [
            lambda: services.run_invoices(period=period, year=2017, pro_rata=False, by=None)
            for _ in range(3)
        ]
    )
    assert Invoice.objects.count() == 4
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == list(range(numbers[0], numbers[0] + 4))


def test_two_runs_and_two_imports_of_one_bank_file_at_once_match_every_payment_once():
    """While two invoice runs number their invoices, the same bank file is imported twice at
    the same moment (a double click): every invoice number is used once without holes, and
    every payment of the file is recorded and matched once."""
    from .test_billing_payments import camt

    paid_period, _ = billed_period(4)
    earlier = services.run_invoices(period=paid_period, year=2017, pro_rata=False, by=None)
    bank_file = camt(
        [(invoice.reference, invoice.gross, f"BANK-{invoice.pk}") for invoice in earlier]
        + [("RF00 0000 0000", "12.00", "BANK-UNKNOWN")]
    )
    first_period, _ = billed_period(6)
    second_period, _ = billed_period(5)
    results = []

    def import_file():
        results.append(services.import_bank_payments(filename="camt.xml", data=bank_file, by=None))

    run_in_threads(
        [
            lambda: services.run_invoices(period=first_period, year=2017, pro_rata=False, by=None),
            lambda: services.run_invoices(period=second_period, year=2017, pro_rata=False, by=None),
            import_file,
            import_file,
        ]
    )
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == 15
    assert numbers == list(range(numbers[0], numbers[0] + 15))
    assert Payment.objects.count() == 5
    assert sorted((r.matched, r.unmatched, r.duplicates) for r in results) == [(0, 0, 5), (4, 1, 0)]
    for invoice in Invoice.objects.filter(pk__in=[i.pk for i in earlier]):
        assert invoice.payments.count() == 1 and invoice.status == Invoice.Status.PAID
