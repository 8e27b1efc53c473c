"""Persistent state of the coding domain."""

from django.db import models  # noqa: F401
