"""Invoice numbers under concurrency: real threads on PostgreSQL, no duplicate, no hole."""

import threading

import pytest
from django.db import connection, connections

from uso.billing import services
from uso.billing.models import Invoice

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
