"""Signals sent after an outbox message's new state is committed (``sender`` is ``OutboxMessage``).

Receivers get ``message=<OutboxMessage>``. They run outside the outbox's transaction, through
``send_robust``: a failing receiver is logged and never undoes or repeats a delivery. Receivers should
be idempotent (an in-doubt message resolved as sent fires ``message_sent`` then).

- ``message_sent``: accepted by the transport (or staff resolved an in-doubt message as sent).
- ``message_deferred``: a transient failure; ``message.next_attempt_at`` says when it is retried.
- ``message_failed``: permanent failure (5xx, or 4xx past the attempt limit); ``message.last_error`` says why.
- ``message_in_doubt``: may or may not have been delivered; waiting for staff.
"""

import logging

from django.dispatch import Signal

log = logging.getLogger(__name__)

message_sent = Signal()
message_deferred = Signal()
message_failed = Signal()
message_in_doubt = Signal()


def emit(signal: Signal, message) -> None:
    """Fire ``signal`` robustly: a receiver's error is logged, never turned into a resend or a rollback."""
    for receiver, result in signal.send_robust(sender=type(message), message=message):
        if isinstance(result, Exception):
            log.error("outbox signal receiver %r failed for %s: %r", receiver, message.key, result)
