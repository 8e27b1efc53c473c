"""JSON API of the campaigns domain (django-ninja router, mounted at /api/campaigns/). Staff sessions only.

- ``GET /api/campaigns/``: campaigns with state and counts.
- ``GET /api/campaigns/{slug}``: counts by status, sector and region.
- ``GET /api/campaigns/{slug}/requests``: requests (``status``, ``q``, ``page``, ``page_size`` up to 500).
- ``GET /api/campaigns/requests/{reference}``: one request with its timeline.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError
from ninja.security import SessionAuthIsStaff

from whoswatching.campaigns import services
from whoswatching.campaigns.errors import CampaignError
from whoswatching.campaigns.lifecycle import Status
from whoswatching.campaigns.models import Campaign, Request

router = Router(tags=["campaigns"], auth=SessionAuthIsStaff())  # staff session; CSRF-checked on POST

REQUEST_FIELDS = ("reference", "body_name", "sector", "region", "nation", "law", "status", "to_address",
                  "sent_at", "received_on", "due_on")


def _campaign(slug: str) -> Campaign:
    try:
        return services.campaign_get(slug)
    except CampaignError as exc:
        raise HttpError(404, str(exc)) from None


@router.get("/")
def campaign_list(request: HttpRequest) -> list[dict[str, Any]]:
    rows = Campaign.objects.annotate(n_targets=Count("targets", distinct=True), n_requests=Count("requests", distinct=True))
    return [{"id": c.pk, "slug": c.slug, "name": c.name, "state": c.state, "selected": c.n_targets,
             "requests": c.n_requests, "launched_at": c.launched_at, "embargo_until": c.embargo_until} for c in rows]


@router.get("/requests/{reference}")
def request_detail(request: HttpRequest, reference: str) -> dict[str, Any]:
    try:
        req = services.request_get(reference)
    except CampaignError as exc:
        raise HttpError(404, str(exc)) from None
    data = {f: getattr(req, f) for f in REQUEST_FIELDS}
    data.update(campaign=req.campaign.slug, body=req.body.slug, subject=req.subject, due_working=req.due_working,
                timeline=[{"at": e.at, "source": e.source, "kind": e.kind, "by": e.by, "from_status": e.from_status,
                           "to_status": e.to_status, "note": e.note} for e in services.request_timeline(req)])
    return data


@router.get("/{slug}")
def campaign_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    campaign = _campaign(slug)
    dash = services.campaign_dashboard(campaign)
    return {"id": campaign.pk, "slug": campaign.slug, "name": campaign.name, "state": campaign.state,
            "launched_at": campaign.launched_at, "embargo_until": campaign.embargo_until, "selected": dash.selected,
            "requests": dash.total, "by_status": dash.by_status, "by_sector": dict(dash.by_sector),
            "by_region": dict(dash.by_region)}


@router.get("/{slug}/requests")
def campaign_requests(request: HttpRequest, slug: str, status: str = "", q: str = "", page: int = 1,
                      page_size: int = 100) -> dict[str, Any]:
    campaign = _campaign(slug)
    qs = Request.objects.filter(campaign=campaign).search(q[:200])
    if status:
        if status not in Status._value2member_map_:
            raise HttpError(400, f"unknown status {status!r}; choose from {', '.join(s.value for s in Status)}")
        qs = qs.filter(status=status)
    page_size = min(max(page_size, 1), 500)
    page = max(page, 1)
    total = qs.count()
    rows = list(qs.values(*REQUEST_FIELDS)[(page - 1) * page_size : page * page_size])
    return {"count": total, "page": page, "page_size": page_size, "results": rows}
