"""The sending worker: claim due messages, hand them to a transport, record each outcome at once.

Exactly-once across ``kill -9`` (issue 2's crash-safety standard) comes from three commits per message:

1. **claim** (in small batches): ``queued/deferred -> sending`` with phase ``claimed`` and this worker's
   token, by a conditional UPDATE, so two workers never take the same row.
2. **ending** (one row, committed inside the transport's ``before_end``): phase ``claimed -> ending``,
   immediately before the irreversible act (SMTP's final ``CRLF.CRLF``; the files transport's rename).
3. **outcome** (one row + one append-only ``DeliveryAttempt``): ``sent`` right after the server's 250,
   or ``deferred``/``failed``/``in_doubt``.

On start, :func:`outbox_recover` looks at ``sending`` rows whose worker is dead (same host and its pid
is gone, or the claim is older than WHOSWATCHING_SEND_CLAIM_STALE_SECONDS). Phase ``claimed`` had not
reached end-of-data, so the server discarded it (RFC 5321 §4.1.1.4): it is queued again. Phase ``ending``
may or may not have been accepted: the transport's ``probe`` decides if it can (files), otherwise the
message becomes ``in_doubt`` for staff, never resent blindly.
"""

from __future__ import annotations

import functools
import os
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parseaddr

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from whoswatching import config
from whoswatching.outbox import signals
from whoswatching.outbox.backoff import RetryPolicy
from whoswatching.outbox.models import DUE_STATES, DeliveryAttempt, OutboxMessage, Phase, State
from whoswatching.outbox.throttle import WINDOW_SECONDS, Throttle
from whoswatching.outbox.transports import Envelope, Outcome, Result, Transport, transport_make

#: Tokens of workers running in this process (a dead same-pid token is one that is not in here).
_LIVE_TOKENS: set[str] = set()
_HOST = socket.gethostname()
_MSG_TABLE = OutboxMessage._meta.db_table
_ATTEMPT_TABLE = DeliveryAttempt._meta.db_table


class ClaimLost(RuntimeError):
    """Our claim on a message was taken away (recovered as stale by another worker): do not send it."""


@dataclass
class RecoveryReport:
    requeued: int = 0
    in_doubt: int = 0
    sent: int = 0


@dataclass
class DeliveryReport:
    transport: str = ""
    sent: int = 0
    deferred: int = 0
    failed: int = 0
    in_doubt: int = 0
    throttle_waits: int = 0
    stopped: str = ""
    recovery: RecoveryReport = field(default_factory=RecoveryReport)
    seconds: float = 0.0

    @property
    def attempted(self) -> int:
        return self.sent + self.deferred + self.failed + self.in_doubt


def _token() -> str:
    return f"{_HOST}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def _worker_dead(token: str, claimed_at, now, stale: timedelta) -> bool:
    if claimed_at is None or claimed_at < now - stale:
        return True
    host, _, rest = token.partition(":")
    pid_text, _, _ = rest.partition(":")
    if host != _HOST or not pid_text.isdigit():
        return False  # another machine's worker: only staleness can tell
    pid = int(pid_text)
    if pid == os.getpid():
        return token not in _LIVE_TOKENS
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _bare(address: str) -> str:
    return parseaddr(address)[1] if "<" in address else address.strip()


def envelope_of(message: OutboxMessage) -> Envelope:
    return Envelope(
        key=message.key,
        message_id=message.message_id,
        sender=_bare(message.from_addr),
        recipients=(_bare(message.to_addr),),
        raw=bytes(message.raw),
        created=message.created_at.date(),
    )


def _sql_value(value):
    return connection.ops.adapt_datetimefield_value(value) if isinstance(value, datetime) else value


def _update_claimed(cursor, pk: int, token: str, fields: dict) -> bool:
    """``UPDATE ... WHERE id AND claim_token AND state=sending`` in plain SQL: the per-message hot path.

    The ORM's query building cost as much as the SQLite commit itself (profiled with the benchmark).
    """
    cursor.execute(_update_sql(tuple(fields)), [*(_sql_value(v) for v in fields.values()), pk, token,
                                                 State.SENDING.value])
    return cursor.rowcount == 1


