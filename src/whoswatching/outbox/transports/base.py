"""What a transport is: it hands one envelope to the world and says how that went (pure).

Exactly-once rests on one contract. A transport calls ``before_end()`` immediately before the single
act that makes delivery irreversible (SMTP: sending the final ``CRLF.CRLF`` of DATA; files: the atomic
rename). If ``before_end`` raises, the transport must abort without that act. The worker commits the
message's "ending" phase inside ``before_end`` and commits "sent" as soon as ``send`` returns, so a crash
can leave a message ambiguous only between the two commits: RFC 1047's window, kept as small as we can.

Outcomes::

    SENT        accepted (SMTP 250 to end-of-data; file renamed into place)
    TRANSIENT   not accepted, try later (4xx reply, connection refused/lost before end-of-data)
    PERMANENT   refused (5xx on MAIL, RCPT or DATA): failed, shown to staff
    AMBIGUOUS   the end was sent but no reply came (connection lost, timeout): in doubt, never resent blindly
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Protocol


class Outcome(enum.StrEnum):
    SENT = "sent"
    TRANSIENT = "transient"
    PERMANENT = "permanent"
    AMBIGUOUS = "ambiguous"


@dataclass(frozen=True)
class Envelope:
    key: str
    message_id: str
    sender: str
    recipients: tuple[str, ...]
    raw: bytes
    created: date


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    code: int | None = None
    response: str = ""
    #: True when the failure was the connection itself (server down), not this message.
    connection_failed: bool = False


class Transport(Protocol):
    name: str

    def send(self, envelope: Envelope, *, before_end: Callable[[], None]) -> Result: ...

    def probe(self, envelope: Envelope) -> bool | None:
        """After a crash in the ambiguous window: True delivered, False not delivered, None unknown."""
        ...

    def close(self) -> None: ...
