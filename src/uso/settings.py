"""Settings for the USO platform: one module, read from a typed environment schema.

Every setting a deployment may change comes from an environment variable listed in the
README. Without any of them the project runs as the embedded default: SQLite under `var/`,
local-memory cache, Celery tasks in-process, e-mail printed on the console.
"""

from datetime import timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    SECRET_KEY=(str, ""),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    DATABASE_URL=(str, f"sqlite:///{PROJECT_DIR / 'var' / 'uso.sqlite3'}"),
    REDIS_URL=(str, ""),
    DATABASE_PREPARED_STATEMENTS=(bool, True),
    EMAIL_URL=(str, "consolemail://"),
    DEFAULT_FROM_EMAIL=(str, "USO-verkosto <uso@localhost>"),
    MEDIA_ROOT=(str, str(PROJECT_DIR / "var" / "media")),
    PRIVATE_MEDIA_ROOT=(str, str(PROJECT_DIR / "var" / "private")),
    STATIC_ROOT=(str, str(PROJECT_DIR / "var" / "static")),
    SECURE_SSL_REDIRECT=(bool, True),
    SECURE_HSTS_SECONDS=(int, 31536000),
    SITE_URL=(str, "http://127.0.0.1:8000"),
    LOGIN_FAILURE_LIMIT=(int, 5),
    LOGIN_COOLOFF_MINUTES=(int, 15),
    PROXY_COUNT=(int, 0),
    TESTING=(bool, False),
)
environ.Env.read_env(PROJECT_DIR / ".env")

DEBUG = env("DEBUG")
TESTING = env("TESTING")
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (see README, 'Settings')."
        )
    SECRET_KEY = "insecure-development-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL").rstrip("/")

INSTALLED_APPS = [
    "modeltranslation",  # must precede django.contrib.admin
    "uso.core.apps.USOAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "uso.core",
    "uso.accounts",
    "uso.network",
    "uso.billing",
    "uso.events",
    "uso.development",
    "uso.library",
    "uso.community",
    "uso.assessment",
    "uso.dashboard",
    "uso.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above everything that may query the database (sessions, the user): a 503, not a 500.
    "uso.core.middleware.DatabaseUnavailableMiddleware",
    "uso.core.request_memo.RequestMemoMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "uso.core.middleware.FinnishFirstLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "uso.accounts.middleware.CoordinatorMFAMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "uso.urls"
WSGI_APPLICATION = "uso.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "uso.core.context_processors.site",
            ],
        },
    },
]
FORM_RENDERER = "uso.core.form_renderer.FormRenderer"  # selects without a template per option

