"""IMAP mailboxes (RFC 3501), polled or watched with IDLE (RFC 2177), via imap-tools.

Only the protocol lives here; the service keeps the position. A message is identified by its
UID, valid while the mailbox's UIDVALIDITY stays the same (RFC 3501 §2.3.1.1): the service stores
(UIDVALIDITY, last UID) in an ``ImapCursor`` row committed with each message, and starts again
from UID 1 when UIDVALIDITY changes (duplicates are then caught by Message-ID/content hash).
Messages are fetched with ``BODY.PEEK[]`` so the server's \\Seen flags are left alone, and the
search ``UID n:*`` result is filtered client-side because servers always return the highest
UID even when it is below ``n`` (RFC 3501 §6.4.8).
"""

from __future__ import annotations

import imaplib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from imap_tools import BaseMailBox, MailBox, MailBoxUnencrypted
from imap_tools.errors import MailboxLoginError, MailboxTaggedResponseError

from whoswatching import config
from whoswatching.intake.sources.base import RawItem, SourceError


@dataclass(frozen=True)
class ImapAccount:
    host: str
    port: int
    user: str
    password: str
    ssl: bool = True
    mailbox: str = "INBOX"

    @property
    def key(self) -> str:
        """Identifies the cursor row: ``host:port/user/mailbox``."""
        return f"{self.host}:{self.port}/{self.user}/{self.mailbox}"

    @classmethod
    def from_config(cls, *, mailbox: str = "INBOX") -> ImapAccount:
        if not config.IMAP_HOST or not config.IMAP_USER:
            raise SourceError("no IMAP account configured: set WHOSWATCHING_IMAP_HOST, _USER and _PASSWORD")
        return cls(config.IMAP_HOST, config.IMAP_PORT, config.IMAP_USER, config.IMAP_PASSWORD,
                   config.IMAP_SSL, mailbox)


#: What a dropped connection raises mid-session: socket errors, imaplib's abort, and imap_tools'
#: tagged-response error when IDLE ends on a connection the server closed.
CONNECTION_ERRORS: tuple[type[BaseException], ...] = (OSError, imaplib.IMAP4.abort, MailboxTaggedResponseError)


def connect(account: ImapAccount, *, timeout: float = 60) -> BaseMailBox:
    """A logged-in mailbox with ``account.mailbox`` selected; raise :class:`SourceError` if refused."""
    try:
        box: BaseMailBox = (MailBox if account.ssl else MailBoxUnencrypted)(account.host, account.port, timeout=timeout)
    except OSError as exc:  # refused, unreachable, timed out, TLS handshake (ssl.SSLError is an OSError)
        raise SourceError(
            f"cannot reach the IMAP server {account.host}:{account.port} ({exc}); check WHOSWATCHING_IMAP_HOST, "
            f"_PORT and _SSL, then run again (nothing was fetched)"
        ) from exc
    try:
        box.login(account.user, account.password, initial_folder=account.mailbox)
    except MailboxLoginError as exc:
        raise SourceError(f"IMAP login to {account.host} as {account.user} refused: check the password") from exc
    except Exception as exc:  # imaplib.error for a missing folder, socket errors...
        raise SourceError(f"IMAP {account.key}: {exc}") from exc
    return box


def uidvalidity(box: BaseMailBox, mailbox: str) -> int:
    return int(box.folder.status(mailbox, ["UIDVALIDITY"])["UIDVALIDITY"])


def new_uids(box: BaseMailBox, after: int) -> list[int]:
    """UIDs above ``after``, ascending."""
    typ, data = box.client.uid("SEARCH", None, f"UID {after + 1}:*")
    if typ != "OK":
        raise SourceError(f"IMAP UID SEARCH failed: {data!r}")
    uids = [int(u) for chunk in data if chunk for u in chunk.split()]
    return sorted(u for u in set(uids) if u > after)


_LITERAL_UID = re.compile(rb"UID (\d+)")


def fetch_raw(box: BaseMailBox, uid: int) -> bytes | None:
    """The message's full bytes, or None if it vanished (expunged meanwhile)."""
    typ, data = box.client.uid("FETCH", str(uid), "(UID BODY.PEEK[])")
    if typ != "OK":
        raise SourceError(f"IMAP UID FETCH {uid} failed: {data!r}")
    for item in data:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            found = _LITERAL_UID.search(item[0])
            if found is None or int(found.group(1)) == uid:
                return item[1]
    return None


def wait_for_new(box: BaseMailBox, *, timeout: float) -> bool:
    """Block in IDLE up to ``timeout`` seconds; True if the server reported a change."""
    return bool(box.idle.wait(timeout=timeout))


def iter_messages(box: BaseMailBox, *, after: int) -> Iterator[tuple[int, RawItem]]:
    """``(uid, RawItem)`` for each message above UID ``after`` (the service wraps this with its cursor)."""
    for uid in new_uids(box, after):
        raw = fetch_raw(box, uid)
        if raw is not None:
            yield uid, RawItem(raw, f"imap:uid:{uid}")
