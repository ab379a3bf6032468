"""Where a page's time goes: each of run.py's pages requested in-process, with its CPU time
per request and, with --profile, the functions that took it.

    .venv/bin/python bench/profile_pages.py                      # every page, ms a request
    .venv/bin/python bench/profile_pages.py --only events --profile --sort tottime

Uses the database network.py made and the production settings run.py serves with (DEBUG off,
Redis cache, cached template loader), so the numbers are what one gunicorn thread spends on a
request without waiting for others — the "1 client" column of run.py's table, less the HTTP
parsing and the client's own work.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402  (bench/run.py: the same pages, people and environment)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/uso_bench_10x"
    )
    parser.add_argument("--only", nargs="*", help="page names as in run.py (default: all)")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions")
    parser.add_argument(
        "--split", action="store_true", help="also the wall time in SQL and in templates"
    )
    parser.add_argument("--sort", default="cumulative", help="cProfile sort key")
    parser.add_argument("--lines", type=int, default=40)
    return parser.parse_args(argv)


def client_for(page: dict, subjects: dict):
    from django.test import Client

    client = Client(headers=run.PROXY_HEADERS)
    subject = subjects[page["as"]]
    if page.get("api"):
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {subject['token']}"
    else:
        client.cookies["sessionid"] = subject["cookie"]
    return client


def measure(client, url: str, count: int) -> list[float]:
    times = []
    for _ in range(count):
        started = time.process_time()
        response = client.get(url)
        times.append((time.process_time() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


class Split:
    """Wall milliseconds spent executing SQL (the round trips, not building the queries) and
    rendering response templates (less the SQL of querysets the templates evaluate), summed
    over the requests made inside it."""

    def __init__(self):
        self.sql = self.templates = 0.0

    def __enter__(self):
        from django.db import connection
        from django.template.response import SimpleTemplateResponse

        self._sql = connection.execute_wrapper(self._timed_sql)
        self._sql.__enter__()
        self._rendered_content = SimpleTemplateResponse.rendered_content
        split = self

        def rendered_content(response):
            started, sql_before = time.perf_counter(), split.sql
            try:
                return split._rendered_content.fget(response)
            finally:
                rendering = (time.perf_counter() - started) * 1000
                split.templates += rendering - (split.sql - sql_before)

        SimpleTemplateResponse.rendered_content = property(rendered_content)
        return self

    def __exit__(self, *exc):
        from django.template.response import SimpleTemplateResponse

        SimpleTemplateResponse.rendered_content = self._rendered_content
        self._sql.__exit__(*exc)

    def _timed_sql(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.sql += (time.perf_counter() - started) * 1000


def main(argv=None) -> int:
    args = parse_args(argv)
    static_root = Path("/tmp/benchwork/static")
    os.environ.update(run.environment(args.database_url, static_root))
    import django

    django.setup()
    if not (static_root / "staticfiles.json").exists():
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)

    subjects = run.sign_in()
    bare = {"name": "bare view", "url": "/health/", "as": "councillor"}
    for page in [bare, *run.pages()]:
        if args.only and page["name"] not in args.only:
            continue
        client = client_for(page, subjects)
        measure(client, page["url"], 3)  # caches and compiled templates warm
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
        times = measure(client, page["url"], args.requests)
        line = f"{page['name']:<22} median {statistics.median(times):6.1f} ms CPU a request"
        if args.split:
            with Split() as split:
                started = time.perf_counter()
                measure(client, page["url"], args.requests)
                wall = (time.perf_counter() - started) * 1000 / args.requests
            sql, templates = split.sql / args.requests, split.templates / args.requests
            line += f"; wall {wall:5.1f} = SQL {sql:5.1f} + templates {templates:5.1f} + rest"
        print(line)
        if args.profile:
            profiler.disable()
            stats = pstats.Stats(profiler).strip_dirs().sort_stats(args.sort)
            stats.print_stats(args.lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
