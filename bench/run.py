"""Serve the app with gunicorn on the 10× network and measure its main pages under load.

    .venv/bin/python bench/run.py [--database-url postgres://postgres@127.0.0.1:5432/uso_bench_10x]
        [--clients 8] [--requests 200] [--workers N] [--threads 1] [--label NAME] [--only NAME…]

Needs the database `bench/network.py` made. Starts gunicorn with the production settings
(DEBUG off, Redis cache, compressed static files; requests say they came through a TLS proxy),
signs in a councillor, a contact person and a coordinator by creating their sessions and API
tokens, then for each page: warms up, and sends `--requests` requests from `--clients`
concurrent clients, timing each. The bare view (`/health/`, no database, the same middleware)
is measured first and last in the same run, as the yardstick of the ratio. Then counts the
SQL queries of each page in-process, reads the gunicorn workers' peak memory, times invoice
PDFs, and writes everything to bench/results/<date>-<label>.json and a Markdown table to
standard output. The exit status is 1 when a budget is missed. See bench/README.md.
"""

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import requests

PROJECT_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = PROJECT_DIR / "bench" / "results"
BUDGET_RATIO = 5.0
BUDGET_P95_MS = 100.0
BUDGET_SEARCH_P95_MS = 50.0
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/uso_bench_10x"
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=16)
    # As the README deploys it: gunicorn's sync workers, two a core and one more.
    parser.add_argument(
        "--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn processes"
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn process")
    parser.add_argument("--label", default="run", help="a name for the results file")
    parser.add_argument("--only", nargs="*", help="measure only these pages (by name)")
    parser.add_argument("--pdfs", type=int, default=20, help="invoice PDFs to time")
    return parser.parse_args(argv)


def environment(database_url: str, static_root: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "uso.settings",
        "PYTHONPATH": str(PROJECT_DIR / "src"),  # this checkout's code, also in gunicorn
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 50,
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"),
        "STATIC_ROOT": str(static_root),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "EMAIL_URL": "dummymail://",
        "MEDIA_ROOT": str(static_root.parent / "media"),
        "PRIVATE_MEDIA_ROOT": str(static_root.parent / "private"),
    }


# --- Who asks and what -----------------------------------------------------------------------


def sign_in() -> dict:
    """A session cookie and an API token for each role, made as signing in would."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from uso.accounts.models import Role, User

    people = {
        "councillor": User.objects.filter(
            role=Role.PARTICIPANT, municipality__code="091", leadership="political"
        ).earliest("pk"),
        "contact": User.objects.filter(role=Role.CONTACT, municipality__code="091").earliest("pk"),
        "coordinator": User.objects.filter(role=Role.COORDINATOR).earliest("pk"),
    }
    coordinator = people["coordinator"]
    if not Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(coordinator, generate_totp_secret())  # coordinators must have 2FA
    subjects = {}
    for role, person in people.items():
        client = Client()
        client.force_login(person)
        subjects[role] = {
            "person": person,
            "cookie": client.cookies["sessionid"].value,
            "token": Token.objects.get_or_create(user=person)[0].key,
        }
    return subjects


def pages() -> list[dict]:
    """The fifteen pages and API endpoints people use most, on the busiest objects."""
    from django.db.models import Count

    from uso.community.models import Thread
    from uso.development.models import DevelopmentPlan
    from uso.events.models import Event
    from uso.library.models import Material
    from uso.network.models import Period

    current = Period.objects.order_by("-start_date").first()
    event = (
        Event.objects.filter(period=current, status="published")
        .exclude(kind="workshop")
        .annotate(n=Count("registrations"))
        .order_by("-n")
        .first()
    )
    thread = Thread.objects.filter(area__period=current).order_by("-post_count").first()
    material = Material.objects.filter(status="published", visibility="members").earliest("pk")
    plan = DevelopmentPlan.objects.filter(municipality__code="091").latest("pk")
    return [
        # Not one of the fifteen: a page of the layout alone (the privacy statement), what
        # every page costs before its own content; measured for the analysis, not budgeted.
        {"name": "layout only", "url": "/privacy/", "as": "councillor", "reference": True},
        {"name": "dashboard", "url": "/dashboard/", "as": "councillor"},
        {"name": "events", "url": "/events/", "as": "councillor"},
        {"name": "event", "url": f"/events/{event.pk}/", "as": "coordinator"},
        {
            "name": "library search",
            "url": "/library/?q=strategia",
            "as": "councillor",
            "search": True,
        },
        {"name": "material", "url": f"/library/materials/{material.pk}/", "as": "councillor"},
        {"name": "discussions", "url": "/community/", "as": "councillor"},
        {"name": "thread", "url": f"/community/threads/{thread.pk}/", "as": "councillor"},
        {"name": "municipalities", "url": "/municipalities/", "as": "coordinator"},
        {"name": "development plan", "url": f"/plans/{plan.pk}/", "as": "contact"},
        {"name": "people", "url": "/people/", "as": "coordinator"},
        {"name": "invoices", "url": "/billing/invoices/", "as": "coordinator"},
        {"name": "network dashboard", "url": "/network-dashboard/", "as": "coordinator"},
        {"name": "API events", "url": "/api/v1/events/", "as": "councillor", "api": True},
        {
            "name": "API registrations",
            "url": f"/api/v1/events/{event.pk}/registrations/",
            "as": "coordinator",
            "api": True,
        },
        {
            "name": "API materials search",
            "url": "/api/v1/materials/?q=talousarvio",
            "as": "councillor",
            "api": True,
            "search": True,
        },
    ]


def headers_for(page: dict, subjects: dict) -> dict:
    subject = subjects[page["as"]]
    if page.get("api"):
        return {**PROXY_HEADERS, "Authorization": f"Token {subject['token']}"}
    return {**PROXY_HEADERS, "Cookie": f"sessionid={subject['cookie']}"}


# --- Load ------------------------------------------------------------------------------------


def load(base: str, url: str, headers: dict, clients: int, total: int, warmup: int) -> dict:
    """`total` requests from `clients` threads at once (each its own keep-alive connection);
    the milliseconds of each, and any status other than 200."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    left = [total]

    host, port = base.removeprefix("http://").split(":")

    def get(connection) -> int:
        connection.request("GET", url, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status

    def client():
        # http.client rather than requests: the clients share the machine's CPUs with the
        # server, and requests spends about a millisecond of CPU on each request itself.
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        try:
            for _ in range(max(1, warmup // clients)):
                get(connection)
            barrier.wait()
            while True:
                with lock:
                    if left[0] <= 0:
                        return
                    left[0] -= 1
                started = time.perf_counter()
                status = get(connection)
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    statuses[status] = statuses.get(status, 0) + 1
        finally:
            connection.close()

    barrier = threading.Barrier(clients)
    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    latencies.sort()
    return {
        "median_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
        "max_ms": round(latencies[-1], 1),
        "requests_per_s": round(len(latencies) / seconds, 1),
        "statuses": statuses,
    }


def query_counts(page_list: list[dict], subjects: dict) -> dict:
    """The SQL statements of one request to each page, in-process (after one warm-up)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for page in page_list:
        subject = subjects[page["as"]]
        client = Client(headers=PROXY_HEADERS)
        if page.get("api"):
            client.defaults["HTTP_AUTHORIZATION"] = f"Token {subject['token']}"
        else:
            client.force_login(subject["person"])
        client.get(page["url"])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page["url"])
        counts[page["name"]] = {"queries": len(queries), "status": response.status_code}
    return counts


def pdfs_per_second(count: int) -> dict:
    from uso.billing.documents import render_invoice_pdf
    from uso.billing.models import Invoice

    invoices = list(Invoice.objects.order_by("-pk")[: count + 1])
    render_invoice_pdf(invoices.pop())  # fonts and templates load once
    started = time.perf_counter()
    for invoice in invoices:
        render_invoice_pdf(invoice)
    seconds = time.perf_counter() - started
    return {
        "pdfs": len(invoices),
        "seconds": round(seconds, 2),
        "per_second": round(len(invoices) / seconds, 1),
    }


def peak_memory_mb(server: subprocess.Popen) -> dict:
    """VmHWM (peak resident memory) of the gunicorn master and each worker."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    peaks = {}
    for name, pid in [("master", server.pid)] + [
        (f"worker {i}", int(p)) for i, p in enumerate(children, 1)
    ]:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks[name] = round(int(line.split()[1]) / 1024)
    return peaks


# --- The run ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env: dict, workers: int, threads: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "uso.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            if requests.get(f"{base}/health/", headers=PROXY_HEADERS, timeout=5).ok:
                return server, base
        except requests.RequestException:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def verdicts(result: dict, bare_median: float) -> list[str]:
    misses = []
    for name, page in result["pages"].items():
        page["ratio"] = round(page["median_ms"] / bare_median, 1)
        budget_p95 = BUDGET_SEARCH_P95_MS if page.get("search") else BUDGET_P95_MS
        page["meets"] = page["ratio"] <= BUDGET_RATIO and page["p95_ms"] <= budget_p95
        if page.get("reference"):
            continue
        if set(page["statuses"]) != {200}:
            page["meets"] = False
            misses.append(f"{name}: statuses {page['statuses']}")
        if page["ratio"] > BUDGET_RATIO:
            misses.append(f"{name}: median {page['ratio']}× the bare view")
        if page["p95_ms"] > budget_p95:
            misses.append(f"{name}: p95 {page['p95_ms']} ms > {budget_p95:.0f} ms")
    return misses


def table(result: dict) -> str:
    lines = [
        "| page | as | median ms | p95 ms | × bare | req/s | 1 client median | queries | meets |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: |",
    ]
    bare = result["bare"]
    lines.append(
        f"| bare view `/health/` | — | {bare['median_ms']} | {bare['p95_ms']} | 1.0 | "
        f"{bare['requests_per_s']} | {bare['one_client_median_ms']} | {bare['queries']} | |"
    )
    for name, page in result["pages"].items():
        lines.append(
            f"| {name} | {page['as']} | {page['median_ms']} | {page['p95_ms']} | "
            f"{page['ratio']} | {page['requests_per_s']} | {page['one_client_median_ms']} | "
            f"{page['queries']} | "
            f"{'(reference)' if page.get('reference') else 'yes' if page['meets'] else '**no**'} |"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    args = parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="uso-bench-run-"))
    env = environment(args.database_url, folder / "static")
    os.environ.update(env)
    sys.path.insert(0, str(PROJECT_DIR / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    subjects = sign_in()
    page_list = [p for p in pages() if not args.only or p["name"] in args.only]
    server, base = start_gunicorn(env, args.workers, args.threads)
    bare_headers = {**PROXY_HEADERS, "Cookie": f"sessionid={subjects['councillor']['cookie']}"}
    result = {
        "label": args.label,
        "date": date.today().isoformat(),
        "machine": {"cpus": os.cpu_count(), "load_before": os.getloadavg()},
        "settings": {
            **{k: getattr(args, k) for k in ("clients", "requests", "workers", "threads")},
            "prepared_statements": env.get("DATABASE_PREPARED_STATEMENTS", "on"),
        },
        "pages": {},
    }
    try:
        first = load(base, "/health/", bare_headers, args.clients, args.requests, args.warmup)
        bare_alone = load(base, "/health/", bare_headers, 1, 30, 2)
        for page in page_list:
            print(f"{page['name']} …", flush=True)
            measured = load(
                base,
                page["url"],
                headers_for(page, subjects),
                args.clients,
                args.requests,
                args.warmup,
            )
            alone = load(base, page["url"], headers_for(page, subjects), 1, 30, 2)
            result["pages"][page["name"]] = {
                "url": page["url"],
                "as": page["as"],
                "search": page.get("search", False),
                "reference": page.get("reference", False),
                **measured,
                "one_client_median_ms": alone["median_ms"],
                "one_client_p95_ms": alone["p95_ms"],
            }
            print(f"  median {measured['median_ms']} ms, p95 {measured['p95_ms']} ms", flush=True)
        last = load(base, "/health/", bare_headers, args.clients, args.requests, args.warmup)
        result["memory_mb"] = peak_memory_mb(server)
        result["machine"]["load_after"] = os.getloadavg()  # other work would have skewed it
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    result["bare"] = {
        key: round((first[key] + last[key]) / 2, 1)
        for key in ("median_ms", "p95_ms", "requests_per_s")
    }
    result["bare"]["one_client_median_ms"] = bare_alone["median_ms"]
    result["bare_first_last"] = [first, last]
    bare_page = {"name": "bare", "url": "/health/", "as": "councillor"}
    for name, counted in query_counts([bare_page, *page_list], subjects).items():
        (result["bare"] if name == "bare" else result["pages"][name])["queries"] = counted[
            "queries"
        ]
    result["invoice_pdfs"] = pdfs_per_second(args.pdfs)
    generated = Path(f"/tmp/{args.database_url.rsplit('/', 1)[-1]}/generated.json")
    if generated.exists():
        made = json.loads(generated.read_text())
        result["network"] = made["counts"]
        result["invoice_runs"] = made["invoice_runs"]
    misses = verdicts(result, result["bare"]["median_ms"])
    result["misses"] = misses
    RESULTS_DIR.mkdir(exist_ok=True)
    out = RESULTS_DIR / f"{result['date']}-{args.label}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(table(result))
    print(f"Peak memory (MB): {result['memory_mb']}")
    print(f"Invoice PDFs: {result['invoice_pdfs']}")
    print(f"Results: {out.relative_to(PROJECT_DIR)}")
    for miss in misses:
        print(f"MISSED {miss}")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
