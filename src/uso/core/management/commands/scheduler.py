"""A small stand-in for Celery beat in the embedded set-up: the same schedule, in-process.

Production runs `celery -A uso beat`; `make run` starts this beside the development server,
so periodic jobs (reminders, erasure, digests) run there too.
"""

import logging
import os
import time
from datetime import timedelta

from celery.schedules import schedule as every
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from uso.celery import app

logger = logging.getLogger("uso.scheduler")


def due_entries(entries: dict, last_runs: dict, now) -> list[str]:
    """Names of the schedule entries that are due at `now`; updates nothing."""
    due = []
    for name, entry in entries.items():
        plan = entry["schedule"]
        if isinstance(plan, int | float):
            plan = every(timedelta(seconds=plan))
        is_due, _next = plan.is_due(last_runs.get(name, now))
        if is_due:
            due.append(name)
    return due


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


class Command(BaseCommand):
    help = "Run the periodic jobs of CELERY_BEAT_SCHEDULE in-process (embedded set-up)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once and stop.")
        parser.add_argument("--tick", type=float, default=30.0, help="Seconds between checks.")
        parser.add_argument("--parent", type=int, help="Stop when this process has ended.")

    def handle(self, *args, once=False, tick=30.0, parent=None, **options):
        app.loader.import_default_modules()
        entries = settings.CELERY_BEAT_SCHEDULE
        if once:
            for name in entries:
                self._run(name, entries[name])
            return
        self.stdout.write(f"Scheduler running {len(entries)} periodic jobs (Ctrl-C stops).")
        last_runs = {name: timezone.now() for name in entries}
        while parent is None or _is_running(parent):
            now = timezone.now()
            for name in due_entries(entries, last_runs, now):
                last_runs[name] = now
                self._run(name, entries[name])
            time.sleep(min(tick, 5.0) if parent else tick)

    def _run(self, name: str, entry: dict) -> None:
        try:
            result = app.tasks[entry["task"]].delay(*entry.get("args", ()))
            logger.info("Ran %s: %s", name, result.result if result.ready() else "queued")
        except Exception:  # one failing job must not stop the others
            logger.exception("Periodic job %s failed", name)
