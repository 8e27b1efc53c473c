"""JSON API of the exposure domain (django-ninja router, mounted at /api/exposure/)."""

from ninja import Router

router = Router(tags=["exposure"])
