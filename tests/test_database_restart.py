"""Faults: PostgreSQL restarts while gunicorn serves (2 workers × 2 threads).

While the database is down every request answers at once with a clean 503 — a page for
pages, JSON for the API, in the person's language, with Retry-After, no traceback — no
gunicorn worker is lost and a write changes nothing. Once the database is back, requests
answer 200 within seconds, without restarting gunicorn.

The database is a throwaway cluster of the test's own (initdb on a free port, in a temporary
folder), never the machine's server, which the test does not touch."""

import contextlib
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
import requests
from django.conf import settings
from django.db import connection

PROJECT_DIR = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def postgresql_bin() -> Path | None:
    """The newest installed PostgreSQL's binaries (Debian keeps them off the PATH)."""
    versions = [
        path.parent.parent
        for path in Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")
        if path.parent.parent.name.isdigit()
    ]
    if versions:
        return max(versions, key=lambda version: int(version.name)) / "bin"
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and shutil.which("pg_ctl") else None


def owner_command() -> list[str] | None:
    """initdb refuses to run as root: as root, run PostgreSQL as the `postgres` user."""
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser")
    if runuser is None:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return None
    return [runuser, "-u", "postgres", "--"]


PG_BIN = postgresql_bin()
AS_OWNER = owner_command()

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="database restarts are tested on PostgreSQL"
    ),
    pytest.mark.skipif(
        PG_BIN is None, reason="PostgreSQL's initdb and pg_ctl were not found on this machine"
    ),
    pytest.mark.skipif(
        AS_OWNER is None,
        reason="running as root, but there is no `postgres` user or runuser to run initdb as",
    ),
]

# What each page answers while the database is down: HTML for pages, JSON under /api/.
PAGES = ["/", "/events/", "/api/v1/events/"]
# No request may wait longer than this while the database is down (connect_timeout is 5 s,
# a refused connection fails at once).
QUICK_SECONDS = 5
# A restarted database serves requests again within this time.
RECOVERY_SECONDS = 10

