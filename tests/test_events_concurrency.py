"""Seats, waitlists and clinic slots under concurrency: real threads on PostgreSQL.

Every registration and cancellation locks the event's row, and a slot is taken by an update
that only succeeds while it is free. These tests start the work of many people at one
moment (a barrier) and check that the limits held and nobody got an error they should not.
"""

import threading

import pytest
from django.db import connection, connections

from uso.accounts.models import Role
from uso.core.errors import DomainError
from uso.events import services
from uso.events.models import ClinicSlot, Registration

from .events_factories import EventFactory, SlotFactory
from .factories import MembershipFactory, PeriodFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL"
    ),
]

MOST_CONNECTIONS = 40


def free_connections() -> int:
    """How many more connections the server takes, keeping a margin for everyone else."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('max_connections')::int - count(*) FROM pg_stat_activity"
        )
        (free,) = cursor.fetchone()
    return max(min(MOST_CONNECTIONS, free - 10), 4)


def run_at_once(jobs) -> list:
    """Start every job at the same moment, each in its own thread with its own connection,
    and return what each returned or the DomainError it raised, in the jobs' order.

    All threads wait at one barrier; a semaphore keeps the open connections under the
    server's limit (100 by default), so at most that many transactions run at once and the
    rest queue for a connection, as web workers would."""
    barrier = threading.Barrier(len(jobs))
    gate = threading.BoundedSemaphore(free_connections())
    outcomes: list = [None] * len(jobs)
    errors = []

    def worker(index, job):
        try:
            barrier.wait()
            with gate:
                try:
                    outcomes[index] = job()
                except DomainError as error:
                    outcomes[index] = error
                finally:
                    connections.close_all()
        except Exception as error:  # collected and reported by the test
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(index, job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    assert not errors, errors
    return outcomes


def member_people(count: int, *, per_municipality: int, role=Role.PARTICIPANT):
    period = PeriodFactory()
    people = []
    while len(people) < count:
        municipality = MembershipFactory(period=period).municipality
        take = min(per_municipality, count - len(people))
        people += [UserFactory(municipality=municipality, role=role) for _ in range(take)]
    return period, people


def registering(event, person):
    return lambda: services.register(event=event, by=person, person=person)


def test_a_hundred_people_registering_at_once_for_twenty_seats():
    period, people = member_people(100, per_municipality=10)
    event = EventFactory(period=period, capacity=20)

    outcomes = run_at_once([registering(event, person) for person in people])

    assert not [o for o in outcomes if isinstance(o, DomainError)]
    registrations = Registration.objects.with_waitlist_position().filter(event=event)
    assert registrations.confirmed().count() == 20
    assert registrations.filter(status=Registration.Status.WAITLISTED).count() == 80
    positions = sorted(
        registrations.filter(status=Registration.Status.WAITLISTED).values_list(
            "waitlist_position", flat=True
        )
    )
    assert positions == list(range(1, 81))
    assert {r.person_id for r in registrations} == {p.pk for p in people}


def test_a_municipalitys_seat_limit_holds_when_its_people_register_at_once():
    period, people = member_people(30, per_municipality=30)
    event = EventFactory(period=period, capacity=100, per_municipality_limit=5)

    outcomes = run_at_once([registering(event, person) for person in people])

    assert not [o for o in outcomes if isinstance(o, DomainError)]
    assert event.registrations.confirmed().count() == 5
    assert event.registrations.filter(status=Registration.Status.WAITLISTED).count() == 25


def test_cancellations_among_new_registrations_never_overbook_and_keep_the_waitlist_order():
    period, people = member_people(60, per_municipality=10)
    event = EventFactory(period=period, capacity=20)
    seated, waiting, newcomers = people[:20], people[20:30], people[30:]
    for person in seated + waiting:
        services.register(event=event, by=person, person=person)
    leaving = list(Registration.objects.filter(event=event, person__in=seated[:10]))

    jobs = [
        lambda registration=registration: services.cancel_registration(
            registration=registration, by=registration.person
        )
        for registration in leaving
    ] + [registering(event, person) for person in newcomers]
    outcomes = run_at_once(jobs)

    assert not [o for o in outcomes if isinstance(o, DomainError)]
    confirmed = set(event.registrations.confirmed().values_list("person_id", flat=True))
    # The freed seats went to those who were waiting before; the newcomers wait behind them.
    assert confirmed == {p.pk for p in seated[10:] + waiting}
    waitlisted = event.registrations.waitlisted().values_list("person_id", flat=True)
    assert set(waitlisted) == {p.pk for p in newcomers}


def test_twenty_municipalities_booking_one_slot_at_once_get_one_booking():
    period, contacts = member_people(20, per_municipality=1, role=Role.CONTACT)
    slot = SlotFactory(event__period=period)

    outcomes = run_at_once(
        [
            lambda contact=contact: services.book_slot(
                slot=ClinicSlot.objects.get(pk=slot.pk),
                municipality=contact.municipality,
                challenge="Palveluverkko",
                by=contact,
            )
            for contact in contacts
        ]
    )

    booked = [o for o in outcomes if isinstance(o, ClinicSlot)]
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert (len(booked), len(refused)) == (1, 19)
    slot.refresh_from_db()
    assert slot.municipality_id == booked[0].municipality_id
    assert slot.municipality_id in {c.municipality_id for c in contacts}


def test_one_municipality_booking_several_slots_at_once_gets_one():
    period, (contact,) = member_people(1, per_municipality=1, role=Role.CONTACT)
    first = SlotFactory(event__period=period)
    slots = [first] + [SlotFactory(event=first.event) for _ in range(4)]

    outcomes = run_at_once(
        [
            lambda slot=slot: services.book_slot(
                slot=slot, municipality=contact.municipality, challenge="Talous", by=contact
            )
            for slot in slots
        ]
    )

    assert len([o for o in outcomes if isinstance(o, ClinicSlot)]) == 1
    assert len([o for o in outcomes if isinstance(o, DomainError)]) == 4
    assert ClinicSlot.objects.filter(municipality=contact.municipality).count() == 1
