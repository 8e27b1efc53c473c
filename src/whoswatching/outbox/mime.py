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
from email import charset as email_charset
from email.header import Header
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import format_datetime, formataddr, parseaddr

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


#: UTF-8 bodies go out quoted-printable (readable in raw form, 7-bit safe); built once.
_UTF8_QP = email_charset.Charset("utf-8")
_UTF8_QP.body_encoding = email_charset.QP
#: CRLF line ends, lines folded at 78 (RFC 5322 §2.1.1), as SMTP DATA wants them.
_SMTP_POLICY = compat32.clone(linesep="\r\n")


def _header(value: str) -> str | Header:
    """ASCII as is; anything else as an RFC 2047 encoded word."""
    return value if value.isascii() else Header(value, "utf-8")


def _address(value: str) -> str:
    """A mailbox header value; a non-ASCII display name is encoded, the address itself never is."""
    if value.isascii():
        return value
    name, addr = parseaddr(value)
    return formataddr((name, addr), charset="utf-8")


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
    """Return the message as bytes with CRLF line ends, ready for SMTP DATA or an .eml file.

    Built with the standard library's compat32 MIME classes: about ten times faster than
    ``EmailMessage`` with the SMTP policy (whose header registry parses every value), which matters when a
    campaign enqueues thousands of requests at once. Addresses were validated by :func:`address_parse`.
    """
    if body.isascii() and all(len(line) <= 998 for line in body.splitlines()):
        msg = MIMEText(body, "plain", "us-ascii")
    else:  # non-ASCII, or lines longer than SMTP allows (RFC 5321 §4.5.3.1.6): quoted-printable
        msg = MIMEText(body, "plain", _UTF8_QP)
    msg["From"] = _address(sender)
    msg["To"] = _address(to)
    if reply_to:
        msg["Reply-To"] = _address(reply_to)
    msg["Subject"] = _header(subject)
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = message_id
    for name, value in (headers or {}).items():
        if name.lower() in RESERVED_HEADERS:
            raise ValueError(f"header {name!r} is set by the outbox; pass it as an argument instead")
        if "\n" in value or "\r" in value:
            raise ValueError(f"header {name!r} must be one line")
        msg[name] = _header(value)
    return msg.as_bytes(policy=_SMTP_POLICY)
