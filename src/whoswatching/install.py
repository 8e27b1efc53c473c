"""What ``whoswatching setup`` does after migrating: load the bundled data, make a staff login."""

from __future__ import annotations

import secrets
from collections.abc import Iterator


class BundledDataError(RuntimeError):
    """The data shipped in the package failed its checks; the message says what to run."""


def load_bundled_data() -> Iterator[str]:
    """Load the registers shipped in the package (idempotent) and check the catalogue's data files;
    yield one report line per source."""
    from whoswatching.catalog.checks import run_checks
    from whoswatching.registry import services as registry_services

    for report in registry_services.registry_load_bundled(commit=True):
        yield report.summary_line()
    # The catalogue is read from its data files at run time (no database copy): setup checks them.
    catalogue = run_checks()
    if not catalogue.ok:
        raise BundledDataError(f"the catalogue data has {len(catalogue.problems)} problem(s): "
                               "run `whoswatching catalog check` to see them")
    counts = ", ".join(f"{n} {name.lower()}" for name, n in catalogue.counts.items())
    yield f"catalogue: checked ({counts})"


def ensure_staff_login(username: str) -> tuple[str, str | None]:
    """Create a staff superuser with a random password if none exists; return (username, password|None)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if User.objects.filter(username=username).exists():
        return username, None
    password = secrets.token_urlsafe(12)
    User.objects.create_superuser(username=username, email="", password=password)
    return username, password
