"""Persistent state of the intake domain."""

from django.db import models  # noqa: F401
