"""Django settings for Jalon, read from the environment.

Every setting a deployment changes comes from an environment variable; the defaults are safe for
the single-user demo (SQLite file in the data directory, loopback hosts only).

=====================  ==================================================================
variable               meaning
=====================  ==================================================================
JALON_DATA_DIR         where the SQLite file, the secret key and uploads live
                       (default ``~/.local/share/jalon``)
JALON_SECRET_KEY       Django's secret key (default: generated once into the data dir)
JALON_DEBUG            ``1`` for development tracebacks (default ``0``)
JALON_ALLOWED_HOSTS    comma-separated host names (default loopback names)
JALON_CSRF_TRUSTED_ORIGINS  comma-separated origins, e.g. ``https://pmo.example.org``
JALON_HTTPS            ``1`` behind an HTTPS reverse proxy: secure cookies, HSTS, redirect
DATABASE_URL           e.g. ``postgres://user:pass@host:5432/jalon`` (default SQLite)
JALON_SESSION_HOURS    a signed-in session lasts so many hours (default 12)
JALON_LOGIN_FAILURES   failed sign-ins in a row before a lockout (default 5)
JALON_LOCKOUT_MINUTES  how long a lockout lasts (default 15)
JALON_TOKEN_DAYS       a new personal API token's lifetime in days (default 90; 0: none)
JALON_API_RATE         API calls one user may make (default ``10000/m``; ``/s``, ``/h``, ``/d``)
JALON_UPLOAD_RATE      API calls sending a file (imports) one user may make (default ``60/m``)
JALON_EMAIL_HOST       SMTP server for e-mail (default none: e-mails printed on the console);
                       with ``JALON_EMAIL_PORT`` (587), ``_USER``, ``_PASSWORD``, ``_TLS`` (1),
                       ``_FROM`` (the sender)
JALON_DOCUMENT_MAX_MB  the largest file a document library accepts, in MB (default 20)
JALON_STORAGE          where uploaded and generated files go: ``files`` (default: the data
                       directory's ``files/``) or ``s3`` (S3-compatible object storage, with
                       ``pip install 'jalon[s3]'``), configured by ``JALON_S3_BUCKET``,
                       ``JALON_S3_ENDPOINT_URL`` (MinIO, Ceph, OVH, Scaleway...; none for AWS),
                       ``JALON_S3_REGION``, ``JALON_S3_ACCESS_KEY``, ``JALON_S3_SECRET_KEY``
                       (else boto3's own: ``AWS_*`` variables, instance role) and
                       ``JALON_S3_PREFIX`` (a folder in the bucket)
JALON_SIMULATION_CHUNK a Monte Carlo simulation of more iterations is split into chunks of
                       at most so many, shared by the workers (default 20000; 0: never)
JALON_TRASH_DAYS       days a deleted portfolio, programme or project stays in the trash
                       before it is deleted for good (default 30)
JALON_BASE_URL         the address users open Jalon at, for links in e-mails
                       (default ``http://localhost:8000``)
=====================  ==================================================================
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(
    os.environ.get("JALON_DATA_DIR")
    or Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "jalon"
).expanduser()


def _secret_key() -> str:
    """The key from the environment, else one generated once and kept in the data directory."""
    if key := os.environ.get("JALON_SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = _env_bool("JALON_DEBUG")
ALLOWED_HOSTS = _env_list("JALON_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = _env_list("JALON_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "simple_history",  # the audit trail of the business objects (jalon.audit)
    "ninja",  # serves the API docs page's Swagger UI from its own static files, not a CDN
    "jalon.accounts",
    "jalon.calendars",
    "jalon.portfolios",
    "jalon.planning",
    "jalon.resources",
    "jalon.finance",
    "jalon.risks",
    "jalon.timesheets",
    "jalon.notifications",
    "jalon.interchange",
    "jalon.intake",
    "jalon.governance",
    "jalon.changes",
    "jalon.raid",
    "jalon.documents",
    "jalon.lessons",
    "jalon.statusreports",
    "jalon.reporting",
    "jalon.cockpit",
    "jalon.feeds",
    "jalon.audit",
    "jalon.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jalon.web.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # the audit trail names the request's user, read when a change is saved (after the API's
    # token authentication, which sets request.user on the same request)
    "simple_history.middleware.HistoryRequestMiddleware",
    "jalon.web.htmx_redirect.HtmxLoginRedirectMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jalon.api.middleware.JsonProblemsMiddleware",
    "jalon.api.middleware.RequestCheckMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last: it answers a locked-out sign-in
]

ROOT_URLCONF = "jalon.urls"
WSGI_APPLICATION = "jalon.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'jalon.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web workers and the task worker) share the file: wait, don't fail.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it counts failed sign-ins and refuses any while a lockout lasts.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend",
                           "jalon.accounts.backends.JalonBackend"]
# A user name from one address is locked out after so many failures in a row, for so long; a
# success resets the count. By the pair, so that nobody can lock a colleague out from elsewhere.
AXES_FAILURE_LIMIT = int(os.environ.get("JALON_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("JALON_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Personal API tokens expire after so many days unless made otherwise (0: never).
JALON_TOKEN_DAYS = int(os.environ.get("JALON_TOKEN_DAYS", "90"))
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates day first, as in Britain (jalon/formats/en); French keeps Django's formats.
FORMAT_MODULE_PATH = ["jalon.formats"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it, even when empty
STATICFILES_DIRS = [BASE_DIR / "static"]  # Jalon's CSS/JS and the npm-built vendor files


def storages_from(environ: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """Django's ``STORAGES`` from the environment (``JALON_STORAGE``, ``JALON_S3_*``).

    Every uploaded or generated file (documents, report packs) goes through the default
    storage, so web nodes keep nothing of their own. Object storage is django-storages' S3
    backend, named here and imported by Django only when a file is first stored or read."""
    kind = environ.get("JALON_STORAGE", "files").strip().lower() or "files"
    static = {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}
    if kind == "files":
        return {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": static}
    if kind != "s3":
        raise ImproperlyConfigured(f"JALON_STORAGE is {kind!r}: it must be 'files' or 's3'.")
    if not environ.get("JALON_S3_BUCKET"):
        raise ImproperlyConfigured("JALON_STORAGE=s3 needs the bucket's name in JALON_S3_BUCKET.")
    names = {"bucket_name": "JALON_S3_BUCKET", "endpoint_url": "JALON_S3_ENDPOINT_URL",
             "region_name": "JALON_S3_REGION", "access_key": "JALON_S3_ACCESS_KEY",
             "secret_key": "JALON_S3_SECRET_KEY", "location": "JALON_S3_PREFIX"}
    options: dict[str, Any] = {option: environ[name] for option, name in names.items()
                               if environ.get(name)}
    # Two uploads of "plan.pdf" are two files, as on disk; files are read through Jalon's
    # permission-checked downloads, never by a public link.
    options.update(file_overwrite=False, default_acl="private", querystring_auth=True)
    return {"default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
            "staticfiles": static}


STORAGES = storages_from(os.environ)
if STORAGES["default"]["BACKEND"].startswith("storages.") and find_spec("storages") is None:
    raise ImproperlyConfigured("JALON_STORAGE=s3 needs django-storages: pip install 'jalon[s3]'.")
# Serve straight from the package's static folders, so no collectstatic step is needed.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "files"
# The largest file a document library accepts, in megabytes.
JALON_DOCUMENT_MAX_MB = float(os.environ.get("JALON_DOCUMENT_MAX_MB", "20"))
JALON_TRASH_DAYS = int(os.environ.get("JALON_TRASH_DAYS", "30"))

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A Monte Carlo simulation of more iterations than this is split into chunks of at most so
# many, which several workers run side by side (0: never split).
JALON_SIMULATION_CHUNK = int(os.environ.get("JALON_SIMULATION_CHUNK", "20000"))
# KPI snapshots at each new status date, checked every so many hours by the worker (0: off).
JALON_SNAPSHOT_HOURS = float(os.environ.get("JALON_SNAPSHOT_HOURS", "24"))
# Report packs sent to their subscribers, checked every so many hours by the worker (0: off).
JALON_SUBSCRIPTION_HOURS = float(os.environ.get("JALON_SUBSCRIPTION_HOURS", "6"))

# E-mail: printed on the console unless an SMTP server is given (JALON_EMAIL_HOST).
EMAIL_HOST = os.environ.get("JALON_EMAIL_HOST", "")
EMAIL_BACKEND = ("django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
                 else "django.core.mail.backends.console.EmailBackend")
EMAIL_PORT = int(os.environ.get("JALON_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("JALON_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("JALON_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("JALON_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("JALON_EMAIL_FROM", "jalon@localhost")
# Where users open Jalon: e-mails link there (they are sent by the worker, outside any request).
JALON_BASE_URL = os.environ.get("JALON_BASE_URL", "http://localhost:8000").rstrip("/")

SESSION_COOKIE_HTTPONLY = True
# A session ends after so many hours, or when the browser closes.
SESSION_COOKIE_AGE = int(float(os.environ.get("JALON_SESSION_HOURS", "12")) * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag; see base.html
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts, styles, images, fonts and requests from Jalon
# itself only, never inline scripts, no framing. Inline styles stay allowed: the tables indent
# the WBS with a CSS variable in a style attribute, and htmx and Swagger UI (the API docs) add
# style elements of their own; a style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

if _env_bool("JALON_HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^health/"]  # load balancers probe the nodes over plain HTTP
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("JALON_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals": {"()": "jalon.web.logging.RefusalsOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["refusals"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("JALON_LOG_LEVEL", "WARNING")},
}
NINJA_PAGINATION_MAX_LIMIT = 1000
# ninja's throttling per user (jalon.api.throttling): far above what a person or the demo needs,
# low enough to stop a runaway script; uploads each parse a file, hence their own rate.
JALON_API_RATE = os.environ.get("JALON_API_RATE", "10000/m")
JALON_UPLOAD_RATE = os.environ.get("JALON_UPLOAD_RATE", "60/m")
