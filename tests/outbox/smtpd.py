"""A real SMTP server on loopback (aiosmtpd) that records what it accepted, with scripted replies."""

from __future__ import annotations

import asyncio
import email
import socket
import threading
from collections import Counter
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Recorder:
    """aiosmtpd handler: records accepted Message-IDs; replies can be scripted per recipient."""

    delay: float = 0.0
    #: seconds to wait before answering each RCPT (time spent before end-of-data).
    rcpt_delay: float = 0.0
    #: recipient -> list of replies to give to RCPT, consumed in order (then 250).
    rcpt_replies: dict[str, list[str]] = field(default_factory=dict)
    #: Message-ID -> seconds to hold the final reply after recording the message.
    hold: dict[str, float] = field(default_factory=dict)
    received: list[str] = field(default_factory=list)
    raw: dict[str, bytes] = field(default_factory=dict)
    sessions: int = 0
    held: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_delay:
            await asyncio.sleep(self.rcpt_delay)
        script = self.rcpt_replies.get(address)
        if script:
            return script.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        mid = email.message_from_bytes(envelope.content)["Message-ID"]
        # Like a real MTA: the message is queued (here: recorded) first, then the 250 goes out.
        with self.lock:
            self.received.append(mid)
            self.raw[mid] = envelope.content
        if self.delay:
            await asyncio.sleep(self.delay)
        if mid in self.hold:
            self.held.set()
            await asyncio.sleep(self.hold[mid])
        return "250 2.0.0 accepted"

    def counts(self) -> Counter:
        with self.lock:
            return Counter(self.received)


class Server:
    def __init__(self, recorder: Recorder | None = None) -> None:
        self.recorder = recorder or Recorder()
        self.port = free_port()
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port,
                                     server_hostname="localhost", ready_timeout=10)

    def __enter__(self) -> Server:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()
