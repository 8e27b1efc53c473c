"""A real IMAP server (pymap, in-memory ``dict`` backend) on an ephemeral loopback port, for tests."""

from __future__ import annotations

import imaplib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

USER, PASSWORD = "demouser", "demopass"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Imapd:
    """``pymap --no-tls dict`` started as a child process; stopped by :meth:`stop`."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or _free_port()
        exe = Path(sys.executable).with_name("pymap")
        self.proc = subprocess.Popen(
            [str(exe), "--host", "127.0.0.1", "--port", str(self.port), "--no-tls",
             "--no-service", "admin", "--no-service", "managesieve", "dict", "--demo-user", USER,
             "--demo-password", PASSWORD],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                    self.stop()
                    raise RuntimeError(f"pymap did not start: {err[-2000:]}") from None
                time.sleep(0.1)

    def client(self) -> imaplib.IMAP4:
        conn = imaplib.IMAP4("127.0.0.1", self.port)
        conn.login(USER, PASSWORD)
        return conn

    def deliver(self, raw: bytes, mailbox: str = "INBOX") -> None:
        """Put a message in the mailbox the way a mail server would (IMAP APPEND)."""
        conn = self.client()
        try:
            typ, data = conn.append(mailbox, None, None, raw)
            assert typ == "OK", data
        finally:
            conn.logout()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
