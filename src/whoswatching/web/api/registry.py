"""JSON API of the registry domain (django-ninja router, mounted at /api/registry/).

``GET /api/registry/bodies`` (filters sector, region, nation, law, q; ``page``, ``page_size`` up to 200)
and ``GET /api/registry/bodies/{slug}``. Contact addresses are included only for staff sessions.
Null values are omitted from responses (a public body has no ``contacts`` key at all).
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from whoswatching.registry import services
from whoswatching.registry.errors import BodyNotFound

router = Router(tags=["registry"])


class BounceOut(Schema):
    at: datetime
    permanent: bool
    reason: str
    reference: str


class ContactOut(Schema):
    email: str
    state: str
    is_primary: bool
    bounce_count: int
    last_bounced_at: datetime | None
    verified_at: datetime | None
    source: str
    bounces: list[BounceOut]


class BodyOut(Schema):
    slug: str
    name: str
    sector: str
    region: str
    nation: str  # "unknown" when no source gives it
    identifier_scheme: str
    identifier: str
    body_type: str
    local_authority: str
    postcode: str
    website: str
    foi_law: str
    foi_law_assumed: bool  # true: nation unknown, FOIA assumed
    foi_law_override: str
    derivation: str
    source: str
    source_url: str
    origin: str  # the source whose import created the body
    contacts: list[ContactOut] | None = None  # staff sessions only


class BodyPageOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[BodyOut]


@router.get("/bodies", response=BodyPageOut, exclude_none=True)
def bodies(
    request: HttpRequest,
    sector: str = "",
    region: str = "",
    nation: str = "",
    law: str = "",
    q: str = "",
    page: int = 1,
    page_size: int = 50,
):
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


@router.get("/bodies/{slug}", response=BodyOut, exclude_none=True)
def body(request: HttpRequest, slug: str):
    """One body; its contact addresses (state, bounce history) only for staff."""
    try:
        found = services.body_get(slug)
    except BodyNotFound:
        raise HttpError(404, f"no body with slug {slug!r}") from None
    data = services.body_public_dict(found)
    if request.user.is_staff:
        data["contacts"] = services.contact_dicts(found)
    return data
