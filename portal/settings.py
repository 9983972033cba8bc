"""The one settings module. Everything that differs between machines is read from the
environment; every variable is listed with its default in README.md.

The defaults make up the *embedded* portal: SQLite, local files and kombu's filesystem
broker under ``var/``, so that a fresh machine runs web, worker and beat with no server.
Production sets DATABASE_URL, CELERY_BROKER_URL and the AWS_* storage variables.
"""

from pathlib import Path

import environ
from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _default_secret_key() -> str:
    """A per-machine key kept under var/, so sessions survive restarts of the embedded portal."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="") or _default_secret_key()
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Production behind TLS: redirect plain HTTP and send HSTS. Off in the embedded default,
# which answers plain HTTP on localhost. The container health check probes /healthz over HTTP.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Idle timeout: a session ends SESSION_IDLE_MINUTES after its last request (each request
# renews it), not two weeks after sign-in. The store writes the renewal at most once a
# minute and reads through the cache (portal.sessions), not the database on every page.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ENGINE = "portal.sessions"
# Content-Security-Policy (django-csp): scripts, styles and everything else from this origin
# only; no inline script or style anywhere (templates load static files).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_celery_beat",
    "django_htmx",
    "django_filters",
    "axes",
    "portal",
    "attachments",
    "units",
    "applicants",
    "permits",
    "changes",
    "reviews",
    "rules",
    "zone",
    "documents",
    "figures",
    "notices",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.private_pages",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
                "notices.context_processors.unread_notices",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share one SQLite file: WAL lets readers run beside the writer,
    # IMMEDIATE takes the write lock at BEGIN so two writers queue instead of deadlocking.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # A file, not memory: the browser tests' server thread and the worker subprocesses
    # of the Celery tests must see the same test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------
# Shared by the web processes, the worker and beat: files under var/ in the embedded
# default, Redis in production (CACHE_URL=redis://…). It holds the reference tables the
# pages read (rules.tables); nothing in it is the only copy of anything.
CACHES = {"default": env.cache("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}")}
CACHES["default"].setdefault("OPTIONS", {})
if CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
    CACHES["default"]["OPTIONS"].setdefault("MAX_ENTRIES", 10000)

# --- Users and sign-in ------------------------------------------------------------------
AUTH_USER_MODEL = "portal.User"
# Password sign-in today. 京通 / 法人一证通 plug in here as further backends (OIDC).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 3600  # a reset link works for one hour
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_RESET_ON_SUCCESS = True
# Failures count per account: a wrong password for one account never locks another. One
# client trying many accounts meets the separate, higher per-address limit (portal.signin).
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=50)
AXES_HANDLER = "portal.signin.AccountLockoutHandler"
AXES_LOCKOUT_CALLABLE = "portal.signin.lockout_response"
# The client's address: REMOTE_ADDR, or behind TRUSTED_PROXIES proxies the entry of
# X-Forwarded-For that the outermost trusted proxy wrote (portal.signin.client_address).
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=0)
AXES_CLIENT_IP_CALLABLE = "portal.signin.client_address"
AXES_USERNAME_CALLABLE = "portal.signin.attempted_username"
# W006 asks for "ip_address" among the lockout parameters: exactly what let one client lock
# every account out. The per-address limit is portal.signin.AccountLockoutHandler's.
# W021 (HSTS preload) is a decision for the owner of the whole domain, not for this portal.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "security.W021"]

# --- Language and time ------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- Files ------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns at start-up until collectstatic has run
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# No MEDIA_URL is served: uploaded files go out only through views that check access.

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT)},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# --- E-mail -----------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@localhost")
# The portal's address as users reach it: links in notices' e-mails start with it.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# --- Celery -----------------------------------------------------------------------------
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    for _sub in ("queue", "processed", "control"):
        (BROKER_DIR / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=3.0)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
HEARTBEAT_INTERVAL = env.int("HEARTBEAT_INTERVAL", default=30)
# Deadline scans (docs/notices.md): every interval, each registered scan runs once.
NOTICES_SCAN_INTERVAL = env.int("NOTICES_SCAN_INTERVAL", default=3600)
NOTICES_SCAN_BATCH_SIZE = env.int("NOTICES_SCAN_BATCH_SIZE", default=500)
NOTICES_SCAN_PAUSE = env.float("NOTICES_SCAN_PAUSE", default=0.0)
NOTICES_DELIVERY_LEASE = env.int("NOTICES_DELIVERY_LEASE", default=300)
LAPSE_SCAN_INTERVAL = env.int("LAPSE_SCAN_INTERVAL", default=3600)
CELERY_BEAT_SCHEDULE = {
    "portal-heartbeat": {
        "task": "portal.tasks.record_heartbeat",
        "schedule": float(HEARTBEAT_INTERVAL),
    },
    "notices-scan-all": {
        "task": "notices.tasks.scan_all",
        "schedule": float(NOTICES_SCAN_INTERVAL),
    },
    "notices-deliver-pending": {
        "task": "notices.tasks.deliver_pending",
        "schedule": float(NOTICES_DELIVERY_LEASE),
    },
    # Rule T3: the lapse scan over the permits' expiry column; idempotent, so an hourly run
    # lapses a permit within the first hour after its last valid day.
    "permits-lapse": {
        "task": "permits.tasks.lapse_expired_permits",
        "schedule": float(LAPSE_SCAN_INTERVAL),
    },
}
DJANGO_CELERY_BEAT_TZ_AWARE = True

# --- Logging ----------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs each step of every PDF at INFO; its warnings and errors still show.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
