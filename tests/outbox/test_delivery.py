"""Delivery through real transports: files (no network) and SMTP to aiosmtpd on 127.0.0.1."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.outbox.smtpd import free_port
from whoswatching.outbox import services, signals
from whoswatching.outbox.backoff import RetryPolicy
from whoswatching.outbox.models import DeliveryAttempt, OutboxMessage, Phase, State
from whoswatching.outbox.throttle import Throttle
from whoswatching.outbox.transports import transport_make
from whoswatching.outbox.transports.files import FilesTransport
from whoswatching.outbox.transports.smtp import SmtpTransport

pytestmark = pytest.mark.django_db
OFF = Throttle()


@pytest.fixture
def caught():
    got: dict[str, list[str]] = {"sent": [], "failed": [], "deferred": [], "in_doubt": []}
    receivers = {
        "sent": lambda sender, message, **kw: got["sent"].append(message.key),
        "failed": lambda sender, message, **kw: got["failed"].append(message.key),
        "deferred": lambda sender, message, **kw: got["deferred"].append(message.key),
        "in_doubt": lambda sender, message, **kw: got["in_doubt"].append(message.key),
    }
    for name, fn in receivers.items():
        getattr(signals, f"message_{name}").connect(fn, weak=False)
    yield got
    for name, fn in receivers.items():
        getattr(signals, f"message_{name}").disconnect(fn)


def test_files_transport_writes_and_never_opens_a_socket(enqueue, tmp_path, monkeypatch, settings):
    def no_network(*args, **kwargs):
        raise AssertionError("the files transport opened a socket")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr("whoswatching.config.SMTP_HOST", "")
    enqueue(3)
    transport = transport_make()
    assert isinstance(transport, FilesTransport)
    transport.folder = tmp_path
    report = services.outbox_deliver(transport=transport)
    assert report.sent == 3 and report.stopped == "nothing due"
    files = sorted(tmp_path.rglob("*.eml"))
    assert [f.name for f in files] == [f"NBC-2026-{i:04d}.request.eml" for i in range(3)]
    assert not list(tmp_path.rglob("*.tmp"))
    msg = email.message_from_bytes(files[0].read_bytes())
    assert msg["Message-ID"] == "<NBC-2026-0000.request@whoswatching.invalid>"
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {State.SENT}


def test_files_transport_recovers_the_ambiguous_window_by_probing(enqueue, tmp_path):
    """A worker that died between the rename and the 'sent' commit: the file shows it was delivered."""
    a, b = enqueue(2)
    transport = FilesTransport(folder=tmp_path)
    from whoswatching.outbox.delivery import envelope_of

    transport.send(envelope_of(a), before_end=lambda: None)
    dead = "elsewhere:1:dead"
    old = timezone.now() - timedelta(hours=2)
    for m in (a, b):
        OutboxMessage.objects.filter(pk=m.pk).update(state=State.SENDING, phase=Phase.ENDING, claim_token=dead,
                                                     claimed_at=old, transport="files")
    report = services.outbox_deliver(transport=transport, throttle=OFF)
    assert (report.recovery.sent, report.recovery.requeued) == (1, 1)
    assert report.sent == 1
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {State.SENT}


def test_smtp_delivers_over_one_connection(enqueue, smtp_server, smtp_transport, caught):
    enqueue(5, domain="northmoor.gov.uk")
    enqueue(2, domain="staldric.sch.uk", prefix="SAA-2026")
    report = services.outbox_deliver(transport=smtp_transport, throttle=OFF)
    assert report.sent == 7 and report.failed == report.deferred == 0
    received = smtp_server.recorder.counts()
    assert set(received.values()) == {1} and len(received) == 7
    assert smtp_server.recorder.sessions == 1
    m = OutboxMessage.objects.get(key="NBC-2026-0000.request")
    assert m.state == State.SENT and m.smtp_code == 250 and m.attempts == 1 and m.phase == Phase.NONE
    assert len(caught["sent"]) == 7
    body = smtp_server.recorder.raw[m.message_id]
    assert b"Please tell me which CCTV cameras" in body


def test_4xx_defers_with_backoff_then_succeeds(enqueue, smtp_server, smtp_transport, caught):
    m = enqueue(1)[0]
    smtp_server.recorder.rcpt_replies["foi@northmoor.gov.uk"] = ["451 4.7.1 greylisted, try later"]
    policy = RetryPolicy(base_seconds=60, max_seconds=600, max_attempts=3)
    report = services.outbox_deliver(transport=smtp_transport, throttle=OFF, policy=policy)
    m.refresh_from_db()
    assert report.deferred == 1 and m.state == State.DEFERRED and m.smtp_code == 451
    assert timezone.now() + timedelta(seconds=40) < m.next_attempt_at < timezone.now() + timedelta(seconds=80)
    assert caught["deferred"] == [m.key]
    # Not due yet: a run sends nothing.
    assert services.outbox_deliver(transport=smtp_transport, throttle=OFF).attempted == 0
    OutboxMessage.objects.filter(pk=m.pk).update(next_attempt_at=timezone.now())
    report = services.outbox_deliver(transport=smtp_transport, throttle=OFF, policy=policy)
    m.refresh_from_db()
    assert report.sent == 1 and m.state == State.SENT and m.attempts == 2
    assert list(m.attempt_log.values_list("outcome", flat=True)) == ["deferred", "sent"]
    assert smtp_server.recorder.counts()[m.message_id] == 1


def test_4xx_past_max_attempts_fails(enqueue, smtp_server, smtp_transport, caught):
    m = enqueue(1)[0]
    smtp_server.recorder.rcpt_replies["foi@northmoor.gov.uk"] = ["452 4.2.2 mailbox full"] * 5
    policy = RetryPolicy(base_seconds=1, max_seconds=1, max_attempts=2)
    for _ in range(2):
        OutboxMessage.objects.filter(pk=m.pk).update(next_attempt_at=None)
        services.outbox_deliver(transport=smtp_transport, throttle=OFF, policy=policy)
    m.refresh_from_db()
    assert m.state == State.FAILED and "gave up after 2 attempts" in m.last_error
    assert caught["failed"] == [m.key]


def test_5xx_fails_permanently_and_loses_nothing(enqueue, smtp_server, smtp_transport, caught):
    bad, good = enqueue(1, to="nobody@northmoor.gov.uk", prefix="BAD")[0], enqueue(1)[0]
    smtp_server.recorder.rcpt_replies["nobody@northmoor.gov.uk"] = ["550 5.1.1 no such user"]
    report = services.outbox_deliver(transport=smtp_transport, throttle=OFF)
    assert (report.failed, report.sent) == (1, 1)
    bad.refresh_from_db()
    assert bad.state == State.FAILED and bad.smtp_code == 550 and "no such user" in bad.last_error
    assert bytes(bad.raw) and caught["failed"] == [bad.key]
    assert smtp_server.recorder.counts() == {good.message_id: 1}
    # Staff correct the address elsewhere and retry: the message is still all there.
    assert services.message_retry(key=bad.key).state == State.QUEUED


def test_server_down_keeps_messages_queued_and_visible(enqueue, caught):
    enqueue(3)
    transport = SmtpTransport(host="127.0.0.1", port=free_port(), timeout=2)
    report = services.outbox_deliver(transport=transport, throttle=OFF)
    assert report.stopped.startswith("transport unavailable") and report.sent == 0
    states = dict(OutboxMessage.objects.values_list("key", "state"))
    assert states == {"NBC-2026-0000.request": State.DEFERRED, "NBC-2026-0001.request": State.QUEUED,
                      "NBC-2026-0002.request": State.QUEUED}
    first = OutboxMessage.objects.get(key="NBC-2026-0000.request")
    assert "connect" in first.last_error and first.next_attempt_at > timezone.now()
    assert services.outbox_stats().by_state["deferred"] == 1
    # Connection failures never exhaust the attempt budget: still deferred after many.
    OutboxMessage.objects.filter(pk=first.pk).update(attempts=50, next_attempt_at=None)
    services.outbox_deliver(transport=transport, throttle=OFF, policy=RetryPolicy(max_attempts=3))
    first.refresh_from_db()
    assert first.state == State.DEFERRED


def test_lost_reply_to_end_of_data_is_in_doubt_not_resent(enqueue, caught):
    """A server that takes the message and drops the line before replying: RFC 1047's duplicate window."""
    m = enqueue(1)[0]
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    got = []

    def serve():
        conn, _ = listener.accept()
        f = conn.makefile("rb")
        conn.sendall(b"220 localhost ESMTP\r\n")
        while line := f.readline():
            if line.upper().startswith((b"EHLO", b"HELO")):
                conn.sendall(b"250 localhost\r\n")
            elif line.upper().startswith(b"DATA"):
                conn.sendall(b"354 go ahead\r\n")
                while (data := f.readline()) != b".\r\n":
                    got.append(data)
                conn.close()  # accepted, but no 250 ever sent
                return
            else:
                conn.sendall(b"250 OK\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    transport = SmtpTransport(host="127.0.0.1", port=listener.getsockname()[1], timeout=5)
    report = services.outbox_deliver(transport=transport, throttle=OFF)
    thread.join(5)
    listener.close()
    m.refresh_from_db()
    assert report.in_doubt == 1 and m.state == State.IN_DOUBT and got
    assert caught["in_doubt"] == [m.key]
    assert services.outbox_deliver(transport=transport, throttle=OFF).attempted == 0


def test_throttle_skips_a_saturated_domain_and_serves_others(enqueue, smtp_server, smtp_transport):
    enqueue(4, domain="northmoor.gov.uk")
    enqueue(2, domain="staldric.sch.uk", prefix="SAA-2026")
    throttle = Throttle(per_minute=100, per_domain_per_minute=2, clock=lambda: 5000.0)
    report = services.outbox_deliver(transport=smtp_transport, throttle=throttle, wait=False)
    assert report.sent == 4 and report.stopped == "throttled"
    left = set(OutboxMessage.objects.filter(state=State.QUEUED).values_list("key", flat=True))
    assert left == {"NBC-2026-0002.request", "NBC-2026-0003.request"}
    assert not DeliveryAttempt.objects.filter(message__state=State.QUEUED).exists()


def test_limit_and_stop(enqueue, smtp_server, smtp_transport):
    enqueue(5)
    assert services.outbox_deliver(transport=smtp_transport, throttle=OFF, limit=2).sent == 2
    calls = iter([False, False, True])
    report = services.outbox_deliver(transport=smtp_transport, throttle=OFF, stop=lambda: next(calls, True))
    assert report.stopped == "stop requested" and report.sent == 1
    assert OutboxMessage.objects.filter(state=State.QUEUED).count() == 2
    assert not OutboxMessage.objects.filter(state=State.SENDING).exists()


def test_a_worker_whose_claim_was_taken_never_sends_it(enqueue, smtp_server, smtp_transport):
    """Another process judged this worker dead (stale claim) and requeued its message mid-transaction."""
    enqueue(3)

    class Wrapped:
        name = "smtp"
        interfered = False

        def send(self, envelope, *, before_end):
            if not Wrapped.interfered:
                Wrapped.interfered = True
                assert services.outbox_recover(stale_seconds=0).requeued == 3
            return smtp_transport.send(envelope, before_end=before_end)

        def probe(self, envelope):
            return None

        def close(self):
            smtp_transport.close()

    report = services.outbox_deliver(transport=Wrapped(), throttle=OFF)
    received = smtp_server.recorder.counts()
    assert set(received.values()) == {1} and len(received) == 3
    assert report.sent == 3
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {State.SENT}


@pytest.mark.parametrize("size", [200, 200_000])
def test_body_arrives_intact_small_and_large(size, smtp_server, smtp_transport):
    """Dot-stuffing (RFC 5321 §4.5.2) and both write paths (one write, or body then end-of-data)."""
    line = ".a line starting with a dot, as an FOI schedule might\n"
    body = (line * (size // len(line) + 1))[:size].rsplit("\n", 1)[0] + "\n.\n..\nend\n"
    m = services.message_enqueue(key=f"BIG-{size}.request", to="foi@northmoor.gov.uk", subject="Schedule",
                                 body=body)
    assert services.outbox_deliver(transport=smtp_transport, throttle=OFF).sent == 1
    got = email.message_from_bytes(smtp_server.recorder.raw[m.message_id], policy=email.policy.default)
    assert got.get_content().replace("\r\n", "\n") == body
