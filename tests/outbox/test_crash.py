"""Exactly-once across SIGKILL: the real worker process, killed at random points, against a real SMTP server.

Issue 2's crash-safety standard: "Sending survives a kill -9 at any point: on restart nothing is sent
twice and nothing is lost." The server (aiosmtpd, in this process, on 127.0.0.1) records every Message-ID
it accepted. The worker (``whoswatching outbox send``) runs as a child process on the test's database
(SQLite file or PostgreSQL), and is SIGKILLed mid-run several times, then run to the end.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.outbox.smtpd import Recorder, Server
from whoswatching.outbox import services
from whoswatching.outbox.models import OutboxMessage, Phase, State

REPO = Path(__file__).resolve().parents[2]
WORKER = REPO / ".venv" / "bin" / "whoswatching"
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _worker(port: int, tmp_path: Path, log_name: str, *extra: str) -> subprocess.Popen:
    db = connection.settings_dict
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="tests.outbox.proc_settings",
        PYTHONPATH=str(REPO),
        WW_OUTBOX_TEST_DB=json.dumps({k: db[k] for k in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT", "OPTIONS")}),
        WHOSWATCHING_DATA_DIR=str(tmp_path),
        WHOSWATCHING_SMTP_HOST="127.0.0.1",
        WHOSWATCHING_SMTP_PORT=str(port),
        WHOSWATCHING_SEND_PER_MINUTE="0",
        WHOSWATCHING_SEND_PER_DOMAIN_PER_MINUTE="0",
        WHOSWATCHING_SECRET_KEY="test-only-outbox-worker-not-secret",
    )
    log = open(tmp_path / log_name, "wb")  # noqa: SIM115 - closed by the OS when the child ends
    return subprocess.Popen([str(WORKER), "outbox", "send", "--quiet", *extra], env=env, cwd=tmp_path,
                            stdout=log, stderr=subprocess.STDOUT)


def _wait_for(predicate, timeout: float, proc: subprocess.Popen | None = None) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        if proc is not None and proc.poll() is not None:
            return False
        time.sleep(0.005)
    return False


def _enqueue(n: int) -> None:
    services.messages_enqueue(
        services.NewMessage(key=f"NBC-2026-{i:04d}.request", to=f"foi@body{i % 37}.gov.uk",
                            subject=f"Freedom of Information request NBC-2026-{i:04d}",
                            body="Dear Northmoor Borough Council,\n\nWhich CCTV cameras do you operate?\n")
        for i in range(n)
    )


def test_sigkill_mid_run_never_sends_twice_and_loses_nothing(tmp_path):
    seed = int(os.environ.get("WW_CRASH_SEED") or time.time_ns() % 100_000)
    rng = random.Random(seed)
    n, kills = 300, 4
    _enqueue(n)
    recorder = Recorder(delay=0.004, rcpt_delay=0.002)
    with Server(recorder) as server:
        for k in range(kills):
            before = len(recorder.received)
            proc = _worker(server.port, tmp_path, f"worker-{k}.log")
            started = _wait_for(lambda before=before: len(recorder.received) > before, 60, proc)
            assert started, f"worker {k} sent nothing: {(tmp_path / f'worker-{k}.log').read_text()[-2000:]}"
            time.sleep(rng.uniform(0.0, 0.25))
            proc.send_signal(signal.SIGKILL)
            assert proc.wait(10) == -signal.SIGKILL, f"seed {seed}: worker {k} ended before the kill"
        final = _worker(server.port, tmp_path, "worker-final.log")
        assert final.wait(180) == 0, (tmp_path / "worker-final.log").read_text()[-3000:]
        received = recorder.counts()

    states = dict(OutboxMessage.objects.values_list("message_id", "state"))
    twice = {mid: c for mid, c in received.items() if c > 1}
    assert not twice, f"seed {seed}: received more than once: {twice}"
    assert set(received) <= set(states), f"seed {seed}: server got messages that were never queued"
    in_doubt = [mid for mid, state in states.items() if state == State.IN_DOUBT]
    for mid, state in states.items():
        if state == State.SENT:
            assert received[mid] == 1, f"seed {seed}: {mid} marked sent but received {received[mid]} times"
        else:
            assert state == State.IN_DOUBT, f"seed {seed}: {mid} left {state} after the final run"
    assert len(in_doubt) <= kills, f"seed {seed}: {len(in_doubt)} in doubt after {kills} kills"
    assert len(received) >= n - len(in_doubt)


def test_kill_while_server_holds_the_final_reply_gives_in_doubt_not_a_duplicate(tmp_path):
    _enqueue(20)
    target = OutboxMessage.objects.get(key="NBC-2026-0005.request")
    recorder = Recorder(hold={target.message_id: 15.0})
    with Server(recorder) as server:
        proc = _worker(server.port, tmp_path, "worker-0.log")
        assert recorder.held.wait(60), (tmp_path / "worker-0.log").read_text()[-2000:]
        # The server has the whole message and has not answered yet; our side committed "ending" first.
        target.refresh_from_db()
        assert (target.state, target.phase) == (State.SENDING, Phase.ENDING)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        final = _worker(server.port, tmp_path, "worker-1.log")
        assert final.wait(120) == 0, (tmp_path / "worker-1.log").read_text()[-3000:]
        received = recorder.counts()
    target.refresh_from_db()
    assert target.state == State.IN_DOUBT and "in doubt" in target.last_error
    assert received[target.message_id] == 1
    assert set(received.values()) == {1} and len(received) == 20
    assert OutboxMessage.objects.filter(state=State.SENT).count() == 19
    # Staff check the server log and settle it: no resend.
    assert services.message_resolve_in_doubt(key=target.key, sent=True).state == State.SENT


def test_sigterm_stops_cleanly_after_the_current_message(tmp_path):
    _enqueue(100)
    recorder = Recorder(delay=0.01)
    with Server(recorder) as server:
        proc = _worker(server.port, tmp_path, "worker.log", "--loop", "--interval", "0.2")
        assert _wait_for(lambda: len(recorder.received) > 5, 60, proc)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0, (tmp_path / "worker.log").read_text()[-2000:]
        received = recorder.counts()
    assert "stop requested" in (tmp_path / "worker.log").read_text()
    assert not OutboxMessage.objects.exclude(state__in=(State.SENT, State.QUEUED)).exists()
    sent = set(OutboxMessage.objects.filter(state=State.SENT).values_list("message_id", flat=True))
    assert sent == set(received) and set(received.values()) == {1}
    assert OutboxMessage.objects.filter(state=State.QUEUED).count() == 100 - len(sent) > 0


def test_two_workers_at_once_share_the_queue_without_duplicates(tmp_path):
    """Claims are conditional updates: concurrent workers (scale-out) never take the same message."""
    _enqueue(200)
    recorder = Recorder(delay=0.01)  # >= 2 s of sending, so both workers (started together) overlap
    with Server(recorder) as server:
        procs = [_worker(server.port, tmp_path, f"worker-{i}.log") for i in range(2)]
        for i, proc in enumerate(procs):
            assert proc.wait(180) == 0, (tmp_path / f"worker-{i}.log").read_text()[-2000:]
        received = recorder.counts()
    assert len(received) == 200 and set(received.values()) == {1}
    assert OutboxMessage.objects.filter(state=State.SENT).count() == 200
    workers = set(OutboxMessage.objects.values_list("attempt_log__worker", flat=True))
    assert len(workers) == 2, "both workers should have sent some of the queue"
