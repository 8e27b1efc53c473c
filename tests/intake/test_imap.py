"""IMAP fetch against a real pymap server on loopback: poll, IDLE, restart and crash safety."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.intake.conftest import reply_bytes
from tests.intake.imapd import PASSWORD, USER, Imapd
from whoswatching.intake import services
from whoswatching.intake.models import ImapCursor, Message
from whoswatching.intake.sources import SourceError
from whoswatching.intake.sources.imap import ImapAccount


@pytest.fixture
def imapd():
    server = Imapd()
    yield server
    server.stop()


def account(server: Imapd, password: str = PASSWORD) -> ImapAccount:
    return ImapAccount("127.0.0.1", server.port, USER, password, ssl=False)


def replies(n: int, start: int = 0) -> list[bytes]:
    return [reply_bytes(frm="foi@northmoor.gov.uk", subject=f"Reply {i}", message_id=f"<imap-{i}@northmoor.gov.uk>")
            for i in range(start, start + n)]


@pytest.mark.django_db
def test_poll_fetches_each_message_once_and_remembers_position(imapd, requests_sent):
    for raw in replies(3):
        imapd.deliver(raw)
    first = services.imap_fetch(account(imapd))
    assert (first.seen, first.created) == (3, 3)
    cursor = ImapCursor.objects.get()
    assert cursor.last_uid > 0 and cursor.uidvalidity > 0
    again = services.imap_fetch(account(imapd))
    assert again.seen == 0  # nothing new: the cursor, not dedupe, kept it from refetching
    imapd.deliver(replies(1, start=3)[0])
    later = services.imap_fetch(account(imapd))
    assert (later.seen, later.created) == (1, 1)
    assert Message.objects.filter(received_via="imap").count() == 4
    assert Message.objects.first().source_ref.startswith("imap:127.0.0.1:")


@pytest.mark.django_db
def test_crash_mid_batch_then_restart_processes_each_message_once(imapd, requests_sent, monkeypatch):
    for raw in replies(5):
        imapd.deliver(raw)
    real = services.message_receive
    calls: list[str] = []

    def crashing(raw, **kwargs):
        calls.append(raw.split(b"Message-ID: ", 1)[1].split(b"\n", 1)[0].strip().decode())
        if len(calls) == 3:
            # Die inside the transaction, after the message insert and before the commit.
            def boom():
                kwargs["also"]()
                raise KeyboardInterrupt("power cut")

            return real(raw, **{**kwargs, "also": boom})
        return real(raw, **kwargs)

    monkeypatch.setattr(services, "message_receive", crashing)
    with pytest.raises(KeyboardInterrupt):
        services.imap_fetch(account(imapd))
    assert Message.objects.count() == 2  # the third was rolled back with its cursor step
    report = services.imap_fetch(account(imapd))  # the restart
    assert (report.seen, report.created, report.duplicates) == (3, 3, 0)
    assert Message.objects.count() == 5
    assert sorted(Message.objects.values_list("message_id", flat=True)) == [f"<imap-{i}@northmoor.gov.uk>" for i in range(5)]
    assert calls.count("<imap-2@northmoor.gov.uk>") == 2  # retried once, stored once
    assert all(calls.count(f"<imap-{i}@northmoor.gov.uk>") == 1 for i in (0, 1, 3, 4))


@pytest.mark.django_db(transaction=True)
def test_idle_receives_a_message_delivered_while_watching(imapd, requests_sent):
    stop = threading.Event()
    reports = []

    errors: list[BaseException] = []

    def watch():
        try:
            reports.append(services.imap_fetch(account(imapd), idle=True, stop=stop))
        except BaseException as exc:  # surfaced in the assertion below
            errors.append(exc)
        finally:
            connection.close()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    time.sleep(0.5)
    imapd.deliver(replies(1, start=10)[0])
    deadline = time.monotonic() + 45
    while not Message.objects.filter(message_id="<imap-10@northmoor.gov.uk>").exists():
        assert not errors, f"IDLE watcher failed: {errors[0]!r}"
        assert time.monotonic() < deadline, "IDLE watcher did not pick up the new message"
        time.sleep(0.2)
    stop.set()
    watcher.join(timeout=15)
    assert not watcher.is_alive()
    assert reports[0].created == 1


@pytest.mark.django_db
def test_wrong_password_is_a_clear_error(imapd):
    with pytest.raises(SourceError, match="refused"):
        services.imap_fetch(account(imapd, password="wrong"))


@pytest.mark.django_db
def test_uidvalidity_change_rescans_without_duplicates(imapd, requests_sent):
    conn = imapd.client()
    assert conn.create("Replies")[0] == "OK"
    conn.logout()
    box = ImapAccount("127.0.0.1", imapd.port, USER, PASSWORD, ssl=False, mailbox="Replies")
    for raw in replies(2, start=20):
        imapd.deliver(raw, mailbox="Replies")
    assert services.imap_fetch(box).created == 2
    first_validity = ImapCursor.objects.get(account=box.key).uidvalidity
    # The server recreates the folder (a new UIDVALIDITY): old UIDs mean nothing any more.
    conn = imapd.client()
    assert conn.delete("Replies")[0] == "OK" and conn.create("Replies")[0] == "OK"
    conn.logout()
    for raw in replies(3, start=20):  # two already received, one new
        imapd.deliver(raw, mailbox="Replies")
    report = services.imap_fetch(box)
    assert (report.seen, report.created, report.duplicates) == (3, 1, 2)
    cursor = ImapCursor.objects.get(account=box.key)
    assert cursor.uidvalidity != first_validity
    assert Message.objects.count() == 3


@pytest.mark.django_db
def test_missing_folder_is_a_clear_error(imapd):
    with pytest.raises(SourceError, match="IMAP"):
        services.imap_fetch(ImapAccount("127.0.0.1", imapd.port, USER, PASSWORD, ssl=False, mailbox="Nope"))


@pytest.mark.django_db
def test_poison_message_is_set_aside_and_the_mailbox_moves_on(imapd, requests_sent, monkeypatch, tmp_path):
    for raw in replies(3, start=30):
        imapd.deliver(raw)
    real = services.message_receive

    def fails_on_31(raw, **kwargs):
        if b"<imap-31@" in raw:
            raise RuntimeError("extractor bug")
        return real(raw, **kwargs)

    monkeypatch.setattr(services, "message_receive", fails_on_31)
    report = services.imap_fetch(account(imapd))
    assert (report.seen, report.created) == (3, 2)
    (error,) = report.errors
    assert "extractor bug" in error and "import-eml" in error
    kept = error.split("kept at ", 1)[1].split(";", 1)[0]
    monkeypatch.setattr(services, "message_receive", real)
    assert services.imap_fetch(account(imapd)).seen == 0  # not retried for ever
    assert services.eml_import([Path(kept)]).created == 1  # and nothing was lost
    assert Message.objects.filter(message_id="<imap-31@northmoor.gov.uk>").exists()


@pytest.mark.django_db
def test_server_down_is_a_clear_error_not_a_traceback():
    import socket

    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    account = ImapAccount("127.0.0.1", port, USER, PASSWORD, ssl=False)
    with pytest.raises(SourceError, match=rf"cannot reach the IMAP server 127.0.0.1:{port}.*WHOSWATCHING_IMAP_HOST"):
        services.imap_fetch(account)


@pytest.mark.django_db(transaction=True)
def test_idle_watcher_reconnects_after_the_server_restarts(requests_sent):
    first = Imapd()
    port, servers = first.port, [first]
    stop = threading.Event()
    reports, errors = [], []

    def watch():
        try:
            reports.append(services.imap_fetch(account(first), idle=True, stop=stop, reconnect_delay=0.2))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        first.deliver(replies(1, start=20)[0])
        _wait_for("<imap-20@northmoor.gov.uk>", errors)
        first.stop()  # the server goes away mid-IDLE...
        time.sleep(1.0)
        second = Imapd(port=port)  # ...and comes back (empty: pymap's dict backend keeps nothing)
        servers.append(second)
        second.deliver(replies(1, start=21)[0])
        _wait_for("<imap-21@northmoor.gov.uk>", errors)
    finally:
        stop.set()
        watcher.join(timeout=15)
        for server in servers:
            server.stop()
    assert not watcher.is_alive() and not errors
    assert reports[0].created == 2


def _wait_for(message_id: str, errors: list) -> None:
    deadline = time.monotonic() + 45
    while not Message.objects.filter(message_id=message_id).exists():
        assert not errors, f"IDLE watcher failed: {errors[0]!r}"
        assert time.monotonic() < deadline, f"the watcher did not pick up {message_id}"
        time.sleep(0.2)
