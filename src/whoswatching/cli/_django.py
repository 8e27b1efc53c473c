"""Configure Django lazily, only for the commands that need the database (house style: ``needs_db``)."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
_ready = False


def setup_django() -> None:
    """Set up Django once per process with the dev settings unless told otherwise."""
    global _ready
    if _ready:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "whoswatching.web.settings.dev")
    import django

    django.setup()
    _ready = True


def needs_db(func: F) -> F:
    """Decorate a CLI command whose body uses Django models or services."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        setup_django()
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
