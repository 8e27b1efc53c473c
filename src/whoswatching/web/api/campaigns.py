"""JSON API of the campaigns domain (django-ninja router, mounted at /api/campaigns/)."""

from ninja import Router

router = Router(tags=["campaigns"])
