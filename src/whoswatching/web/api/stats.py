"""JSON API of the stats domain (django-ninja router, mounted at /api/stats/).

Only public publications (published and past their campaign's embargo) are listed; the tables are the
built ``report.json`` of one denominator, as the public pages show them (nothing recomputed)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from ninja import Router, Schema

from whoswatching.publishing import services

router = Router(tags=["stats"])


class PublicationOut(Schema):
    campaign: str
    name: str
    build_id: str
    published_at: str
    bodies: int
    replies: int
    denominators: list[str]
    default_denominator: str
    input_sha256: str
    codebook_version: str
    page: str


def _out(pub) -> dict[str, Any]:
    return {"campaign": pub.campaign.slug, "name": pub.campaign.name, "build_id": pub.build_id,
            "published_at": pub.published_at.isoformat() if pub.published_at else "", "bodies": pub.bodies,
            "replies": pub.replies, "denominators": pub.denominators, "default_denominator": pub.default_denominator,
            "input_sha256": pub.input_sha256, "codebook_version": pub.codebook_version,
            "page": f"/stats/{pub.campaign.slug}/"}


@router.get("/publications", response=list[PublicationOut])
def publications(request):
    """Every public publication, newest first."""
    return [_out(p) for p in services.publications_public()]


@router.get("/publications/{slug}")
def publication_tables(request, slug: str, denominator: str = ""):
    """One campaign's published tables (``report.json``: meta + tables) for a denominator."""
    pub = services.publication_public_get(slug)
    if pub is None:
        raise Http404("no published statistics for this campaign")
    try:
        report = services.publication_report(pub, denominator or pub.default_denominator)
    except services.PublishingError as exc:
        raise Http404(str(exc)) from exc
    return {"publication": _out(pub), **report}
