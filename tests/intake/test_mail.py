"""parse_message on real-shaped replies, forwards, bounces, auto-replies and damaged mail."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest

from whoswatching.intake.mail import parse_message, sanitise_filename

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def reply(**extra) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = '"Information Governance" <foi@northmoor.gov.uk>'
    msg["To"] = "foi+ww-2026-000123@whoswatching.invalid"
    msg["Cc"] = "records@northmoor.gov.uk"
    msg["Subject"] = "RE: Freedom of Information request WW-2026-000123"
    msg["Date"] = "Tue, 03 Mar 2026 10:15:00 +0000"
    msg["Message-ID"] = "<reply-1@northmoor.gov.uk>"
    msg["In-Reply-To"] = "<ww-2026-000123.1@whoswatching.invalid>"
    msg["References"] = "<a@x> <ww-2026-000123.1@whoswatching.invalid>"
    for key, value in extra.items():
        msg[key.replace("_", "-")] = value
    msg.set_content("Dear requester,\nWe hold 42 cameras made by Hikvision.\n")
    return msg


def test_headers_body_and_attachment():
    msg = reply()
    msg.add_attachment(PDF, maintype="application", subtype="pdf", filename="response.pdf")
    parsed = parse_message(msg.as_bytes())
    assert parsed.message_id == "<reply-1@northmoor.gov.uk>"
    assert parsed.from_addr == "foi@northmoor.gov.uk"
    assert parsed.from_name == "Information Governance"
    assert parsed.to_addrs == ["foi+ww-2026-000123@whoswatching.invalid"]
    assert parsed.cc == ["records@northmoor.gov.uk"]
    assert parsed.date == dt.datetime(2026, 3, 3, 10, 15, tzinfo=dt.UTC)
    assert parsed.in_reply_to == "<ww-2026-000123.1@whoswatching.invalid>"
    assert parsed.references == ["<a@x>", "<ww-2026-000123.1@whoswatching.invalid>"]
    assert "42 cameras" in parsed.text_body
    assert not parsed.body_from_html
    (att,) = parsed.attachments
    assert att.filename == "response.pdf"
    assert att.content_type_declared == "application/pdf"
    assert att.content_type_sniffed == "application/pdf"
    assert att.size == len(PDF) and att.data == PDF
    assert len(att.sha256) == 64
    assert not parsed.is_bounce and not parsed.is_auto_reply


def test_content_hash_ignores_transport_headers():
    a = reply().as_bytes()
    b = b"Received: from relay.example by mx; Tue, 3 Mar 2026 10:16:00 +0000\r\n" + a
    assert parse_message(a).content_hash == parse_message(b).content_hash
    other = reply()
    other.set_content("Different answer")
    assert parse_message(other.as_bytes()).content_hash != parse_message(a).content_hash


def test_html_only_body_is_sanitised_text():
    msg = EmailMessage()
    msg["From"] = "foi@northmoor.gov.uk"
    msg["Subject"] = "Reply"
    msg.set_content("<html><script>steal()</script><p>We use <b>Dahua</b> cameras.</p>"
                    "<table><tr><th>Manufacturer</th><th>Model</th></tr>"
                    "<tr><td>Dahua</td><td>IPC-HFW</td></tr></table></html>", subtype="html")
    parsed = parse_message(msg.as_bytes())
    assert parsed.body_from_html
    assert "We use Dahua cameras." in parsed.text_body
    assert "steal" not in parsed.text_body
    assert "Manufacturer\tModel" in parsed.text_body
    assert "<script>" in parsed.html_body


def test_forwarded_message_is_flattened_with_its_attachments():
    inner = reply()
    inner.add_attachment(PDF, maintype="application", subtype="pdf", filename="cctv.pdf")
    outer = EmailMessage()
    outer["From"] = "clerk@northmoor.gov.uk"
    outer["Subject"] = "Fwd: FOI"
    outer.set_content("Forwarding the answer below.")
    outer.add_attachment(inner)
    parsed = parse_message(outer.as_bytes())
    assert "Forwarding the answer below." in parsed.text_body
    assert "Forwarded message" in parsed.text_body
    assert "42 cameras" in parsed.text_body
    assert [a.filename for a in parsed.attachments] == ["cctv.pdf"]
    assert parsed.attachments[0].forwarded


def test_broken_charsets_never_crash():
    raw = (
        b"From: =?x-unknown-charset?q?Caf=E9?= <a@northmoor.gov.uk>\r\n"
        b"Subject: Caf\xe9 cam\xe9ras \xff\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n"
        b"\r\n"
        b"R\xe9ponse: 12 cam\xe9ras install\xe9es dans la biblioth\xe8que municipale.\r\n"
    )
    parsed = parse_message(raw)
    assert parsed.from_addr == "a@northmoor.gov.uk"
    assert "12 cam" in parsed.text_body
    assert "caméras" in parsed.text_body
    assert parsed.warnings  # the lie about utf-8 is recorded


def test_unknown_declared_charset_falls_back():
    raw = b"From: a@b.example\r\nContent-Type: text/plain; charset=klingon\r\n\r\nPlain words here.\r\n"
    parsed = parse_message(raw)
    assert parsed.text_body == "Plain words here."
    assert any("klingon" in w for w in parsed.warnings)


def test_garbage_bytes_do_not_crash():
    parsed = parse_message(b"\x00\xff\xfe garbage \r\n\r\n\x89PNG")
    assert parsed.content_hash


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\clerk\\Desktop\\cameras.xlsx", "cameras.xlsx"),
        (".htaccess", "htaccess"),
        ("evil\x00name\x1b[31m.pdf", "evilname[31m.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),
        ("", "attachment"),
        ("CON.txt", "_CON.txt"),
        ("a" * 500 + ".pdf", "a" * 116 + ".pdf"),
    ],
)
def test_sanitise_filename(raw, expected):
    assert sanitise_filename(raw, taken=set()) == expected


def test_attachment_names_with_paths_are_sanitised_and_unique():
    msg = reply()
    msg.add_attachment(PDF, maintype="application", subtype="pdf", filename="../secret/response.pdf")
    msg.add_attachment(PDF + b" ", maintype="application", subtype="pdf", filename="response.pdf")
    msg.add_attachment(b"\x89PNG\r\n\x1a\n0000", maintype="application", subtype="octet-stream")
    parsed = parse_message(msg.as_bytes())
    names = [a.filename for a in parsed.attachments]
    assert names == ["response.pdf", "response-2.pdf", "attachment.png"]
    assert parsed.attachments[0].filename_raw == "../secret/response.pdf"
    assert parsed.attachments[2].content_type_sniffed == "image/png"


DSN = b"""From: MAILER-DAEMON@mx.northmoor.gov.uk
To: foi@whoswatching.invalid
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="BOUND"

