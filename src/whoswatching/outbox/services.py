"""The outbox's one door: enqueue messages, deliver them, and let staff retry, cancel or resolve them.

Every FOI request, reminder and internal-review letter leaves through here. Callers enqueue with an
idempotency key (enqueueing the same key again returns the existing row, so a campaign re-run never sends
twice) and listen to the signals in :mod:`whoswatching.outbox.signals`. ``outbox_deliver`` (the worker,
in :mod:`whoswatching.outbox.delivery`) sends with exactly-once semantics across crashes; this module also
holds the staff actions on the messages it could not settle by itself.

Exceptions::

    OutboxError
    ├── EnqueueError         bad key, address or header: nothing was written
    ├── MessageNotFound      no message with that key
    └── StateError           the action does not apply in the message's current state
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, Min
from django.utils import timezone

from whoswatching import config
from whoswatching.outbox import mime, signals
from whoswatching.outbox.models import DeliveryAttempt, OutboxMessage, Phase, State


class OutboxError(Exception):
    """Base of the outbox's domain errors."""


class EnqueueError(OutboxError, ValueError):
    pass


class MessageNotFound(OutboxError, LookupError):
    pass


class StateError(OutboxError):
    pass


@dataclass(frozen=True)
class NewMessage:
    """One message to enqueue (see :func:`message_enqueue` for the fields)."""

    key: str
    to: str
    subject: str
    body: str
    reply_to: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    kind: str = ""
    object_ref: str = ""
    sender: str = ""


@dataclass(frozen=True)
class EnqueueReport:
    created: int
    existing: int


def _build(new: NewMessage, now) -> OutboxMessage:
    key = new.key.strip() if isinstance(new.key, str) else ""
    if not key or len(key) > 200 or any(c.isspace() or ord(c) < 32 for c in key):
        raise EnqueueError(f"idempotency key must be 1-200 characters without spaces: {new.key!r}")
    sender = new.sender or config.MAIL_FROM
    try:
        _, domain = mime.address_parse(new.to)
        mime.address_parse(sender)
        if new.reply_to:
            mime.address_parse(new.reply_to)
    except mime.AddressError as exc:
        raise EnqueueError(f"{key}: {exc}") from exc
    if "\n" in new.subject or "\r" in new.subject:
        raise EnqueueError(f"{key}: the subject must be one line")
    message_id = mime.message_id_for(key, config.REPLY_DOMAIN)
    try:
        raw = mime.message_build(
            message_id=message_id, sender=sender, to=new.to, subject=new.subject, body=new.body,
            date=now, reply_to=new.reply_to, headers=new.headers,
        )
    except (ValueError, TypeError) as exc:
        raise EnqueueError(f"{key}: cannot build the message: {exc}") from exc
    return OutboxMessage(
        key=key, kind=new.kind, object_ref=new.object_ref, to_addr=new.to, from_addr=sender,
        reply_to=new.reply_to, subject=new.subject, message_id=message_id, domain=domain, raw=raw,
        state=State.QUEUED, created_at=now,
    )


def message_enqueue(
    *,
    key: str,
    to: str,
    subject: str,
    body: str,
    reply_to: str = "",
    headers: Mapping[str, str] | None = None,
    kind: str = "",
    object_ref: str = "",
    sender: str = "",
) -> OutboxMessage:
    """Queue one message; with a key already queued, return that row unchanged (idempotent).

    ``sender`` defaults to WHOSWATCHING_MAIL_FROM; ``object_ref``/``kind`` are the caller's own handles
    (e.g. ``campaigns.Request:42`` / ``request``) and come back on the signals' message.
    """
    existing = OutboxMessage.objects.filter(key=key).first()
    if existing is not None:
        return existing
    row = _build(NewMessage(key=key, to=to, subject=subject, body=body, reply_to=reply_to,
                            headers=dict(headers or {}), kind=kind, object_ref=object_ref, sender=sender),
                 timezone.now())
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        # A concurrent enqueue of the same key won the race: theirs is the one row.
        return OutboxMessage.objects.get(key=row.key)
    return row


def messages_enqueue(items: Iterable[NewMessage], *, batch_size: int = 500) -> EnqueueReport:
    """Queue many messages in one transaction; every item is validated before anything is written.

    Keys already queued (or repeated within ``items``) are skipped and counted as ``existing``.
    """
    now = timezone.now()
    rows: dict[str, OutboxMessage] = {}
    repeated = 0
    for index, item in enumerate(items):
        try:
            row = _build(item, now)
        except EnqueueError as exc:
            raise EnqueueError(f"item {index}: {exc} (nothing was queued)") from exc
        if row.key in rows:
            repeated += 1
            continue
        rows[row.key] = row
    created = 0
    keys = list(rows)
    with transaction.atomic():
        for start in range(0, len(keys), batch_size):
            chunk = keys[start:start + batch_size]
            known = set(OutboxMessage.objects.filter(key__in=chunk).values_list("key", flat=True))
            fresh = [rows[k] for k in chunk if k not in known]
            if not fresh:
                continue
            OutboxMessage.objects.bulk_create(fresh, batch_size=batch_size, ignore_conflicts=True)
            # ignore_conflicts hides rows a concurrent writer inserted first: count the ones that are ours.
            created += OutboxMessage.objects.filter(key__in=[m.key for m in fresh], created_at=now).count()
    return EnqueueReport(created=created, existing=len(keys) - created + repeated)


