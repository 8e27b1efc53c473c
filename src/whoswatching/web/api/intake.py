"""JSON API of the intake domain (django-ninja router, mounted at /api/intake/). Staff sessions only.

- ``GET /api/intake/pen``: the holding pen (``state`` unmatched|ambiguous, ``limit`` up to 500).
- ``GET /api/intake/messages/{id}``: one reply with match, attachments and extractions (text included).
- ``POST /api/intake/messages/{id}/assign`` with ``{"reference": "WW-2026-000123"}`` and the session's CSRF
  token in ``X-CSRFToken`` (a cross-site POST riding a staff cookie is refused with 403).

Inbound mail itself is posted to the signed webhook ``/staff/intake/webhook/`` (see docs/intake.md).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import SessionAuthIsStaff

from whoswatching.intake import services
from whoswatching.intake.models import Message

router = Router(tags=["intake"], auth=SessionAuthIsStaff())  # staff session; CSRF-checked on POST


def _summary(m: Message) -> dict[str, Any]:
    return {
        "id": m.pk, "received_at": m.received_at, "via": m.received_via, "message_id": m.message_id,
        "from": m.from_addr, "subject": m.subject, "match_state": m.match_state,
        "request": m.request.reference if m.request_id else None, "match_score": m.match_score,
        "match_reason": m.match_reason, "suggestions": m.suggestions, "is_bounce": m.is_bounce,
        "is_auto_reply": m.is_auto_reply,
    }


def _message(pk: int) -> Message:
    try:
        return services.message_get(pk)
    except services.IntakeError as exc:
        raise HttpError(404, str(exc)) from None


@router.get("/pen")
def pen(request: HttpRequest, state: str = "", limit: int = 100) -> list[dict[str, Any]]:
    if state not in ("", "unmatched", "ambiguous"):
        raise HttpError(400, "state must be unmatched or ambiguous")
    return [_summary(m) for m in services.holding_pen_list(limit=max(1, min(limit, 500)), state=state)]


@router.get("/messages/{pk}")
def message_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    m = _message(pk)
    data = _summary(m)
    data["text_body"] = m.text_body
    data["attachments"] = [
        {"id": a.pk, "filename": a.filename, "content_type_sniffed": a.content_type_sniffed, "size": a.size,
         "sha256": a.sha256, "quarantined": a.quarantined, "quarantine_reason": a.quarantine_reason}
        for a in m.attachments.all()
    ]
    data["extractions"] = [
        {"id": e.pk, "attachment": e.attachment_id, "parent": e.parent_id, "path": e.path, "kind": e.kind,
         "method": e.method, "tool": e.tool, "pages": e.pages, "page_methods": e.page_methods,
         "quarantined": e.quarantined, "reason": e.reason, "warnings": e.warnings, "text": e.text,
         "tables": e.tables, "table_titles": e.table_titles}
        for e in m.extractions.order_by("id")
    ]
    return data


class AssignIn(Schema):
    reference: str


@router.post("/messages/{pk}/assign")
def assign(request: HttpRequest, pk: int, payload: AssignIn) -> dict[str, Any]:
    try:
        message = services.holding_pen_assign(_message(pk), payload.reference, by=request.user.get_username())
    except services.IntakeError as exc:
        raise HttpError(400, str(exc)) from None
    return _summary(message)
