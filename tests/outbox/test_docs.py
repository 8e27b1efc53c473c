"""The outbox README documents every command, setting, transport and signal (house style: docs are tested)."""

from __future__ import annotations

from pathlib import Path

from whoswatching.cli.outbox import app
from whoswatching.outbox import signals
from whoswatching.outbox.transports import TRANSPORTS

README = (Path(__file__).resolve().parents[2] / "src/whoswatching/outbox/README.md").read_text()


def test_every_command_is_documented_with_an_example():
    names = [c.name for c in app.registered_commands]
    assert len(names) >= 9
    for command in app.registered_commands:
        assert f"whoswatching outbox {command.name}" in README, command.name
        assert "Example:" in (command.callback.__doc__ or ""), command.name


def test_every_setting_transport_and_signal_is_documented():
    import whoswatching.config as config

    for name in dir(config):
        if name.startswith(("SEND_", "SMTP_")) or name in ("MAIL_FROM", "REPLY_DOMAIN"):
            assert f"`WHOSWATCHING_{name}`" in README, name
    for name in TRANSPORTS:
        assert f"`{name}`" in README
    for name in ("message_sent", "message_deferred", "message_failed", "message_in_doubt"):
        assert hasattr(signals, name) and f"`{name}`" in README
