"""Settings, and an e-mail backend, for the Celery workers that test_digest_worker_fault starts
and kills: the test settings, but tasks go through Redis (REDIS_URL) as in production and every
e-mail is kept as a file that outlives the worker."""

import itertools
import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

from uso.test_settings import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
EMAIL_BACKEND = "tests.digest_worker.FileEachBackend"
EMAIL_FILE_PATH = os.environ.get("DIGEST_MAIL_DIR", "")
if os.environ.get("DIGEST_VISIBILITY_TIMEOUT"):
    # As if the visibility timeout had passed since the killed worker took its tasks.
    CELERY_BROKER_TRANSPORT_OPTIONS = {  # noqa: F405
        **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
        "visibility_timeout": int(os.environ["DIGEST_VISIBILITY_TIMEOUT"]),
    }

_numbers = itertools.count(1)


class FileEachBackend(BaseEmailBackend):
    """Each message into a file of its own in EMAIL_FILE_PATH, written whole and then renamed
    (the moment a mail server would accept it). With DIGEST_STALL_AT=n the process's n-th
    message is never accepted: the backend leaves a file `stalled` and waits to be killed,
    like a mail server that stops answering in the middle of a run."""

    def send_messages(self, email_messages):
        folder = Path(settings.EMAIL_FILE_PATH)
        stall_at = int(os.environ.get("DIGEST_STALL_AT") or 0)
        for message in email_messages:
            number = next(_numbers)
            if number == stall_at:
                (folder / "stalled").touch()
                time.sleep(600)
            name = f"{os.getpid()}-{number}-{uuid.uuid4().hex}"
            partial = folder / f".{name}.part"
            partial.write_bytes(message.message().as_bytes())
            partial.rename(folder / f"{name}.eml")
        return len(email_messages)
