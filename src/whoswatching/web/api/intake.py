"""JSON API of the intake domain (django-ninja router, mounted at /api/intake/)."""

from ninja import Router

router = Router(tags=["intake"])
