"""SMTP transport: one reused connection, replies classified per RFC 5321 §4.2.1 (pure, smtplib).

DATA is driven by hand rather than through ``smtplib.SMTP.sendmail`` so that ``before_end()`` runs
just before the write that carries the final ``CRLF.CRLF`` (RFC 5321 §4.1.1.4): until that line is sent the
server must discard the transaction if the connection drops, so nothing before it can duplicate a
message. A lost connection or a timeout *after* it is ambiguous (RFC 1047) and reported as such.

Reply classes: 2xx accepted; 4xx transient (deferred, retried with back-off); 5xx permanent (failed).
A 421, a refused connection or a connection lost before end-of-data is transient and marks the
connection failed (the worker stops the batch: the server is down, not the message).
Port 465 uses implicit TLS (RFC 8314); otherwise ``starttls=True`` upgrades with STARTTLS (RFC 3207).
"""

from __future__ import annotations

import contextlib
import re
import smtplib
import socket
import ssl
from collections.abc import Callable

from whoswatching import config
from whoswatching.outbox.transports.base import Envelope, Outcome, Result

_DOT_LINE = re.compile(rb"^\.", re.M)
#: Messages up to this size are written together with their end-of-data line (one loopback/TCP write).
ONE_WRITE_BYTES = 64 * 1024


def _dot_stuff(raw: bytes) -> bytes:
    """CRLF line ends and a leading dot doubled on every line (RFC 5321 §4.5.2), ending in CRLF."""
    data = re.sub(rb"\r\n|\r|\n", b"\r\n", raw)
    data = _DOT_LINE.sub(b"..", data)
    return data if data.endswith(b"\r\n") else data + b"\r\n"


def _text(resp: bytes | str) -> str:
    return resp.decode("utf-8", "replace") if isinstance(resp, bytes) else str(resp)


def _classify(code: int, resp: bytes | str, stage: str) -> Result:
    text = f"{stage}: {code} {_text(resp)}".strip()
    if 200 <= code < 400:
        return Result(Outcome.SENT, code, text)
    if 400 <= code < 500:
        return Result(Outcome.TRANSIENT, code, text, connection_failed=code == 421)
    return Result(Outcome.PERMANENT, code, text)


class SmtpTransport:
    """Deliver over one SMTP connection, opened on first use and reused until closed or lost."""

    name = "smtp"

    def __init__(
        self,
        *,
        host: str | None = None,
        port: int | None = None,
        user: str | None = None,
        password: str | None = None,
        starttls: bool | None = None,
        timeout: float = 60.0,
        helo: str | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.host = host if host is not None else config.SMTP_HOST
        self.port = port if port is not None else config.SMTP_PORT
        self.user = user if user is not None else config.SMTP_USER
        self.password = password if password is not None else config.SMTP_PASSWORD
        self.starttls = config.SMTP_STARTTLS if starttls is None else starttls
        self.timeout = timeout
        # An explicit EHLO name: smtplib's default calls getfqdn(), a DNS lookup we do not want.
        self.helo = helo or config.REPLY_DOMAIN
        self.ssl_context = ssl_context
        self._conn: smtplib.SMTP | None = None
        if not self.host:
            raise ValueError("SMTP transport needs a host (set WHOSWATCHING_SMTP_HOST)")

    def _connect(self) -> smtplib.SMTP:
        if self._conn is not None:
            return self._conn
        context = self.ssl_context or ssl.create_default_context()
        if self.port == 465:
            conn: smtplib.SMTP = smtplib.SMTP_SSL(
                self.host, self.port, local_hostname=self.helo, timeout=self.timeout, context=context
            )
        else:
            conn = smtplib.SMTP(self.host, self.port, local_hostname=self.helo, timeout=self.timeout)
        conn.ehlo_or_helo_if_needed()
        # The end-of-data line goes out in its own write after before_end(): without TCP_NODELAY, Nagle's
        # algorithm holds it until the server's delayed ACK (~40 ms per message on Linux).
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.starttls and self.port != 465:
            conn.starttls(context=context)
            conn.ehlo()
        if self.user:
            conn.login(self.user, self.password)
        self._conn = conn
        return conn

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.close()

    def _reset(self) -> None:
        """Abandon the current transaction (RSET) so the connection can carry the next message."""
        if self._conn is None:
            return
        try:
            self._conn.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()

    def send(self, envelope: Envelope, *, before_end: Callable[[], None]) -> Result:
        for fresh in (False, True):
            try:
                conn = self._connect()
            except smtplib.SMTPResponseException as exc:
                self._drop()
                result = _classify(exc.smtp_code, exc.smtp_error, "connect")
                return Result(result.outcome, result.code, result.response, connection_failed=True)
            except (smtplib.SMTPException, OSError) as exc:
                self._drop()
                return Result(Outcome.TRANSIENT, None, f"connect: {exc!r}", connection_failed=True)
            try:
                return self._transaction(conn, envelope, before_end)
            except _Disconnected as exc:
                self._drop()
                # A reused connection the server closed while idle: retry once on a fresh one.
                if fresh:
                    return Result(Outcome.TRANSIENT, None, str(exc), connection_failed=True)
        raise AssertionError("unreachable")

    def _transaction(self, conn: smtplib.SMTP, env: Envelope, before_end: Callable[[], None]) -> Result:
        if not all(a.isascii() for a in (env.sender, *env.recipients)):
            return Result(Outcome.PERMANENT, None, "non-ASCII address: SMTPUTF8 (RFC 6531) is not supported")
        try:
            code, resp = conn.mail(env.sender)
            if code != 250:
                self._reset()
                return _classify(code, resp, "MAIL FROM")
            for rcpt in env.recipients:
                code, resp = conn.rcpt(rcpt)
                if code not in (250, 251):
                    self._reset()
                    return _classify(code, resp, f"RCPT TO {rcpt}")
            code, resp = conn.docmd("DATA")
            if code != 354:
                self._reset()
                return _classify(code, resp, "DATA")
            data = _dot_stuff(env.raw)
            # A small message goes out with its end-of-data line in one write (one wake-up of the server
            # instead of two); a large one is sent first, so the ambiguous window never covers its transfer.
            tail = data + b".\r\n" if len(data) <= ONE_WRITE_BYTES else b".\r\n"
            if len(data) > ONE_WRITE_BYTES:
                conn.send(data)
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            raise _Disconnected(f"before end-of-data: {exc!r}") from exc
        try:
            before_end()
        except BaseException:
            # The final dot was not sent: closing now makes the server discard the transaction.
            self._drop()
            raise
        try:
            conn.send(tail)
            code, resp = conn.getreply()
        except (TimeoutError, smtplib.SMTPException, OSError) as exc:
            self._drop()
            return Result(Outcome.AMBIGUOUS, None, f"no reply to end-of-data: {exc!r}")
        result = _classify(code, resp, "end of DATA")
        if code == 421:
            self._drop()
        return result

    def probe(self, envelope: Envelope) -> bool | None:
        return None

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._conn.quit()
        self._drop()


class _Disconnected(Exception):
    """The connection was lost before end-of-data: safe to retry (nothing was accepted)."""
