"""Typed settings read from ``WHOSWATCHING_*`` environment variables, usable without Django.

Django's settings (``whoswatching.web.settings``) import from here; the analytical domains read
this module directly. Every variable is listed in ``.env.example`` and ``docs/configuration.md``.
"""

from __future__ import annotations

import os
from pathlib import Path


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    return float(raw) if raw not in (None, "") else default


#: Folder for the SQLite database, outbox files, stored messages and reports.
DATA_DIR = Path(_env("WHOSWATCHING_DATA_DIR", str(Path.cwd() / "var"))).resolve()

#: Database URL (dj-database-url syntax). Empty means SQLite at DATA_DIR/whoswatching.sqlite3.
DATABASE_URL = _env("DATABASE_URL")

#: Outgoing mail. Empty SMTP host = the embedded default: write .eml files to DATA_DIR/outbox-files.
SMTP_HOST = _env("WHOSWATCHING_SMTP_HOST")
SMTP_PORT = _env_int("WHOSWATCHING_SMTP_PORT", 25)
SMTP_USER = _env("WHOSWATCHING_SMTP_USER")
SMTP_PASSWORD = _env("WHOSWATCHING_SMTP_PASSWORD")
SMTP_STARTTLS = _env("WHOSWATCHING_SMTP_STARTTLS", "0") == "1"
#: From address and the domain used for per-request reply addresses (plus-addressing).
MAIL_FROM = _env("WHOSWATCHING_MAIL_FROM", "foi@whoswatching.invalid")
REPLY_DOMAIN = _env("WHOSWATCHING_REPLY_DOMAIN", "whoswatching.invalid")
#: Throttling: messages per minute overall and per recipient domain (0 = unlimited).
SEND_PER_MINUTE = _env_int("WHOSWATCHING_SEND_PER_MINUTE", 60)
SEND_PER_DOMAIN_PER_MINUTE = _env_int("WHOSWATCHING_SEND_PER_DOMAIN_PER_MINUTE", 6)
#: Outbox retries (whoswatching.outbox.backoff): first delay and cap in seconds, and how many 4xx replies
#: a message may get before it is failed. A claim older than SEND_CLAIM_STALE_SECONDS is recovered.
SEND_RETRY_BASE_SECONDS = _env_int("WHOSWATCHING_SEND_RETRY_BASE_SECONDS", 60)
SEND_RETRY_MAX_SECONDS = _env_int("WHOSWATCHING_SEND_RETRY_MAX_SECONDS", 6 * 3600)
SEND_MAX_ATTEMPTS = _env_int("WHOSWATCHING_SEND_MAX_ATTEMPTS", 12)
SEND_CLAIM_STALE_SECONDS = _env_int("WHOSWATCHING_SEND_CLAIM_STALE_SECONDS", 900)

#: Incoming mail (IMAP).
IMAP_HOST = _env("WHOSWATCHING_IMAP_HOST")
IMAP_PORT = _env_int("WHOSWATCHING_IMAP_PORT", 993)
IMAP_USER = _env("WHOSWATCHING_IMAP_USER")
IMAP_PASSWORD = _env("WHOSWATCHING_IMAP_PASSWORD")
IMAP_SSL = _env("WHOSWATCHING_IMAP_SSL", "1") == "1"
#: Shared secret for the inbound-mail webhook (HMAC-SHA256 of the body).
WEBHOOK_SECRET = _env("WHOSWATCHING_WEBHOOK_SECRET")

#: Attachment limits (bytes / pages / files) beyond which an attachment is quarantined.
MAX_ATTACHMENT_BYTES = _env_int("WHOSWATCHING_MAX_ATTACHMENT_BYTES", 25 * 1024 * 1024)
MAX_PDF_PAGES = _env_int("WHOSWATCHING_MAX_PDF_PAGES", 500)
MAX_ZIP_MEMBERS = _env_int("WHOSWATCHING_MAX_ZIP_MEMBERS", 200)
MAX_ZIP_TOTAL_BYTES = _env_int("WHOSWATCHING_MAX_ZIP_TOTAL_BYTES", 100 * 1024 * 1024)
MAX_IMAGE_PIXELS = _env_int("WHOSWATCHING_MAX_IMAGE_PIXELS", 40_000_000)

#: Shodan API key for ``whoswatching exposure fetch`` (optional).
SHODAN_API_KEY = _env("SHODAN_API_KEY")

#: Django secret key; a fixed development key is used when empty and DEBUG is on.
SECRET_KEY = _env("WHOSWATCHING_SECRET_KEY")
DEBUG = _env("WHOSWATCHING_DEBUG", "1") == "1"
ALLOWED_HOSTS = [h for h in _env("WHOSWATCHING_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
