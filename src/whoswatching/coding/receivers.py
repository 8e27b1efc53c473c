"""Auto-code replies as intake files them (intake's signals; intake never imports coding).

Coding runs after intake's transaction has committed. A failure is logged and leaves the reply
uncoded: ``whoswatching coding autocode`` codes what is left, so nothing is lost.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def _autocode(message) -> None:
    from whoswatching.coding import services

    # Guard: only replies filed against a request are coded; the holding pen waits for a person.
    if message.request_id is None:
        return
    try:
        services.reply_autocode(message)
    except Exception:
        log.exception("auto-coding reply %s failed; run `whoswatching coding autocode` to retry", message.pk)


def on_message_received(sender, message, **kwargs) -> None:
    _autocode(message)


def on_message_filed(sender, message, **kwargs) -> None:
    _autocode(message)
