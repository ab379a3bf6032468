"""Load: 200 people register at the same moment for 10 events through the API, served by
gunicorn (several processes and threads) on PostgreSQL — as in production. No event takes
more people than it has seats, nobody gets a server error, and everybody beyond the seats
waits in line."""

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from django.db import connection
from rest_framework.authtoken.models import Token

from uso.events.models import Registration

from .events_factories import EventFactory
from .factories import MembershipFactory, PeriodFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="load is tested on PostgreSQL with gunicorn"
    ),
]

EVENTS, PEOPLE, SEATS = 10, 200, 12


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def gunicorn():
    """The app in gunicorn, on the test database (the data the test commits)."""
    port = free_port()
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "uso.test_settings",
        "DATABASE_URL": url,
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "uso.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        env=environment,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if requests.get(f"{base}/api/v1/events/", timeout=10).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_two_hundred_registrations_at_once_never_overbook(gunicorn):
    period = PeriodFactory()
    events = [EventFactory(period=period, capacity=SEATS) for _ in range(EVENTS)]
    municipalities = [MembershipFactory(period=period).municipality for _ in range(20)]
    people = [
        UserFactory(municipality=municipalities[number % len(municipalities)])
        for number in range(PEOPLE)
    ]
    tokens = [Token.objects.create(user=person).key for person in people]
    barrier = threading.Barrier(PEOPLE)
    statuses: list[int] = []

    def register(number: int):
        event = events[number % EVENTS]
        session = requests.Session()
        barrier.wait()
        response = session.post(
            f"{gunicorn}/api/v1/events/{event.pk}/registrations/",
            json={"consent_to_list": True},
            headers={"Authorization": f"Token {tokens[number]}"},
            timeout=120,
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=register, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)

    assert len(statuses) == PEOPLE
    assert not [s for s in statuses if s >= 500]
    assert set(statuses) == {201}
    for event in events:
        registrations = Registration.objects.filter(event=event)
        confirmed = registrations.filter(status=Registration.Status.CONFIRMED).count()
        waiting = registrations.filter(status=Registration.Status.WAITLISTED).count()
        assert confirmed == SEATS, event
        assert confirmed + waiting == PEOPLE // EVENTS
