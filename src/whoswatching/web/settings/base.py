"""Django settings: read from ``whoswatching.config`` (environment), then Django's own knobs."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from whoswatching import config

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = config.DATA_DIR

DEBUG = config.DEBUG
if not config.SECRET_KEY and not DEBUG:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "WHOSWATCHING_SECRET_KEY is empty with WHOSWATCHING_DEBUG=0: set a long random secret "
        "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(50))'`)"
    )
SECRET_KEY = config.SECRET_KEY or "dev-only-not-secret-whoswatching"
ALLOWED_HOSTS = config.ALLOWED_HOSTS

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "whoswatching.web",
    "whoswatching.registry",
    "whoswatching.outbox",
    "whoswatching.campaigns",
    "whoswatching.intake",
    "whoswatching.coding",
    "whoswatching.publishing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "whoswatching.web.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "whoswatching.web.wsgi.application"


def database_config(url: str) -> dict:
    """SQLite in DATA_DIR by default; any dj-database-url URL (PostgreSQL) when DATABASE_URL is set."""
    if url:
        return dj_database_url.parse(url, conn_max_age=60)
    DATA_DIR.mkdir(parents=True, exist_ok=True)  # a fresh checkout has no ./var yet
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DATA_DIR / "whoswatching.sqlite3"),
        "OPTIONS": {
            # WAL + a busy timeout let the web server, the sender and importers share the file.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
        },
    }


DATABASES = {"default": database_config(config.DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/staff/"

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
