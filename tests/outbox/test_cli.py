"""``whoswatching outbox ...`` through typer's CliRunner on the test database."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from whoswatching.cli import cli
from whoswatching.outbox.models import OutboxMessage, State

pytestmark = pytest.mark.django_db
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(cli, ["outbox", *args])


def test_send_with_the_files_default_then_list_show_stats(enqueue, tmp_path, monkeypatch):
    monkeypatch.setattr("whoswatching.config.SMTP_HOST", "")
    monkeypatch.setattr("whoswatching.config.DATA_DIR", tmp_path)
    enqueue(3)
    result = invoke("send", "--quiet")
    assert result.exit_code == 0, result.output
    assert "sent=3" in result.output and "nothing due" in result.output
    assert len(list((tmp_path / "outbox-files").rglob("*.eml"))) == 3

    result = invoke("list", "--state", "sent", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert {r["key"] for r in rows} == {f"NBC-2026-{i:04d}.request" for i in range(3)}

    result = invoke("show", "NBC-2026-0001.request", "--json")
    data = json.loads(result.stdout)
    assert data["state"] == "sent" and data["attempt_log"][0]["transport"] == "files"
    assert "Message-ID: <NBC-2026-0001.request@" in invoke("show", "NBC-2026-0001.request", "--raw").stdout

    stats = json.loads(invoke("stats", "--json").stdout)
    assert stats["by_state"]["sent"] == 3 and stats["total"] == 3


def test_send_over_smtp_with_limit(enqueue, smtp_server, monkeypatch):
    monkeypatch.setattr("whoswatching.config.SMTP_HOST", "127.0.0.1")
    monkeypatch.setattr("whoswatching.config.SMTP_PORT", smtp_server.port)
    monkeypatch.setattr("whoswatching.config.SEND_PER_MINUTE", 0)
    monkeypatch.setattr("whoswatching.config.SEND_PER_DOMAIN_PER_MINUTE", 0)
    enqueue(4)
    result = invoke("send", "--quiet", "--limit", "3")
    assert result.exit_code == 0, result.output
    assert "sent=3" in result.output and "limit reached" in result.output
    assert len(smtp_server.recorder.received) == 3


def test_staff_commands_and_clear_errors(enqueue):
    m = enqueue(1)[0]
    OutboxMessage.objects.filter(pk=m.pk).update(state=State.IN_DOUBT)
    result = invoke("resolve", m.key)
    assert result.exit_code == 1 and "exactly one of --sent or --resend" in result.output
    result = invoke("resolve", m.key, "--resend")
    assert result.exit_code == 0 and f"{m.key}: queued" in result.output
    assert invoke("cancel", m.key).exit_code == 0
    assert OutboxMessage.objects.get(pk=m.pk).state == State.CANCELLED
    assert invoke("retry", m.key).exit_code == 0
    result = invoke("resolve", m.key, "--sent")
    assert result.exit_code == 1 and "is queued" in result.output
    result = invoke("show", "NO-SUCH-KEY")
    assert result.exit_code == 1 and "outbox list" in result.output
    result = invoke("list", "--state", "lost")
    assert result.exit_code == 1 and "unknown state" in result.output


def test_enqueue_by_hand_and_recover(tmp_path):
    body = tmp_path / "note.txt"
    body.write_text("A test note to Northmoor Borough Council.\n")
    args = ("enqueue", "--key", "TEST-0001.note", "--to", "foi@northmoor.gov.uk", "--subject", "Test",
            "--body-file", str(body))
    assert invoke(*args).exit_code == 0
    assert invoke(*args).exit_code == 0
    assert OutboxMessage.objects.count() == 1
    result = invoke("enqueue", "--key", "TEST-0002.note", "--to", "nobody", "--subject", "x", "--body-file", str(body))
    assert result.exit_code == 1 and "name@domain.tld" in result.output
    OutboxMessage.objects.update(state=State.SENDING, phase="claimed", claim_token="otherhost:1:x")
    result = invoke("recover", "--stale-seconds", "0")
    assert result.exit_code == 0 and "requeued=1" in result.output
    assert OutboxMessage.objects.get().state == State.QUEUED
