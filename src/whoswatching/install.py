"""What ``whoswatching setup`` does after migrating: load the bundled data, make a staff login."""

from __future__ import annotations

import secrets
from collections.abc import Iterator


def load_bundled_data() -> Iterator[str]:
    """Load the registers shipped in the package (idempotent); yield one report line per source."""
    from whoswatching.registry import services as registry_services

    for report in registry_services.registry_load_bundled(commit=True):
        yield report.summary_line()


def ensure_staff_login(username: str) -> tuple[str, str | None]:
    """Create a staff superuser with a random password if none exists; return (username, password|None)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if User.objects.filter(username=username).exists():
        return username, None
    password = secrets.token_urlsafe(12)
    User.objects.create_superuser(username=username, email="", password=password)
    return username, password