@functools.cache
def _update_sql(names: tuple[str, ...]) -> str:
    qn = connection.ops.quote_name
    sets = ", ".join(f"{qn(name)} = %s" for name in names)
    return f"UPDATE {qn(_MSG_TABLE)} SET {sets} WHERE {qn('id')} = %s AND {qn('claim_token')} = %s AND {qn('state')} = %s"


def _settle(message: OutboxMessage, token: str, *, state: str, outcome: str, result: Result | None,
            transport: str, detail: str, **extra) -> bool:
    """Commit a final state for a message we hold the claim on, with its attempt row."""
    attempts = message.attempts + 1
    now = timezone.now()
    fields = dict(state=str(state), phase=Phase.NONE.value, claim_token="", attempts=attempts,
                  transport=transport, updated_at=now, **extra)
    if result is not None:
        fields.update(smtp_code=result.code, smtp_response=result.response[:2000])
    qn = connection.ops.quote_name
    columns = ("message_id", "number", "at", "outcome", "transport", "smtp_code", "detail", "worker")
    with transaction.atomic(), connection.cursor() as cursor:
        if state == State.SENT and connection.vendor == "postgresql":
            # Skip the WAL flush wait for "sent" only. Should PostgreSQL itself crash before flushing, the row
            # falls back to its durable "ending" phase and is recovered as in doubt: never resent, never lost.
            # (A killed worker loses nothing: the server still has the commit.) "ending" stays synchronous.
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        if not _update_claimed(cursor, message.pk, token, fields):
            return False
        cursor.execute(
            f"INSERT INTO {qn(_ATTEMPT_TABLE)} ({', '.join(qn(c) for c in columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})",
            [message.pk, attempts, _sql_value(now), str(outcome), transport,
             result.code if result else None, detail[:2000], token],
        )
    for name, value in fields.items():
        setattr(message, name, value)
    return True


def outbox_recover(*, transport: Transport | None = None, stale_seconds: float | None = None) -> RecoveryReport:
    """Settle ``sending`` messages left by dead workers: requeue, probe, or mark in doubt."""
    report = RecoveryReport()
    now = timezone.now()
    stale = timedelta(seconds=config.SEND_CLAIM_STALE_SECONDS if stale_seconds is None else stale_seconds)
    for message in OutboxMessage.objects.filter(state=State.SENDING).defer("raw"):
        token = message.claim_token
        if not _worker_dead(token, message.claimed_at, now, stale):
            continue
        # Conditional on the phase we saw: a worker judged dead that is in fact alive may have moved to
        # "ending" since; then this update matches nothing and the message is left for the next look.
        mine = OutboxMessage.objects.filter(pk=message.pk, claim_token=token, state=State.SENDING,
                                            phase=message.phase)
        if message.phase != Phase.ENDING:
            # The end of data was never sent: the server discarded the transaction.
            report.requeued += mine.update(state=State.DEFERRED if message.attempts else State.QUEUED,
                                           phase=Phase.NONE, claim_token="")
            continue
        delivered = None
        if transport is not None and transport.name == message.transport:
            message.raw = OutboxMessage.objects.values_list("raw", flat=True).get(pk=message.pk)
            delivered = transport.probe(envelope_of(message))
        if delivered is True:
            if _settle(message, token, state=State.SENT, outcome=DeliveryAttempt.Outcome.SENT, result=None,
                       transport=message.transport, detail="recovered: the transport shows it delivered",
                       sent_at=now, last_error=""):
                report.sent += 1
                signals.emit(signals.message_sent, message)
        elif delivered is False:
            report.requeued += mine.update(state=State.DEFERRED if message.attempts else State.QUEUED,
                                           phase=Phase.NONE, claim_token="")
        elif _settle(message, token, state=State.IN_DOUBT, outcome=DeliveryAttempt.Outcome.IN_DOUBT,
                     result=None, transport=message.transport,
                     detail="the worker stopped between end-of-data and recording the reply",
                     last_error="in doubt: the worker died while the server was answering end-of-data; "
                                "check the recipient side, then resolve as sent or resend"):
            report.in_doubt += 1
            signals.emit(signals.message_in_doubt, message)
    return report


