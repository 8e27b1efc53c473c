"""JSON API of the stats domain (django-ninja router, mounted at /api/stats/)."""

from ninja import Router

router = Router(tags=["stats"])
