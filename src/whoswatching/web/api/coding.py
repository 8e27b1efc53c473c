"""JSON API of the coding domain (django-ninja router, mounted at /api/coding/)."""

from ninja import Router

router = Router(tags=["coding"])
