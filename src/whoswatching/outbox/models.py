"""Persistent state of the outbox: messages waiting to leave, and their delivery attempts."""

from django.db import models  # noqa: F401
