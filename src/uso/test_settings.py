"""Test settings: only what the tests need differently."""

import os
import tempfile

os.environ.setdefault("TESTING", "1")

from .settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"token": "1000/minute"}}  # noqa: F405
SITE_URL = "http://testserver"

# Files the tests upload go to a throw-away folder, not into var/.
_TEST_FILES = tempfile.mkdtemp(prefix="uso-test-files-")
MEDIA_ROOT = os.path.join(_TEST_FILES, "media")
PRIVATE_MEDIA_ROOT = os.path.join(_TEST_FILES, "private")
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
}
