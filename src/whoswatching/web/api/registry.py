"""JSON API of the registry domain (django-ninja router, mounted at /api/registry/)."""

from ninja import Router

router = Router(tags=["registry"])
