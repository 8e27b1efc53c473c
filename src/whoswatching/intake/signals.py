"""Signals sent after intake commits (``sender`` is ``Message``), so other domains react without intake
importing them (the coder auto-codes a filed reply; campaigns could note it on the timeline).

Receivers get ``message=<Message>``. They run after the transaction commits, through
``send_robust``: a failing receiver is logged and never undoes or repeats the receipt. Receivers
should be idempotent.

- ``message_received``: a new message was stored (``message.match_state`` says whether it was filed).
- ``message_filed``: a message was filed against a request by a person (holding pen assign or move).
"""

import logging

from django.db import transaction
from django.dispatch import Signal

log = logging.getLogger(__name__)

message_received = Signal()
message_filed = Signal()


def emit(signal: Signal, message) -> None:
    """Fire ``signal`` once the current transaction commits (at once outside one)."""

    def fire() -> None:
        for receiver, result in signal.send_robust(sender=type(message), message=message):
            if isinstance(result, Exception):
                log.error("intake signal receiver %r failed for message %s: %r", receiver, message.pk, result)

    transaction.on_commit(fire)
