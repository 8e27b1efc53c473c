"""Build an outgoing message's RFC 5322 bytes with a Message-ID derived from its idempotency key (pure).

The Message-ID is ``<KEY@REPLY_DOMAIN>`` (RFC 5322 §3.6.4: ``id-left "@" id-right``), so the same request
always carries the same ID. That lets a recipient, an SMTP log or our own tests spot a duplicate, and lets
replies (In-Reply-To/References) be matched back to the request by intake. Keys outside the dot-atom
character set are slugged and suffixed with a hash of the original key, so distinct keys keep distinct IDs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr

_ATEXT = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_NOT_ATEXT = re.compile(r"[^A-Za-z0-9._+=-]+")
#: Headers the outbox sets itself; callers may not override them through ``headers``.
RESERVED_HEADERS = frozenset({"from", "to", "reply-to", "subject", "message-id", "date", "mime-version",
                              "content-type", "content-transfer-encoding"})


class AddressError(ValueError):
    """An address the outbox cannot send to (no domain, or header injection)."""


def message_id_for(key: str, domain: str) -> str:
    """``<key@domain>`` when the key is a dot-atom, else a slug of it plus 10 hex digits of its SHA-256."""
    if _ATEXT.match(key) and len(key) <= 120:
        left = key
    else:
        slug = _NOT_ATEXT.sub("-", key).strip(".-")[:80] or "msg"
        left = f"{slug}.{hashlib.sha256(key.encode()).hexdigest()[:10]}"
    return f"<{left}@{domain}>"


def address_parse(value: str) -> tuple[str, str]:
    """Return ``(address, lowercased domain)`` of one mailbox, or raise :class:`AddressError`."""
    if not value or "\n" in value or "\r" in value:
        raise AddressError(f"not a usable address: {value!r}")
    _, addr = parseaddr(value)
    local, at, domain = addr.rpartition("@")
    if not at or not local or "." not in domain or " " in addr:
        raise AddressError(f"not a usable address (expected name@domain.tld): {value!r}")
    if not addr.isascii():
        raise AddressError(f"internationalised addresses (RFC 6531 SMTPUTF8) are not supported: {value!r}")
    return addr, domain.lower().rstrip(".")


def message_build(
    *,
    message_id: str,
    sender: str,
    to: str,
    subject: str,
    body: str,
    date: datetime,
    reply_to: str = "",
    headers: Mapping[str, str] | None = None,
) -> bytes:
    """Return the message as bytes with CRLF line ends, ready for SMTP DATA or an .eml file."""
    msg = EmailMessage(policy=SMTP)
    msg["From"] = sender
    msg["To"] = to
    if reply_to:
        msg["Reply-To"] = reply_to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = message_id
    for name, value in (headers or {}).items():
        if name.lower() in RESERVED_HEADERS:
            raise ValueError(f"header {name!r} is set by the outbox; pass it as an argument instead")
        msg[name] = value
    msg.set_content(body)
    return msg.as_bytes()


def display_address(name: str, addr: str) -> str:
    """``"Name" <addr>`` with RFC 5322 quoting, for callers composing a From or To with a display name."""
    local, _, domain = addr.rpartition("@")
    return str(Address(display_name=name, username=local, domain=domain))
