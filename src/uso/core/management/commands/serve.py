"""`make run`: the development server with the scheduler beside it."""

import atexit
import os
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve on 127.0.0.1 with the periodic-job scheduler running beside the server."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")

    def handle(self, *args, port="8000", **options):
        # The autoreloader runs this command again in a child process (RUN_MAIN is set
        # there): start the scheduler only once, in the parent.
        if not os.environ.get("RUN_MAIN"):
            scheduler = subprocess.Popen(
                [sys.executable, "-m", "uso", "scheduler", "--parent", str(os.getpid())]
            )
            atexit.register(scheduler.terminate)
        call_command("runserver", f"127.0.0.1:{port}")