def _seed(throttle: Throttle) -> None:
    """Count the last minute's attempts (from any worker run) so a restart does not reset the limits."""
    now = timezone.now()
    clock_now = throttle.clock()
    rows = DeliveryAttempt.objects.filter(
        at__gte=now - timedelta(seconds=WINDOW_SECONDS), transport__in=("smtp", "files"),
        outcome__in=(DeliveryAttempt.Outcome.SENT, DeliveryAttempt.Outcome.DEFERRED,
                     DeliveryAttempt.Outcome.FAILED, DeliveryAttempt.Outcome.IN_DOUBT),
    ).values_list("at", "message__domain")
    for at, domain in rows:
        throttle.record(domain, at=clock_now - (now - at).total_seconds())


def _claim(ids: list[int], token: str) -> list[OutboxMessage]:
    now = timezone.now()
    OutboxMessage.objects.due(now).filter(pk__in=ids).update(
        state=State.SENDING, phase=Phase.CLAIMED, claim_token=token, claimed_at=now)
    return list(OutboxMessage.objects.filter(pk__in=ids, claim_token=token, state=State.SENDING).order_by("id"))


def _release(token: str) -> None:
    """Give back claimed messages we never started (stop requested, server down, error)."""
    held = OutboxMessage.objects.filter(state=State.SENDING, claim_token=token, phase=Phase.CLAIMED)
    held.filter(attempts=0).update(state=State.QUEUED, phase=Phase.NONE, claim_token="")
    held.update(state=State.DEFERRED, phase=Phase.NONE, claim_token="")


def _candidates(busy: set[str], limit: int) -> list[tuple[int, str]]:
    """Due ``(id, domain)`` pairs outside ``busy`` domains: retries that are due first, then the queue in order.

    Two index range scans (``state, next_attempt_at`` and ``state, id``) rather than one ``ORDER BY id`` over
    both states, which made the databases walk every sent row on each batch (quadratic over a campaign).
    """
    now = timezone.now()
    retries = OutboxMessage.objects.filter(state=State.DEFERRED).filter(
        Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True))
    fresh = OutboxMessage.objects.filter(state=State.QUEUED)
    if busy:
        retries, fresh = retries.exclude(domain__in=busy), fresh.exclude(domain__in=busy)
    rows = list(retries.order_by("next_attempt_at").values_list("id", "domain")[:limit])
    if len(rows) < limit:
        rows += list(fresh.order_by("id").values_list("id", "domain")[: limit - len(rows)])
    return rows


def _deliver_one(message: OutboxMessage, token: str, transport: Transport, policy: RetryPolicy,
                 report: DeliveryReport) -> Result:
    def before_end() -> None:
        now = timezone.now()
        with connection.cursor() as cursor:
            marked = _update_claimed(cursor, message.pk, token, dict(
                phase=Phase.ENDING.value, claimed_at=now, transport=transport.name, updated_at=now))
        if not marked:
            raise ClaimLost(message.key)

    try:
        result = transport.send(envelope_of(message), before_end=before_end)
    except ClaimLost:
        return Result(Outcome.TRANSIENT, None, "claim lost")
    now = timezone.now()
    name = transport.name
    if result.outcome is Outcome.SENT:
        if _settle(message, token, state=State.SENT, outcome=DeliveryAttempt.Outcome.SENT, result=result,
                   transport=name, detail=result.response, sent_at=now, last_error="", next_attempt_at=None):
            report.sent += 1
            signals.emit(signals.message_sent, message)
    elif result.outcome is Outcome.AMBIGUOUS:
        if _settle(message, token, state=State.IN_DOUBT, outcome=DeliveryAttempt.Outcome.IN_DOUBT,
                   result=result, transport=name, detail=result.response,
                   last_error=f"in doubt: {result.response}"):
            report.in_doubt += 1
            signals.emit(signals.message_in_doubt, message)
    elif result.outcome is Outcome.PERMANENT or (
        not result.connection_failed and policy.exhausted(message.attempts + 1)
    ):
        why = result.response if result.outcome is Outcome.PERMANENT else (
            f"gave up after {message.attempts + 1} attempts; last: {result.response}")
        if _settle(message, token, state=State.FAILED, outcome=DeliveryAttempt.Outcome.FAILED, result=result,
                   transport=name, detail=why, last_error=why, next_attempt_at=None):
            report.failed += 1
            signals.emit(signals.message_failed, message)
    else:
        retry_at = now + timedelta(seconds=policy.delay(message.attempts + 1))
        if _settle(message, token, state=State.DEFERRED, outcome=DeliveryAttempt.Outcome.DEFERRED,
                   result=result, transport=name, detail=result.response, last_error=result.response,
                   next_attempt_at=retry_at):
            report.deferred += 1
            signals.emit(signals.message_deferred, message)
    return result


