"""Receiving from sources: file imports (mbox, Maildir, .eml) and IMAP fetch/IDLE with a UID cursor.

Re-exported by :mod:`whoswatching.intake.services` (the domain's one door); every message goes
through ``services.message_receive``.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction

from whoswatching.intake import storage
from whoswatching.intake.extract import Limits
from whoswatching.intake.models import ImapCursor, MatchState, Via
from whoswatching.intake.sources import SOURCES, RawItem
from whoswatching.intake.sources import imap as imap_source

if TYPE_CHECKING:
    from whoswatching.intake.services import ReceiveResult

log = logging.getLogger(__name__)


def _receive(raw: bytes, **kwargs) -> ReceiveResult:
    from whoswatching.intake import services  # services re-exports this module

    return services.message_receive(raw, **kwargs)


@dataclass
class ImportReport:
    """Counts of one import or fetch run; ``errors`` name the items that failed and why."""

    source: str
    seen: int = 0
    created: int = 0
    duplicates: int = 0
    matched: int = 0
    holding_pen: int = 0
    quarantined_attachments: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, result: ReceiveResult) -> None:
        self.seen += 1
        if not result.created:
            self.duplicates += 1
            return
        self.created += 1
        self.quarantined_attachments += len(result.quarantined)
        if result.state == MatchState.MATCHED:
            self.matched += 1
        else:
            self.holding_pen += 1


def messages_import(items: Iterable[RawItem], *, via: str, limits: Limits | None = None,
                    progress: Callable[[ReceiveResult | None], None] | None = None) -> ImportReport:
    """Receive every item of a file source; one bad message is reported, the rest go on."""
    report = ImportReport(source=via)
    for item in items:
        try:
            result = _receive(item.raw, via=via, source_ref=item.source_ref, limits=limits)
        except Exception as exc:  # the batch never stops: report the item and carry on
            log.exception("could not receive %s", item.source_ref)
            report.seen += 1
            report.errors.append(f"{item.source_ref}: {type(exc).__name__}: {exc}")
            result = None
        else:
            report.add(result)
        if progress:
            progress(result)
    return report


def mbox_import(path: Path, **kwargs) -> ImportReport:
    return messages_import(SOURCES["mbox"].iter_messages(path), via=Via.MBOX, **kwargs)


def maildir_import(path: Path, **kwargs) -> ImportReport:
    return messages_import(SOURCES["maildir"].iter_messages(path), via=Via.MAILDIR, **kwargs)


def eml_import(paths: list[Path], **kwargs) -> ImportReport:
    return messages_import(SOURCES["eml"].iter_messages(paths), via=Via.EML, **kwargs)


def _imap_cursor(account: imap_source.ImapAccount, validity: int) -> ImapCursor:
    cursor, _ = ImapCursor.objects.get_or_create(account=account.key[:500])
    if cursor.uidvalidity != validity:
        # RFC 3501 §2.3.1.1: old UIDs mean nothing now; start again (dedupe catches repeats).
        if cursor.uidvalidity:
            log.warning("UIDVALIDITY of %s changed from %s to %s; rescanning", account.key, cursor.uidvalidity, validity)
        cursor.uidvalidity, cursor.last_uid = validity, 0
        cursor.save(update_fields=["uidvalidity", "last_uid", "updated_at"])
    return cursor


def _set_aside(raw: bytes, source_ref: str, exc: Exception) -> str:
    """Keep a message that could not be received in the blob store and say how to retry it."""
    log.exception("could not receive %s", source_ref)
    try:
        path = storage.blob_path(storage.blob_put(raw))
    except OSError as store_exc:
        return f"{source_ref}: {type(exc).__name__}: {exc} (and it could not be stored: {store_exc})"
    return (f"{source_ref}: {type(exc).__name__}: {exc}; the raw message is kept at {path}; "
            f"retry with `whoswatching intake import-eml {path}`")


def _imap_advance(cursor_pk: int, uid: int, validity: int) -> None:
    ImapCursor.objects.filter(pk=cursor_pk, last_uid__lt=uid).update(last_uid=uid, uidvalidity=validity)


def imap_fetch(
    account: imap_source.ImapAccount | None = None,
    *,
    idle: bool = False,
    idle_timeout: float = 290.0,
    stop: threading.Event | None = None,
    limits: Limits | None = None,
    progress: Callable[[ReceiveResult | None], None] | None = None,
    reconnect_delay: float = 5.0,
) -> ImportReport:
    """Fetch new messages once, or keep watching with IDLE until ``stop`` is set.

    Each message is received and the cursor advanced in one transaction, so after a crash the
    next run starts at the first message not yet committed: none is skipped, none filed twice.
    ``idle_timeout`` stays under the 29 minutes after which RFC 2177 lets servers drop an IDLE.
    A watcher whose connection drops (server restart, network) reconnects, waiting
    ``reconnect_delay`` seconds, doubled after each failure up to five minutes; the first
    connection failing is an error at once.
    """
    account = account or imap_source.ImapAccount.from_config()
    report = ImportReport(source=f"imap {account.key}")
    delay = reconnect_delay
    box = imap_source.connect(account)
    while True:
        try:
            _imap_session(box, account, report, idle=idle, idle_timeout=idle_timeout, stop=stop, limits=limits,
                          progress=progress)
            _logout_quietly(box)
            return report
        except imap_source.CONNECTION_ERRORS as exc:
            _logout_quietly(box)
            if not idle:
                raise imap_source.SourceError(f"IMAP {account.key}: connection lost ({exc}); run again") from exc
            log.warning("IMAP %s: connection lost (%s); reconnecting", account.key, exc)
        while True:
            if stop is None:
                time.sleep(delay)
            elif stop.wait(delay):
                return report
            try:
                box = imap_source.connect(account)
                delay = reconnect_delay
                break
            except imap_source.SourceError as exc:
                delay = min(delay * 2, 300.0)
                log.warning("IMAP %s: %s; next try in %.0f s", account.key, exc, delay)


def _logout_quietly(box) -> None:
    try:
        box.logout()
    except Exception:  # the connection may already be gone; nothing to save
        log.debug("IMAP logout failed", exc_info=True)


def _imap_session(box, account, report: ImportReport, *, idle, idle_timeout, stop, limits, progress) -> None:
    """Read new messages on one connection; with ``idle``, keep waiting for more until ``stop``."""
    while True:
        validity = imap_source.uidvalidity(box, account.mailbox)
        cursor = _imap_cursor(account, validity)
        for uid, item in imap_source.iter_messages(box, after=cursor.last_uid):
            advance = functools.partial(_imap_advance, cursor.pk, uid, validity)
            source_ref = f"imap:{account.key}:{validity}:{uid}"
            try:
                result: ReceiveResult | None = _receive(item.raw, via=Via.IMAP, source_ref=source_ref,
                                                        limits=limits, also=advance)
            except Exception as exc:  # one poison message must not block the mailbox for ever
                result = None
                report.seen += 1
                report.errors.append(_set_aside(item.raw, source_ref, exc))
                with transaction.atomic():
                    advance()
            else:
                report.add(result)
            if progress:
                progress(result)
            if stop is not None and stop.is_set():
                return
        if not idle or (stop is not None and stop.is_set()):
            return
        imap_source.wait_for_new(box, timeout=idle_timeout if stop is None else min(idle_timeout, 1.0))
        if stop is not None and stop.is_set():
            return
