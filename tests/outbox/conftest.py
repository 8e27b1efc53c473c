"""Outbox fixtures: a recording SMTP server on 127.0.0.1 and a helper to enqueue fictional requests."""

from __future__ import annotations

import pytest

from tests.outbox.smtpd import Recorder, Server


@pytest.fixture
def smtp_server():
    with Server(Recorder()) as server:
        yield server


@pytest.fixture
def smtp_transport(smtp_server):
    from whoswatching.outbox.transports.smtp import SmtpTransport

    transport = SmtpTransport(host="127.0.0.1", port=smtp_server.port, timeout=10)
    yield transport
    transport.close()


@pytest.fixture
def enqueue():
    from whoswatching.outbox import services

    def make(n: int = 3, *, domain: str = "northmoor.gov.uk", prefix: str = "NBC-2026", to: str | None = None):
        return [
            services.message_enqueue(
                key=f"{prefix}-{i:04d}.request", to=to or f"foi@{domain}",
                subject=f"Freedom of Information request {prefix}-{i:04d}",
                body="Dear Northmoor Borough Council,\n\nPlease tell me which CCTV cameras you operate.\n",
                kind="request", object_ref=f"campaigns.Request:{i}",
            )
            for i in range(n)
        ]

    return make
