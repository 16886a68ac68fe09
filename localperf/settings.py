"""One settings module, read from the environment.

SQLite is the embedded default; set DATABASE_URL for PostgreSQL. Set
LOCALPERF_PROFILE=production for the hardened profile that passes
``manage.py check --deploy``.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


def env_bool(name: str, default: bool) -> bool:
    """A yes/no variable; a word outside the two lists is refused, so that a typo such as
    "ture" cannot quietly turn a safeguard off (tests/web/test_settings.py)."""
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name} is {value!r}: use one of {', '.join(TRUE_WORDS)} or {', '.join(FALSE_WORDS)}."
    )


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    """A whole-number variable, refused with its name when it is not one (or too small)."""
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = int(value.strip())
    except ValueError:
        number = None
    if number is None or number < minimum:
        raise ImproperlyConfigured(f"{name} is {value!r}: use a whole number from {minimum} up.")
    return number


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PROFILE = os.environ.get("LOCALPERF_PROFILE", "development")
PRODUCTION = PROFILE == "production"

DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)
# A fixed development key would be a hole in production, so production refuses to start without one.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or (
    "" if PRODUCTION else "development-only-key-not-for-production-use-0123456789abcdef"
)
if PRODUCTION and len(SECRET_KEY) < 50:
    raise RuntimeError(
        "DJANGO_SECRET_KEY must be set (50+ characters) when LOCALPERF_PROFILE=production"
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "crispy_forms",
    "crispy_forms_gds",
    "django_htmx",
    "axes",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "localperf.accounts",
    "localperf.organisations",
    "localperf.places",
    "localperf.indicators",
    "localperf.reference",
    "localperf.observations",
    "localperf.agreements",
    "localperf.monitoring",
    "localperf.reviews",
    "localperf.reports",
    "localperf.reward",
    "localperf.national",
    "localperf.demo",
    "localperf.home",
    "localperf.public",
    "localperf.operations",
]

MIDDLEWARE = [
    # Outermost: one log line per request with its id, user, outcome and time.
    "localperf.operations.request_log.request_log",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before any view: a NUL byte or an unreadable body is refused with 400 and a message.
    "localperf.web.middleware.refuse_malformed_requests",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that a locked-out login never reaches the view.
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # Static files come from collectstatic's output, served by WhiteNoise.
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "localperf.urls"
WSGI_APPLICATION = "localperf.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "localperf" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The standing revocation of designations, read only by a page that asks.
                "localperf.reward.context.designations",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'localperf.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dashboard read while an import writes; IMMEDIATE avoids upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling: five failures lock the username from that address for an hour.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind a reverse proxy every request comes from the proxy's address, so the lockout would
# be keyed on it and anyone could lock any username out. Set this to the number of proxies
# in front of the server that append to X-Forwarded-For; the address the outermost one
# reports is then the client's (``localperf/web/client_address.py``). 0: REMOTE_ADDR.
LOCALPERF_TRUSTED_PROXY_COUNT = env_int("LOCALPERF_TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "localperf.web.client_address.client_address"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "build" / "collected-static"
# govuk-frontend and htmx are built here from npm by `make frontend`; nothing is vendored.
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Production runs background work in task workers (``manage.py worker``), so that an
# import or a recompute never holds a web request; development runs it in the request.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "LOCALPERF_TASK_BACKEND",
            "django_tasks_db.DatabaseBackend"
            if PRODUCTION
            else "django_tasks.backends.immediate.ImmediateBackend",
        )
    }
}
# A worker not seen this long is taken for dead: /readyz says so, and the next worker to
# start settles its running tasks (localperf/operations/recovery.py).
LOCALPERF_WORKER_HEARTBEAT_LIMIT = env_int("LOCALPERF_WORKER_HEARTBEAT_LIMIT", 60, minimum=2)
# Tasks a worker killed in the middle may simply run again (they rewrite what they own in
# one transaction); any other is marked failed.
LOCALPERF_TASKS_RERUN_WHEN_ABANDONED = [
    "localperf.monitoring.tasks.assessments_refresh_task",
    # Prints a report's PDF again from the start, writing only its own file's row.
    "localperf.reports.tasks.report_file_task",
]
# A report's PDF is printed during the request up to this many targets (about 60 ms a
# target), by the task worker beyond, its page showing the progress (reports/files.py).
LOCALPERF_REPORT_PDF_INLINE_TARGETS = env_int("LOCALPERF_REPORT_PDF_INLINE_TARGETS", 20, minimum=0)

# Called once after a transaction that changed data commits, with the ids changed
# (``localperf/after_commit.py``): keeps every target's status current (issue 4).
LOCALPERF_AFTER_COMMIT = {
    "observations_changed": ["localperf.monitoring.tasks.assessments_refresh"],
    "target_versions_changed": ["localperf.monitoring.tasks.assessments_refresh"],
}
# The day monitoring judges "not yet due" and "overdue" on; blank: today. Set it (e.g.
# 2009-11-30) to see the demonstration data as it stood during the agreements.
LOCALPERF_AS_AT = os.environ.get("LOCALPERF_AS_AT", "")

# Reward (rules P1, L7). The spring 2009 reward lockdown: reward targets are judged
# against their version in force on this day (except the exempted suite). Whether the
# statutory education targets are in a reward element by default.
LOCALPERF_REWARD_LOCKDOWN = os.environ.get("LOCALPERF_REWARD_LOCKDOWN", "2009-03-31")
LOCALPERF_REWARD_STATUTORY = False
# After designations are revoked, no new agreement may start for this many days.
LOCALPERF_NO_NEW_LAA_DAYS = 900
# Asked by agreements.services.agreement_create (each answers why not, or ""): the
# layers keep agreements from naming the apps above it.
LOCALPERF_AGREEMENT_START_CHECKS = ["localperf.reward.services.agreement_start_problem"]
# Asked by agreements.services.revision_add_change for every change, whichever page or API
# it comes from (each answers why the change may not go into the revision, or ""): the
# 2009/10 refresh's eligibility (rule L6) for the refresh's own revision.
LOCALPERF_REVISION_CHANGE_CHECKS = ["localperf.reviews.refreshes.revision_change_problem"]
# Asked by agreements.services before a revision is proposed or approved (each answers why
# not, or ""): the refresh's own revision moves only with the refresh's steps (rule L6).
LOCALPERF_REVISION_STEP_CHECKS = ["localperf.reviews.refreshes.revision_step_problem"]

# What an import file may be (localperf/observations/importing/limits.py; the README's
# "Import limits"): a file past one is refused whole, with a message naming the limit.
LOCALPERF_IMPORT_MAX_BYTES = int(os.environ.get("LOCALPERF_IMPORT_MAX_BYTES", 100 * 2**20))
LOCALPERF_IMPORT_MAX_ROWS = int(os.environ.get("LOCALPERF_IMPORT_MAX_ROWS", 2_000_000))
LOCALPERF_IMPORT_MAX_LINE_BYTES = int(os.environ.get("LOCALPERF_IMPORT_MAX_LINE_BYTES", 32_768))
LOCALPERF_IMPORT_MAX_CELL_CHARACTERS = int(
    os.environ.get("LOCALPERF_IMPORT_MAX_CELL_CHARACTERS", 32_767)  # Excel's own limit
)
LOCALPERF_IMPORT_MAX_UNPACKED_BYTES = int(
    os.environ.get("LOCALPERF_IMPORT_MAX_UNPACKED_BYTES", 512 * 2**20)
)
LOCALPERF_IMPORT_SUGGESTIONS = int(os.environ.get("LOCALPERF_IMPORT_SUGGESTIONS", 50))
# Django's own, agreeing with the import's: an uploaded file past 2.5 MB waits in a
# temporary file, not in memory, until the form has checked its size against the limit
# above; a body other than files (the API's JSON rows: at most 10,000, about 45 MB at
# their longest) may be no larger than an import file.
FILE_UPLOAD_MAX_MEMORY_SIZE = min(LOCALPERF_IMPORT_MAX_BYTES, 2_621_440)
DATA_UPLOAD_MAX_MEMORY_SIZE = min(LOCALPERF_IMPORT_MAX_BYTES, 50 * 2**20)
# A batch still "importing" this long after its last progress was cut off (its worker
# died): ``manage.py fail_stale_imports`` and a worker's start mark it failed.
LOCALPERF_IMPORT_STALE_MINUTES = int(os.environ.get("LOCALPERF_IMPORT_STALE_MINUTES", 60))

# Strict Content Security Policy: scripts and styles come only from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # A load balancer probes over plain HTTP, inside the network: health answers there.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Logs go to standard error, one JSON object a line in production (LOCALPERF_LOG_FORMAT=
# json|text): every record carries the request id; each request and each background task
# gets a line of its own (localperf/operations/request_log.py, task_log.py).
LOG_FORMAT = os.environ.get("LOCALPERF_LOG_FORMAT", "json" if PRODUCTION else "text")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOCALPERF_LOG_FORMAT is {LOG_FORMAT!r}: use json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "localperf.operations.request_log.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Requests and tasks are logged at INFO in production, whatever the root's level.
        "localperf.requests": {
            "level": os.environ.get(
                "LOCALPERF_REQUEST_LOG_LEVEL", "INFO" if PRODUCTION else "WARNING"
            )
        },
        "localperf.tasks": {
            "level": os.environ.get(
                "LOCALPERF_REQUEST_LOG_LEVEL", "INFO" if PRODUCTION else "WARNING"
            )
        },
    },
}

NINJA_PAGINATION_PER_PAGE = 50