DATABASES = {"default": env.db_url("DATABASE_URL")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the scheduler and the server write without "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A database that does not answer fails the request in seconds (a 503), not at the
    # worker timeout; DATABASE_URL may set another: ...?connect_timeout=10.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    if env("DATABASE_PREPARED_STATEMENTS"):
        # Parameters sent apart from the SQL, so that a query run more than five times on a
        # connection is prepared once and not planned again: PostgreSQL spent about as long
        # planning our pages' few complex queries as running them (bench/README.md, "Prepared
        # statements").
        DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    # Sessions read from Redis, written through to the database: one query less a request.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out sign-in
    "rules.permissions.ObjectPermissionBackend",
    "uso.accounts.backends.PasswordBackend",
    "uso.accounts.backends.AccountBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "uso.accounts.validators.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:dashboard"

# django-allauth: accounts by e-mail, no usernames, no open sign-up (people are invited).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "uso.accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[USO] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "USO"

EMAIL_CONFIG = env.email_url("EMAIL_URL")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "fi"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fi", "sv", "en")
# The admin's language tabs need jQuery UI, which django-modeltranslation would load from
# Google's CDN: the Content-Security-Policy allows scripts from the platform only.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["uso.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT")
# Files that only some people may read (invoices, event materials) live outside MEDIA_ROOT,
# which the proxy serves to anyone; they are downloaded through permission-checking views.
PRIVATE_MEDIA_ROOT = env("PRIVATE_MEDIA_ROOT")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# S3-compatible object storage for the private files when a bucket is configured
# (django-storages). Files are still served only through the permission-checking views.
S3_BUCKET = env.str("S3_BUCKET", default="")
if S3_BUCKET:
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("S3_PREFIX", default="private"),
            "default_acl": "private",
            "file_overwrite": False,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Security: safe defaults; production (DEBUG off) adds HTTPS-only cookies and HSTS.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content-Security-Policy (django-csp): scripts, styles, images and fonts from our own origin
# only, no inline scripts, no framing. Inline style attributes stay allowed: the charts and
# progress bars set their widths with them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Sign-in rate limiting (django-axes): after LOGIN_FAILURE_LIMIT failures for one e-mail address
# from one IP address, that pair waits LOGIN_COOLOFF_MINUTES (the API's token endpoint too).
# allauth's own rate limits stay in force besides.
AXES_FAILURE_LIMIT = env("LOGIN_FAILURE_LIMIT")
AXES_COOLOFF_TIME = timedelta(minutes=env("LOGIN_COOLOFF_MINUTES"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"  # allauth and the token endpoint authenticate by e-mail
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "uso.accounts.lockout.locked_out"
if env("PROXY_COUNT"):
    # Behind reverse proxies the visitor's address is in X-Forwarded-For, set by the proxies.
    AXES_IPWARE_PROXY_COUNT = env("PROXY_COUNT")
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["uso.api.permissions.RulesPermission"],
    "DEFAULT_PAGINATION_CLASS": "uso.api.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "uso.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.ScopedRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": "20/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "USO API",
    "DESCRIPTION": "The USO network platform's REST API.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several fields are called "language": a person's (fi, sv, en) gets its own name.
    "ENUM_NAME_OVERRIDES": {"PersonLanguageEnum": "uso.accounts.models.Language"},
}

# Celery: Redis in production; without REDIS_URL every task runs in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# A task whose worker dies comes back: its message is acknowledged only after the task has run,
# and a pool process that dies hands its task back at once. So a task may run twice: the
# digests keep an outbox and the reminders a sent mark; a plain e-mail (core.tasks.send_email)
# killed while sending may go twice rather than never. A worker killed as a whole hands nothing
# back: Redis redelivers its tasks once the visibility timeout has passed. Two hours is longer
# than any task runs and than the longest retry wait (ten minutes), and brings a digest lost at
# 6.30 back the same morning; a worker that starts sends the digests left unsent at once
# (community.tasks). Periodic tasks are not affected by it (Celery's Redis caveats).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 60 * 60}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    "event-reminders": {"task": "uso.events.tasks.send_event_reminders", "schedule": 900.0},
    "event-feedback-requests": {
        "task": "uso.events.tasks.request_event_feedback",
        "schedule": 3600.0,
    },
    "erase-dietary-requirements": {
        "task": "uso.events.tasks.erase_dietary_requirements",
        "schedule": 86400.0,
    },
    "library-weekly-digest": {
        "task": "uso.library.tasks.send_weekly_digests",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
    },
    "community-daily-digest": {
        "task": "uso.community.tasks.send_daily_digests",
        "schedule": crontab(hour=6, minute=30),
    },
    "purge-expired-invitations": {
        "task": "uso.accounts.tasks.purge_expired_invitations",
        "schedule": 3600.0,
    },
}

INVITATION_VALID_DAYS = 14

# Documents uploaded to the library and to events.
MAX_DOCUMENT_UPLOAD_MB = env.int("MAX_DOCUMENT_UPLOAD_MB", default=50)

# The coordinator's overview marks a member behind schedule when it has held fewer than
# DEVELOPMENT_BEHIND_MIN_HELD workshops of the year by DEVELOPMENT_BEHIND_BY (month-day).
DEVELOPMENT_BEHIND_MIN_HELD = env.int("DEVELOPMENT_BEHIND_MIN_HELD", default=2)
DEVELOPMENT_BEHIND_BY = env.str("DEVELOPMENT_BEHIND_BY", default="10-01")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"uso": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# In development WhiteNoise serves straight from the apps' static folders.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
INVOICE_PAYMENT_TERM_DAYS = env.int("INVOICE_PAYMENT_TERM_DAYS", default=14)
# The penalty interest printed on invoices issued from now on: the Bank of Finland's reference
# rate + 8 points between businesses (Interest Act 4 a §); update it each January and July.
try:
    PENALTY_INTEREST_PERCENT = Decimal(env.str("PENALTY_INTEREST_PERCENT", default="11.5"))
except InvalidOperation as error:
    raise ImproperlyConfigured("PENALTY_INTEREST_PERCENT must be a number, e.g. 11.5.") from error
