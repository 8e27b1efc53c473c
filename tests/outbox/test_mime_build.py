from datetime import UTC, datetime
from email import message_from_bytes, policy

import pytest

from whoswatching.outbox import mime


def _parse(raw: bytes):
    return message_from_bytes(raw, policy=policy.default)


def test_welsh_display_name_and_subject_round_trip():
    raw = mime.message_build(message_id="<WW-2026-000001@reply.example.org>", sender="foi@reply.example.org",
                             to="Cyngor Ŵy Aberwen <foi@aberwen.example.org>", subject="Cais — WW-2026-000001 “CCTV”",
                             body="Annwyl Syr/Fadam,\n£25 café\n.\n", date=datetime(2026, 3, 2, tzinfo=UTC),
                             reply_to="foi+ww-2026-000001@reply.example.org", headers={"X-WW-Reference": "WW-2026-000001"})
    assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
    assert raw.isascii()
    msg = _parse(raw)
    assert msg["To"].addresses[0].addr_spec == "foi@aberwen.example.org"
    assert msg["To"].addresses[0].display_name == "Cyngor Ŵy Aberwen"
    assert msg["Subject"] == "Cais — WW-2026-000001 “CCTV”"
    assert msg.get_content().replace("\r\n", "\n") == "Annwyl Syr/Fadam,\n£25 café\n.\n"
    assert msg["X-WW-Reference"] == "WW-2026-000001"


def test_overlong_ascii_lines_are_encoded_for_smtp():
    raw = mime.message_build(message_id="<a@b.example>", sender="a@b.example", to="c@d.example", subject="s",
                             body="x" * 2000, date=datetime(2026, 3, 2, tzinfo=UTC))
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
    assert _parse(raw).get_content().rstrip("\r\n") == "x" * 2000  # a final line break is added, as the stdlib does


def test_header_injection_is_refused():
    with pytest.raises(ValueError, match="one line"):
        mime.message_build(message_id="<a@b.example>", sender="a@b.example", to="c@d.example", subject="s",
                           body="b", date=datetime(2026, 3, 2, tzinfo=UTC), headers={"X-Test": "a\r\nBcc: e@f.example"})


def test_long_subject_is_folded_and_round_trips():
    subject = "Freedom of Information request WW-2026-000123: CCTV cameras, makers, models and analytics in use"
    raw = mime.message_build(message_id="<a@b.example>", sender="a@b.example", to="c@d.example", subject=subject,
                             body="b\n", date=datetime(2026, 3, 2, tzinfo=UTC))
    assert max(len(line) for line in raw.split(b"\r\n")) <= 78
    assert _parse(raw)["Subject"] == subject


def test_bad_header_names_are_refused():
    with pytest.raises(ValueError, match="field name"):
        mime.message_build(message_id="<a@b.example>", sender="a@b.example", to="c@d.example", subject="s",
                           body="b", date=datetime(2026, 3, 2, tzinfo=UTC), headers={"X Bad:": "v"})
