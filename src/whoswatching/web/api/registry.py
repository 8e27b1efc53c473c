"""JSON API of the registry domain (django-ninja router, mounted at /api/registry/).

``GET /api/registry/bodies`` (filters sector, region, nation, law, q; ``page``, ``page_size`` up to 200)
and ``GET /api/registry/bodies/{slug}``. Contact addresses are included only for staff sessions.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from whoswatching.registry import services
from whoswatching.registry.errors import BodyNotFound

router = Router(tags=["registry"])


@router.get("/bodies")
def bodies(
    request: HttpRequest,
    sector: str = "",
    region: str = "",
    nation: str = "",
    law: str = "",
    q: str = "",
    page: int = 1,
    page_size: int = 50,
) -> dict[str, Any]:
    """Bodies matching the filters, by name, one page at a time (``count`` is the total)."""
    filters = services.BodyFilters(sector=sector, region=region, nation=nation, law=law, q=q[:200])
    if filters.errors():
        raise HttpError(400, "; ".join(filters.errors()))
    result = services.body_page(filters, page=max(page, 1), per_page=page_size)
    return {
        "count": result.total,
        "page": result.page,
        "pages": result.pages,
        "page_size": result.per_page,
        "results": [services.body_public_dict(b) for b in result.bodies],
    }


@router.get("/bodies/{slug}")
def body(request: HttpRequest, slug: str) -> dict[str, Any]:
    try:
        found = services.body_get(slug)
    except BodyNotFound:
        raise HttpError(404, f"no body with slug {slug!r}") from None
    data = services.body_public_dict(found)
    if request.user.is_staff:
        data["contacts"] = services.contact_dicts(found)
    return data