def _pause(seconds: float, stop: Callable[[], bool], sleep: Callable[[float], None]) -> None:
    end = time.monotonic() + seconds
    while not stop() and (left := end - time.monotonic()) > 0:
        sleep(min(left, 0.5))


def outbox_deliver(
    *,
    limit: int | None = None,
    transport: Transport | None = None,
    stop: Callable[[], bool] = lambda: False,
    throttle: Throttle | None = None,
    policy: RetryPolicy | None = None,
    batch_size: int = 50,
    wait: bool = True,
    on_progress: Callable[[OutboxMessage, Result], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> DeliveryReport:
    """Send due messages until none is due, ``limit`` attempts are made, ``stop()`` is true or the transport fails.

    ``wait=False`` returns instead of sleeping when the throttle is saturated. Returns counts per outcome;
    ``report.stopped`` says why the run ended.
    """
    own_transport = transport is None
    transport = transport or transport_make()
    if throttle is None and transport.name == "files":
        throttle = Throttle()  # local files: no recipient server to spare, so no limits
    throttle = throttle or Throttle(per_minute=config.SEND_PER_MINUTE,
                                    per_domain_per_minute=config.SEND_PER_DOMAIN_PER_MINUTE)
    policy = policy or RetryPolicy()
    token = _token()
    report = DeliveryReport(transport=transport.name)
    started = time.monotonic()
    _LIVE_TOKENS.add(token)
    try:
        report.recovery = outbox_recover(transport=transport)
        if throttle.enabled:
            _seed(throttle)
        while not report.stopped:
            if stop():
                report.stopped = "stop requested"
                break
            room = batch_size if limit is None else min(batch_size, limit - report.attempted)
            if room <= 0:
                report.stopped = "limit reached"
                break
            due = OutboxMessage.objects.due(timezone.now())
            # With domain limits, look further ahead so saturated domains' messages can be skipped over.
            ahead = room * 10 if throttle.per_domain_per_minute else room
            candidates = [] if throttle.overall_saturated() else _candidates(throttle.saturated_domains(), ahead)
            picked: list[int] = []
            for pk, domain in candidates:
                if throttle.allow(domain):
                    throttle.record(domain)
                    picked.append(pk)
                    if len(picked) >= room:
                        break
            if not picked:
                waiting = list(due.order_by("id").values_list("domain", flat=True).distinct()[:200])
                if not waiting:
                    report.stopped = "nothing due"
                    break
                if not wait:
                    report.stopped = "throttled"
                    break
                # Every due message is for a saturated domain, or the overall limit is reached.
                report.throttle_waits += 1
                _pause(max(throttle.wait_seconds(waiting), 0.05), stop, sleep)
                continue
            for message in _claim(picked, token):
                if stop():
                    break
                result = _deliver_one(message, token, transport, policy, report)
                if on_progress is not None:
                    on_progress(message, result)
                if result.connection_failed:
                    report.stopped = f"transport unavailable: {result.response}"
                    break
            _release(token)
    finally:
        _release(token)
        _LIVE_TOKENS.discard(token)
        if own_transport:
            transport.close()
        report.seconds = time.monotonic() - started
    return report


__all__ = ["DUE_STATES", "ClaimLost", "DeliveryReport", "RecoveryReport", "envelope_of", "outbox_deliver",
           "outbox_recover"]
