"""Shared fixtures: no network beyond loopback, a per-test data dir, paths to shared test data."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch):
    """Fail any test that tries to connect beyond 127.0.0.1/::1 (the project's network rule)."""
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        remote = isinstance(host, str) and self.family in (socket.AF_INET, socket.AF_INET6)
        if remote and host not in ("::1", "localhost") and not host.startswith("127."):
            raise RuntimeError(f"test tried to reach {host!r}: only loopback is allowed")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def shared_data() -> Path:
    path = SHARED / "data"
    if not path.exists():
        pytest.skip("../shared/data is not beside the checkout")
    return path