--BOUND
Content-Type: text/plain

This is the mail system. Your message could not be delivered.

--BOUND
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.northmoor.gov.uk

Final-Recipient: rfc822; old-foi@northmoor.gov.uk
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <old-foi@northmoor.gov.uk>: Recipient address rejected

--BOUND
Content-Type: text/rfc822-headers

Message-ID: <ww-2026-000123.1@whoswatching.invalid>
Subject: FOI

--BOUND--
"""


def test_delivery_status_bounce():
    parsed = parse_message(DSN)
    assert parsed.is_bounce and not parsed.is_auto_reply
    bounce = parsed.bounce
    assert bounce is not None
    assert bounce.failed_recipient == "old-foi@northmoor.gov.uk"
    assert bounce.status == "5.1.1"
    assert "Recipient address rejected" in bounce.diagnostic
    assert bounce.original_message_id == "<ww-2026-000123.1@whoswatching.invalid>"


def test_non_standard_bounce_with_x_failed_recipients():
    msg = EmailMessage()
    msg["From"] = "Mail Delivery System <mailer-daemon@relay.example>"
    msg["Subject"] = "Mail delivery failed: returning message to sender"
    msg["X-Failed-Recipients"] = "gone@stAldrics.sch.uk"
    msg.set_content("550 5.1.1 user unknown")
    parsed = parse_message(msg.as_bytes())
    assert parsed.is_bounce
    assert parsed.bounce.failed_recipient == "gone@staldrics.sch.uk"
    assert parsed.bounce.status == "5.1.1"


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"X-Autoreply": "yes"},
        {"Precedence": "auto_reply"},
        {"Subject": "Automatic reply: FOI request"},
    ],
)
def test_auto_replies(headers):
    msg = EmailMessage()
    msg["From"] = "officer@northmoor.gov.uk"
    msg["Subject"] = headers.pop("Subject", "Re: FOI")
    for k, v in headers.items():
        msg[k] = v
    msg.set_content("I am out of the office until Monday.")
    assert parse_message(msg.as_bytes()).is_auto_reply


def test_auto_submitted_no_is_not_auto_reply():
    msg = reply(Auto_Submitted="no")
    assert not parse_message(msg.as_bytes()).is_auto_reply


def test_rfc2047_subject_and_rfc2231_filename():
    msg = MIMEMultipart()
    msg["From"] = "=?utf-8?q?Gw=C3=A9n_Jones?= <gwen@cyngor.example>"
    msg["Subject"] = "=?utf-8?b?Q2FpcyBSaHl4ZGRpZCBHd3lib2RhZXRo?="
    msg.attach(MIMEText("Atodiad", "plain", "utf-8"))
    part = MIMEApplication(PDF, "pdf")
    part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", "ymateb café.pdf"))
    msg.attach(part)
    parsed = parse_message(msg.as_bytes())
    assert parsed.from_name == "Gwén Jones"
    assert parsed.subject == "Cais Rhyxddid Gwybodaeth"
    assert parsed.attachments[0].filename == "ymateb café.pdf"