def message_get(key: str) -> OutboxMessage:
    try:
        return OutboxMessage.objects.get(key=key)
    except OutboxMessage.DoesNotExist:
        raise MessageNotFound(f"no outbox message with key {key!r} (try `whoswatching outbox list`)") from None


def _transition(key: str, *, allowed: tuple[str, ...], outcome: str, by: str, detail: str, **fields) -> OutboxMessage:
    """Move a message from one of ``allowed`` states, atomically, with an attempt-log row."""
    message = message_get(key)
    with transaction.atomic():
        changed = OutboxMessage.objects.filter(pk=message.pk, state__in=allowed).update(**fields)
        if not changed:
            current = OutboxMessage.objects.get(pk=message.pk).state
            raise StateError(f"{key} is {current}; this applies only to: {', '.join(allowed)}")
        message.refresh_from_db()
        DeliveryAttempt.objects.create(message=message, number=message.attempts, at=timezone.now(),
                                       outcome=outcome, detail=detail, worker=by)
    return message


def message_retry(*, key: str, by: str = "staff") -> OutboxMessage:
    """Queue a failed, deferred, cancelled or in-doubt message to go now, with a fresh attempt budget.

    For an in-doubt message this means "resend": the recipient may get it twice.
    """
    return _transition(
        key, allowed=(State.FAILED, State.DEFERRED, State.CANCELLED, State.IN_DOUBT),
        outcome=DeliveryAttempt.Outcome.REQUEUED, by=by, detail="queued again by staff",
        state=State.QUEUED, phase=Phase.NONE, attempts=0, next_attempt_at=None, claim_token="",
    )


def message_cancel(*, key: str, by: str = "staff") -> OutboxMessage:
    """Withdraw a message that has not been sent (it is kept, in state cancelled)."""
    return _transition(
        key, allowed=(State.QUEUED, State.DEFERRED, State.FAILED, State.IN_DOUBT),
        outcome=DeliveryAttempt.Outcome.CANCELLED, by=by, detail="cancelled by staff",
        state=State.CANCELLED, phase=Phase.NONE, next_attempt_at=None, claim_token="",
    )


def message_resolve_in_doubt(*, key: str, sent: bool, by: str = "staff") -> OutboxMessage:
    """Settle an in-doubt message: ``sent=True`` records it as delivered, ``False`` queues it again."""
    if not sent:
        return message_retry(key=key, by=by)
    message = _transition(
        key, allowed=(State.IN_DOUBT,), outcome=DeliveryAttempt.Outcome.RESOLVED_SENT, by=by,
        detail="staff confirmed it was delivered", state=State.SENT, phase=Phase.NONE,
        sent_at=timezone.now(), claim_token="",
    )
    signals.emit(signals.message_sent, message)
    return message


@dataclass(frozen=True)
class OutboxStats:
    by_state: dict[str, int]
    oldest_due_at: object
    next_attempt_at: object

    @property
    def total(self) -> int:
        return sum(self.by_state.values())


def outbox_stats() -> OutboxStats:
    counts = dict.fromkeys(State.values, 0)
    for row in OutboxMessage.objects.values("state").annotate(n=Count("id")).order_by():
        counts[row["state"]] = row["n"]
    now = timezone.now()
    oldest = OutboxMessage.objects.due(now).aggregate(m=Min("created_at"))["m"]
    upcoming = OutboxMessage.objects.filter(state=State.DEFERRED, next_attempt_at__gt=now).aggregate(
        m=Min("next_attempt_at"))["m"]
    return OutboxStats(by_state=counts, oldest_due_at=oldest, next_attempt_at=upcoming)


def messages_list(*, state: str | None = None, search: str = "", limit: int = 100):
    """Messages newest first, optionally in one state and matching ``search`` (key, address, object)."""
    if state and state not in State.values:
        raise OutboxError(f"unknown state {state!r}; choose from {', '.join(State.values)}")
    qs = OutboxMessage.objects.defer("raw").search(search).order_by("-created_at", "-id")
    if state:
        qs = qs.filter(state=state)
    return list(qs[:limit])


def messages_for(object_ref: str) -> list[OutboxMessage]:
    """Every message a caller enqueued for one of its objects, oldest first."""
    return list(OutboxMessage.objects.defer("raw").filter(object_ref=object_ref).order_by("created_at", "id"))


from whoswatching.outbox.delivery import DeliveryReport, outbox_deliver, outbox_recover  # noqa: E402

__all__ = [
    "DeliveryReport", "EnqueueError", "EnqueueReport", "MessageNotFound", "NewMessage", "OutboxError",
    "OutboxStats", "StateError", "message_cancel", "message_enqueue", "message_get", "message_resolve_in_doubt",
    "message_retry", "messages_enqueue", "messages_for", "messages_list", "outbox_deliver", "outbox_recover",
    "outbox_stats",
]
