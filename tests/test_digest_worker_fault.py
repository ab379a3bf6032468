"""The discussions' daily digest survives a Celery worker killed in the middle of it (issue 9,
faults): the digests are an outbox, one row per (person, day), so after a restart nobody misses
their digest and nobody gets it twice. First the outbox on its own, then real workers on Redis
and PostgreSQL, the first one killed with SIGKILL halfway through the e-mails."""

import contextlib
import email
import email.policy
import os
import re
import signal
import smtplib
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import redis
import time_machine
from celery import Celery
from django.core import mail
from django.db import connection
from django.utils import timezone

from uso.community import services
from uso.community.models import Area, DigestDelivery, Notification, Post, Thread

from . import factories

HELSINKI = ZoneInfo("Europe/Helsinki")
PROJECT_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture
def general(world):
    areas = services.ensure_areas(period=world.period)
    return next(a for a in areas if a.kind == Area.Kind.GENERAL)


def digests_to(person) -> list:
    return [m for m in mail.outbox if m.to == [person.email]]


@pytest.mark.django_db
def test_a_digest_a_killed_worker_left_unsent_is_sent_by_the_next_run_once(world, general):
    thread = services.start_thread(area=general, author=world.participant_a, title="T", body="A")
    services.set_following(person=world.participant_b, on=True, area=general)
    services.post_reply(thread=thread, author=world.participant_a, body="Ensimmäinen")
    # A run claims B's messages for today's digest and is killed before the e-mail.
    assert services.claim_digests(day=timezone.localdate()) == 1
    assert not digests_to(world.participant_b)

    assert services.send_daily_digests() == 1
    assert services.send_daily_digests() == 0

    (digest,) = digests_to(world.participant_b)
    assert "Ensimmäinen" in digest.body
    delivery = DigestDelivery.objects.get(person=world.participant_b)
    assert delivery.sent_at is not None and delivery.messages == 1
    assert digest.extra_headers["Message-ID"] == (
        f"<digest-{world.participant_b.pk}-{delivery.date.isoformat()}@testserver>"
    )
    assert not Notification.objects.filter(person=world.participant_b, sent_at=None).exists()


@pytest.mark.django_db
def test_a_message_after_the_days_digest_waits_for_the_next_days(world, general):
    # The next day is the Sunday the clocks go back an hour.
    saturday = datetime(2025, 10, 25, 6, 30, tzinfo=HELSINKI)
    with time_machine.travel(saturday, tick=False) as clock:
        thread = services.start_thread(
            area=general, author=world.participant_a, title="T", body="A"
        )
        services.set_following(person=world.participant_b, on=True, thread=thread)
        services.post_reply(thread=thread, author=world.participant_a, body="Lauantaiaamu")
        assert services.send_daily_digests() == 1

        clock.move_to(saturday.replace(hour=10))
        services.post_reply(thread=thread, author=world.participant_a, body="Lauantaipäivä")
        assert services.send_daily_digests() == 0  # B has had Saturday's digest

        clock.move_to(datetime(2025, 10, 26, 6, 30, tzinfo=HELSINKI))
        assert services.send_daily_digests() == 1

    saturdays, sundays = digests_to(world.participant_b)
    assert "Lauantaiaamu" in saturdays.body and "Lauantaipäivä" not in saturdays.body
    assert "Lauantaipäivä" in sundays.body and "Lauantaiaamu" not in sundays.body
    assert saturdays.extra_headers["Message-ID"] != sundays.extra_headers["Message-ID"]
    days = DigestDelivery.objects.filter(person=world.participant_b).values_list("date", flat=True)
    assert [str(day) for day in days] == ["2025-10-25", "2025-10-26"]


@pytest.mark.django_db
def test_a_digest_the_mail_server_refuses_waits_for_the_next_run(world, general):
    thread = services.start_thread(area=general, author=world.participant_a, title="T", body="A")
    services.set_following(person=world.participant_b, on=True, thread=thread)
    services.post_reply(thread=thread, author=world.participant_a, body="Perillä")
    refused = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    with (
        mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=refused
        ),
        pytest.raises(OSError),
    ):
        services.send_daily_digests()
    assert DigestDelivery.objects.unsent().filter(person=world.participant_b).exists()

    assert services.send_daily_digests() == 1
    (digest,) = digests_to(world.participant_b)
    assert "Perillä" in digest.body


# --- A real worker killed ------------------------------------------------------------------

PEOPLE = 30
STALL_AT = 11  # the first worker's 11th e-mail never gets through: it is killed waiting
REDIS_URL = "redis://127.0.0.1:6379/14"  # a database of this test's own, emptied before and after


@pytest.fixture
def broker():
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    try:
        yield client
    finally:
        client.flushdb()
        client.close()


