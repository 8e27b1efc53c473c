"""Outbox delivery rate: 5,000 requests to a local aiosmtpd server, throttling off (issue 2: >= 200 msg/s).

The figure is the full worker path (claim in batches of 50, commit "ending" before each end-of-data and
"sent" after each 250, append the attempt row) over one reused SMTP connection. The baseline, measured in
the same run against the same server, is plain ``smtplib.sendmail`` of the same 5,000 messages with no
database at all: the gap between the two is the price of exactly-once.

Runs in a child process on a scratch SQLite database in a temporary folder (never your data); set
``OUTBOX_BENCH_DATABASE_URL`` to measure a scratch PostgreSQL database instead (it is migrated and filled).
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
import time

N = int(os.environ.get("OUTBOX_BENCH_N", "5000"))
#: Concurrent workers (threads, one connection each); PostgreSQL flushes their commits together.
WORKERS = int(os.environ.get("OUTBOX_BENCH_WORKERS", "1"))


def run() -> None:
    with tempfile.TemporaryDirectory(prefix="ww-bench-outbox-") as tmp:
        env = dict(os.environ, WHOSWATCHING_DATA_DIR=tmp, DJANGO_SETTINGS_MODULE="whoswatching.web.settings.dev",
                   WHOSWATCHING_DEBUG="0", WHOSWATCHING_SECRET_KEY=secrets.token_urlsafe(50))
        env.pop("DATABASE_URL", None)
        if os.environ.get("OUTBOX_BENCH_DATABASE_URL"):
            env["DATABASE_URL"] = os.environ["OUTBOX_BENCH_DATABASE_URL"]
        subprocess.run([sys.executable, "-m", "benchmarks.outbox"], env=env, check=True)


_SERVER = """
import asyncio, sys
from aiosmtpd.controller import Controller

class Count:
    received = 0

    async def handle_DATA(self, server, session, envelope):
        Count.received += 1
        return "250 2.0.0 accepted"

controller = Controller(Count(), hostname="127.0.0.1", port=int(sys.argv[1]), server_hostname="localhost")
controller.start()
print("ready", flush=True)
sys.stdin.read()
controller.stop()
print(Count.received, flush=True)
"""


class _Server:
    """aiosmtpd in its own process (as a real MTA would be), counting what it accepted."""

    def __enter__(self) -> _Server:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc = subprocess.Popen([sys.executable, "-c", _SERVER, str(self.port)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "ready"
        return self

    def received(self) -> int:
        out, _ = self.proc.communicate("", timeout=60)
        return int(out.strip())

    def __exit__(self, *exc) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def _deliver(workers: int, deliver) -> int:
    """Run ``deliver`` in ``workers`` threads at once (each with its own database connection)."""
    import threading

    from django.db import connection

    sent: list[int] = []

    def one() -> None:
        try:
            sent.append(deliver().sent)
        finally:
            connection.close()

    if workers == 1:
        return deliver().sent
    threads = [threading.Thread(target=one) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(sent)


def _child() -> None:
    import smtplib

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from whoswatching.outbox import services
    from whoswatching.outbox.delivery import envelope_of
    from whoswatching.outbox.models import OutboxMessage
    from whoswatching.outbox.throttle import Throttle
    from whoswatching.outbox.transports.smtp import SmtpTransport

    call_command("migrate", interactive=False, verbosity=0)
    OutboxMessage.objects.all().delete()
    t0 = time.perf_counter()
    services.messages_enqueue(
        services.NewMessage(key=f"BENCH-{i:05d}.request", to=f"foi@body{i % 400}.gov.uk",
                            subject=f"Freedom of Information request BENCH-{i:05d}",
                            body="Dear FOI officer,\n\nWhich CCTV cameras do you operate, and from which makers?\n" * 8)
        for i in range(N)
    )
    enqueue_s = time.perf_counter() - t0
    envelopes = [envelope_of(m) for m in OutboxMessage.objects.order_by("id")]
    with _Server() as server:
        t0, c0 = time.perf_counter(), time.process_time()
        with smtplib.SMTP("127.0.0.1", server.port, local_hostname="localhost") as smtp:
            for env in envelopes:
                smtp.sendmail(env.sender, list(env.recipients), env.raw)
        base_s, base_cpu = time.perf_counter() - t0, time.process_time() - c0
        t0, c0 = time.perf_counter(), time.process_time()
        sent = _deliver(WORKERS, lambda: services.outbox_deliver(
            transport=SmtpTransport(host="127.0.0.1", port=server.port), throttle=Throttle()))
        outbox_s, outbox_cpu = time.perf_counter() - t0, time.process_time() - c0
        received = server.received()
    assert sent == N and received == 2 * N, (sent, received)
    engine = connection.vendor
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (figures scale with it)")
    print(f"enqueue {N} (bulk, {engine}):           {N / enqueue_s:8.0f} msg/s  ({enqueue_s:.2f} s)")
    print(f"baseline: raw smtplib, no database:    {N / base_s:8.0f} msg/s  ({base_s:.2f} s;"
          f" sender CPU {base_cpu / N * 1000:.2f} ms/msg)")
    print(f"outbox_deliver, exactly-once ({engine}, {WORKERS} worker{'s' if WORKERS > 1 else ''}): {N / outbox_s:8.0f} msg/s"
          f"  ({outbox_s:.2f} s; sender CPU {outbox_cpu / N * 1000:.2f} ms/msg)"
          f"  [{outbox_s / base_s:.1f}x baseline time; target >= 200 msg/s]")
    OutboxMessage.objects.all().delete()


if __name__ == "__main__":
    _child()
