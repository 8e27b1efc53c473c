"""Helpers shared by several test packages."""

from __future__ import annotations

from datetime import UTC, datetime

from whoswatching.campaigns.models import Request
from whoswatching.outbox import signals
from whoswatching.outbox.models import OutboxMessage


def mark_request_sent(request: Request, at: datetime) -> Request:
    """Mark ``request``'s outbox message sent at ``at`` and send the signal, as the worker would."""
    message = OutboxMessage.objects.get(key=request.outbox_key)
    OutboxMessage.objects.filter(pk=message.pk).update(state="sent", sent_at=at)
    message.refresh_from_db()
    signals.message_sent.send(sender=OutboxMessage, message=message)
    request.refresh_from_db()
    return request


def mark_sent(campaign, *, at: datetime = datetime(2026, 3, 2, 10, tzinfo=UTC)) -> list[Request]:
    """Mark every request's message of ``campaign`` sent at ``at`` (as the worker would), by body name."""
    return [mark_request_sent(r, at) for r in Request.objects.filter(campaign=campaign).order_by("body_name")]