SEED = """
import json

import django

django.setup()

from django.conf import settings
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.events_factories import EventFactory
from tests.factories import MembershipFactory, PeriodFactory, UserFactory

period = PeriodFactory()
membership = MembershipFactory(period=period)
person = UserFactory(municipality=membership.municipality)
browser = Client()
browser.force_login(person)
print(json.dumps({
    "events": {mode: EventFactory(period=period).pk for mode in ("fast", "immediate")},
    "token": Token.objects.create(user=person).key,
    "session": browser.cookies[settings.SESSION_COOKIE_NAME].value,
}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Cluster:
    directory: Path
    port: int
    seed: dict = field(default_factory=dict)  # the seeded person's token, session and events

    @property
    def data(self) -> Path:
        return self.directory / "data"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/uso"

    def run(self, program: str, *arguments: str):
        return subprocess.run(
            [*AS_OWNER, str(PG_BIN / program), *arguments],
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def start(self):
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1"
            f" -c unix_socket_directories={self.directory}"
            " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        )
        log = str(self.directory / "postgresql.log")
        self.run("pg_ctl", "-D", str(self.data), "-l", log, "-o", options, "-w", "start")

    def stop(self, mode: str):
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def execute(self, sql: str, database: str = "uso") -> list[tuple]:
        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=database, autocommit=True
        ) as conn:
            cursor = conn.execute(sql)
            return cursor.fetchall() if cursor.description else []


def app_environment(cluster: Cluster) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "uso.test_settings",
        "DATABASE_URL": cluster.url,
    }


@pytest.fixture(scope="module")
def cluster():
    """A PostgreSQL cluster of the test's own, migrated, with a person, a token and events."""
    directory = Path(tempfile.mkdtemp(prefix="uso-restart-"))
    if os.geteuid() == 0:
        shutil.chown(directory, user="postgres", group="postgres")
    cluster = Cluster(directory=directory, port=free_port())
    try:
        cluster.run(
            "initdb", "-D", str(cluster.data), "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--no-locale", "--no-sync",
        )  # fmt: skip
        cluster.start()
        cluster.execute("CREATE DATABASE uso", database="postgres")
        environment = app_environment(cluster)
        subprocess.run(
            [str(VENV_BIN / "uso"), "migrate", "-v", "0"],
            env=environment,
            cwd=PROJECT_DIR,
            check=True,
            timeout=600,
        )
        seeded = subprocess.run(
            [sys.executable, "-c", SEED],
            env=environment,
            cwd=PROJECT_DIR,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
        cluster.seed = json.loads(seeded.stdout.strip().splitlines()[-1])
        yield cluster
    except subprocess.CalledProcessError as error:
        log = directory / "postgresql.log"
        pytest.fail(
            f"{error.cmd} failed: {error.stderr}\n{log.read_text() if log.exists() else ''}"
        )
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # if it is not running
            cluster.stop("immediate")
        shutil.rmtree(directory, ignore_errors=True)


@dataclass
class Server:
    base: str
    process: subprocess.Popen

    def workers(self) -> set[int]:
        """The gunicorn master's child processes, from /proc."""
        found = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                found.add(int(stat.parent.name))
        return found


@pytest.fixture(scope="module")
def server(cluster):
    """The app in gunicorn, 2 workers × 2 threads, on the throwaway cluster."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "uso.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "2",
            "--log-level",
            "warning",
        ],
        env=app_environment(cluster),
        cwd=PROJECT_DIR,
        # The 503s are logged with their tracebacks: kept out of the test's output.
        stderr=(cluster.directory / "gunicorn.log").open("w"),
    )
    server = Server(base=f"http://127.0.0.1:{port}", process=process)
    try:
        deadline = time.monotonic() + 60
        while len(server.workers()) < 2 or not answers_200(server.base + "/"):
            if time.monotonic() > deadline or process.poll() is not None:
                log = (cluster.directory / "gunicorn.log").read_text()
                pytest.fail(f"gunicorn did not start:\n{log[-3000:]}")
            time.sleep(0.3)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


def answers_200(url: str) -> bool:
    try:
        return requests.get(url, timeout=10).status_code == 200
    except requests.RequestException:
        return False


def call(method: str, url: str, **kwargs) -> requests.Response:
    return requests.request(method, url, timeout=60, allow_redirects=False, **kwargs)


def quick(method: str, url: str, **kwargs) -> requests.Response:
    """A request that must not hang, not even on a slow machine."""
    started = time.monotonic()
    response = call(method, url, **kwargs)
    elapsed = time.monotonic() - started
    assert elapsed < QUICK_SECONDS, f"{method} {url} took {elapsed:.1f} s"
    return response


def assert_clean_503(response: requests.Response, *, language: str):
    assert response.status_code == 503, (response.request.url, response.status_code)
    assert response.headers["Retry-After"].isdigit()
    assert response.headers["Cache-Control"] == "no-store"
    assert "Traceback" not in response.text and "OperationalError" not in response.text
    if response.request.path_url.startswith("/api/"):
        assert response.headers["Content-Type"] == "application/json"
        assert response.json()["message"]
    else:
        assert response.headers["Content-Type"].startswith("text/html")
        assert f'<html lang="{language}">' in response.text
        assert response.headers["Content-Language"] == language
        assert "<h1>" in response.text


def registrations(cluster: Cluster) -> int:
    return cluster.execute("SELECT count(*) FROM events_registration")[0][0]


@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_requests_fail_cleanly_while_postgresql_restarts_and_recover_by_themselves(
    cluster, server, mode
):
    base = server.base
    language = settings.LANGUAGE_COOKIE_NAME
    signed_in = {settings.SESSION_COOKIE_NAME: cluster.seed["session"]}
    token = {"Authorization": f"Token {cluster.seed['token']}"}
    register = f"{base}/api/v1/events/{cluster.seed['events'][mode]}/registrations/"
    workers = server.workers()
    # The worker threads hold connections (CONN_MAX_AGE) when the database goes away.
    for _ in range(4):
        for page in PAGES:
            assert call("GET", base + page).status_code == 200
        assert call("GET", f"{base}/dashboard/", cookies=signed_in).status_code == 200
    written = registrations(cluster)

    cluster.stop(mode)
    try:
        for _ in range(4):
            for page in PAGES:
                assert_clean_503(quick("GET", base + page), language="fi")
                swedish = quick("GET", base + page, cookies={language: "sv"})
                assert_clean_503(swedish, language="sv")
            # The session and the user cannot be read: still a 503, and the person stays
            # signed in (the session cookie is not cleared).
            dashboard = quick("GET", f"{base}/dashboard/", cookies=signed_in)
            assert_clean_503(dashboard, language="fi")
            assert settings.SESSION_COOKIE_NAME not in dashboard.headers.get("Set-Cookie", "")
            english = quick("GET", base + "/", cookies={**signed_in, language: "en"})
            assert_clean_503(english, language="en")
            assert "Service temporarily unavailable" in english.text
            write = quick("POST", register, json={"consent_to_list": True}, headers=token)
            assert_clean_503(write, language="fi")
        assert quick("GET", f"{base}/health/").status_code == 200  # liveness needs no database
    finally:
        cluster.start()

    deadline = time.monotonic() + RECOVERY_SECONDS
    while not answers_200(base + "/"):
        assert time.monotonic() < deadline, "no 200 within seconds of the database's return"
        time.sleep(0.2)
    for _ in range(4):
        for page in PAGES:
            assert call("GET", base + page).status_code == 200
        assert call("GET", f"{base}/dashboard/", cookies=signed_in).status_code == 200
    assert registrations(cluster) == written  # the write during the outage changed nothing
    assert call("POST", register, json={"consent_to_list": True}, headers=token).status_code == 201
    assert registrations(cluster) == written + 1
    assert server.workers() == workers  # no worker died or was replaced
