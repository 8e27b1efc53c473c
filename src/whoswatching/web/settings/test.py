"""Test settings: every side effect switched off explicitly (EveryElection's testing.py)."""

import os
import tempfile
from pathlib import Path

from whoswatching.web.settings.base import *  # noqa: F401,F403
from whoswatching.web.settings.base import TEMPLATES, database_config

DATA_DIR = Path(os.environ.get("WHOSWATCHING_TEST_DATA_DIR") or tempfile.mkdtemp(prefix="ww-test-"))
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = DATA_DIR / "media"
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "INVALID_TEMPLATE_VAR<%s>"

_url = os.environ.get("DATABASE_URL", "")
DATABASES = {"default": database_config(_url)}
if not _url:
    DATABASES["default"]["NAME"] = str(DATA_DIR / "test.sqlite3")
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-db.sqlite3")}