class Workers:
    """`celery -A uso worker` processes on the test database and the test's Redis database,
    each in a process group of its own (the main process and its pool), logging to a file."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.mail = folder / "mail"
        self.mail.mkdir()
        self.running: list[subprocess.Popen] = []
        database = connection.settings_dict
        self.environment = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(PROJECT_DIR), os.environ.get("PYTHONPATH")])
            ),
            "DJANGO_SETTINGS_MODULE": "tests.digest_worker",
            "DATABASE_URL": (
                f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
                f"/{database['NAME']}"
            ),
            "REDIS_URL": REDIS_URL,
            "DIGEST_MAIL_DIR": str(self.mail),
        }

    def start(self, name: str, **environment) -> subprocess.Popen:
        with open(self.folder / f"{name}.log", "wb") as log:
            worker = subprocess.Popen(
                [
                    str(Path(sys.executable).parent / "celery"),
                    "-A",
                    "uso",
                    "worker",
                    "--pool=prefork",
                    "--concurrency=1",
                    "--loglevel=INFO",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    f"--hostname={name}@%h",
                ],
                env={**self.environment, **environment},
                cwd=PROJECT_DIR,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.running.append(worker)
        return worker

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def kill(self, worker: subprocess.Popen) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGKILL)  # the main process and its pool at once
        worker.wait(timeout=10)

    def e_mails(self) -> list:
        return [
            email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(self.mail.glob("*.eml"))
        ]

    def wait_for(self, condition, what: str, timeout: float = 45) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.1)
        logs = "\n".join(
            f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}"
            for p in sorted(self.folder.glob("*.log"))
        )
        pytest.fail(f"{what}: not within {timeout} s\n{logs}")


@pytest.fixture
def workers(tmp_path):
    started = Workers(tmp_path)
    try:
        yield started
    finally:
        for worker in started.running:
            started.kill(worker)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="real workers run on PostgreSQL and Redis"
)
@pytest.mark.parametrize("timeout_passed", [False, True], ids=["restart", "timeout-passed"])
def test_a_worker_killed_in_the_middle_of_the_digest_leaves_nobody_out_and_nobody_twice(
    broker, workers, timeout_passed
):
    """The first worker claims every digest, sends ten and is killed waiting on the eleventh.
    A second worker starts: at once (`restart`), when only the digests left unsent are sent,
    by the catch-up a starting worker queues; or once the broker's visibility timeout has
    passed (`timeout-passed`), when the killed task itself is also delivered again."""
    period = factories.PeriodFactory()
    municipality = factories.MembershipFactory(period=period).municipality
    coordinator = factories.CoordinatorFactory()
    area = next(a for a in services.ensure_areas(period=period) if a.kind == Area.Kind.GENERAL)
    thread = Thread.objects.create(
        area=area, title="Kuulumiset", author=coordinator, last_post_at=timezone.now()
    )
    people = [factories.UserFactory(municipality=municipality) for _ in range(PEOPLE)]
    wanted = {}
    for number, person in enumerate(people):
        wanted[person.email] = []
        for part in "ab":
            body = f"[viesti {number}/{part}]"
            post = Post.objects.create(thread=thread, author=coordinator, body=body, html=body)
            Notification.objects.create(person=person, post=post)
            wanted[person.email].append(body)

    first = workers.start("first", DIGEST_STALL_AT=str(STALL_AT))
    sender = Celery(broker=REDIS_URL)
    try:
        task_id = sender.send_task("uso.community.tasks.send_daily_digests").id
    finally:
        sender.close()
    workers.wait_for(lambda: (workers.mail / "stalled").exists(), "the first worker's 11th e-mail")
    workers.kill(first)
    assert len(workers.e_mails()) == STALL_AT - 1  # some, not all
    assert DigestDelivery.objects.count() == PEOPLE  # all claimed before the kill
    left_unsent = PEOPLE - (STALL_AT - 1)
    assert DigestDelivery.objects.unsent().count() == left_unsent

    if timeout_passed:
        # As if the two hours had passed since the first worker took the task: the second
        # worker hands the killed worker's messages back to the queue as it starts.
        workers.start("second", DIGEST_VISIBILITY_TIMEOUT="1")
        workers.wait_for(
            lambda: (
                f"send_daily_digests[{task_id}] succeeded" in workers.log("second")
                and not DigestDelivery.objects.unsent().exists()
                and broker.llen("celery") == 0
                and broker.hlen("unacked") == 0
            ),
            "the killed task run again, and every digest sent",
        )
    else:
        workers.start("second")
        workers.wait_for(
            lambda: re.search(
                rf"send_unsent_digests\[[-\w]+\] succeeded in [\d.]+s: {left_unsent}\b",
                workers.log("second"),
            ),
            "the digests left unsent sent by the starting worker",
        )
        assert not DigestDelivery.objects.unsent().exists()
        # The killed task waits in the broker for its visibility timeout.
        assert task_id not in workers.log("second")
        assert any(task_id.encode() in message for message in broker.hvals("unacked"))

    by_person = {}
    for message in workers.e_mails():
        by_person.setdefault(str(message["To"]), []).append(message)
    assert sorted(by_person) == sorted(wanted)
    for person in people:
        (message,) = by_person[person.email]  # exactly one digest each
        body = message.get_content()
        assert all(text in body for text in wanted[person.email]), person.email
        delivery = DigestDelivery.objects.get(person=person)
        assert message["Message-ID"] == services.digest_message_id(delivery)
        assert delivery.sent_at is not None and delivery.messages == 2
    assert not Notification.objects.filter(sent_at=None).exists()
