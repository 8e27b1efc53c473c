"""Persistent state of the campaigns domain."""

from django.db import models  # noqa: F401
