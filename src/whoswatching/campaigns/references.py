"""Request references and per-request reply addresses (pure).

Every request carries a reference ``WW-YYYY-NNNNNN`` (year of issue, six-digit serial, e.g.
``WW-2026-000123``) in its subject line and a reply address built by plus-addressing
(RFC 5233 subaddressing) on the configured reply domain, e.g. ``foi+ww-2026-000123@replies.example``.
Intake matches replies by either. Numbers are allocated by the database counter in
``campaigns.models.ReferenceCounter``; this module only formats and parses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PREFIX = "WW"
SERIAL_DIGITS = 6
MAX_SERIAL = 10**SERIAL_DIGITS - 1

#: A reference anywhere in a subject or address, any case (``ww-2026-000123`` in a reply address).
REFERENCE_RE = re.compile(r"\bWW-(\d{4})-(\d{6})\b", re.IGNORECASE)


class ReferenceError(ValueError):
    """A reference or serial outside the ``WW-YYYY-NNNNNN`` format."""


@dataclass(frozen=True, order=True)
class Reference:
    year: int
    serial: int

    def __str__(self) -> str:
        return format_reference(self.year, self.serial)


def format_reference(year: int, serial: int) -> str:
    """``WW-2026-000123`` from (2026, 123)."""
    if not 1000 <= year <= 9999:
        raise ReferenceError(f"year {year} is not a four-digit year")
    if not 1 <= serial <= MAX_SERIAL:
        raise ReferenceError(f"serial {serial} is outside 1..{MAX_SERIAL}; the year's references are used up")
    return f"{PREFIX}-{year:04d}-{serial:0{SERIAL_DIGITS}d}"


def parse_reference(text: str) -> Reference:
    """The reference in ``text`` (exactly one reference, any case)."""
    match = REFERENCE_RE.fullmatch(text.strip())
    if not match:
        raise ReferenceError(f"{text!r} is not a reference of the form WW-YYYY-NNNNNN")
    return Reference(int(match.group(1)), int(match.group(2)))


def find_references(text: str) -> list[Reference]:
    """Every reference found in free text (a subject line, a To: address), in order, without repeats."""
    seen: list[Reference] = []
    for match in REFERENCE_RE.finditer(text):
        ref = Reference(int(match.group(1)), int(match.group(2)))
        if ref not in seen:
            seen.append(ref)
    return seen


def reply_address(reference: str, *, mail_from: str, reply_domain: str) -> str:
    """Per-request reply address: the local part of ``mail_from`` plus ``+`` and the lower-case reference.

    ``reply_address("WW-2026-000123", mail_from="foi@example.org", reply_domain="replies.example.org")``
    is ``foi+ww-2026-000123@replies.example.org``.
    """
    parse_reference(reference)
    local = mail_from.rsplit("@", 1)[0].split("+", 1)[0].strip() or "foi"
    domain = reply_domain.strip().lstrip("@")
    if not domain:
        raise ReferenceError("no reply domain configured: set WHOSWATCHING_REPLY_DOMAIN")
    return f"{local}+{reference.lower()}@{domain}"


def subject_with_reference(subject: str, reference: str) -> str:
    """The subject with ``[reference]`` appended unless it already carries it."""
    if reference.lower() in subject.lower():
        return subject
    return f"{subject.rstrip()} [{reference}]"
