"""matching.match: each signal, its precedence, ambiguity and the holding pen."""

from __future__ import annotations

from email.message import EmailMessage

from whoswatching.intake.mail import parse_message
from whoswatching.intake.matching import (
    AUTO_MATCH_THRESHOLD,
    Candidate,
    Match,
    NoMatch,
    match,
    references_in,
    suggest_by_name,
)

A = Candidate("WW-2026-000123", reply_address="foi+ww-2026-000123@whoswatching.invalid",
              to_address="foi@northmoor.gov.uk", body_name="Northmoor Borough Council",
              subject="Freedom of Information request: CCTV cameras",
              sent_message_ids=("<campaigns-request-WW-2026-000123.abc@whoswatching.invalid>",))
B = Candidate("WW-2026-000124", reply_address="foi+ww-2026-000124@whoswatching.invalid",
              to_address="info@staldrics.sch.uk", body_name="St Aldric's Academy",
              subject="Freedom of Information request: CCTV cameras")
C = Candidate("WW-2026-000200", reply_address="foi+ww-2026-000200@whoswatching.invalid",
              to_address="foi@northmoor.gov.uk", body_name="Northmoor Borough Council",
              subject="Freedom of Information request: ANPR")


def msg(*, to="foi@whoswatching.invalid", frm="records@northmoor.gov.uk", subject="Your request",
        body="Please find our answer.", **headers):
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = frm, to, subject
    for k, v in headers.items():
        m[k.replace("_", "-")] = v
    m.set_content(body)
    return parse_message(m.as_bytes())


def test_in_reply_to_wins():
    result = match(msg(In_Reply_To="<campaigns-request-WW-2026-000123.abc@whoswatching.invalid>",
                       subject="WW-2026-000124"), [A, B, C])
    assert result == Match("WW-2026-000123", 1.0, "In-Reply-To/References names a message we sent")


def test_plus_address():
    result = match(msg(to="FOI+WW-2026-000124@whoswatching.invalid"), [A, B, C])
    assert isinstance(result, Match) and result.request_ref == "WW-2026-000124" and result.score == 0.99


def test_reference_in_subject_then_body():
    assert match(msg(subject="RE: FOI ww-2026-000200"), [A, B, C]).request_ref == "WW-2026-000200"
    result = match(msg(body="Our ref 555. Your ref WW-2026-000124."), [A, B, C])
    assert isinstance(result, Match) and result.score == 0.85


def test_two_references_are_ambiguous():
    result = match(msg(subject="WW-2026-000123 and WW-2026-000200"), [A, B, C])
    assert isinstance(result, NoMatch) and result.ambiguous
    assert {s.request_ref for s in result.suggestions} == {"WW-2026-000123", "WW-2026-000200"}


def test_sender_domain_with_wording():
    result = match(msg(frm="foi@northmoor.gov.uk", body="Northmoor holds 12 CCTV cameras."), [A, B])
    assert isinstance(result, Match) and result.request_ref == "WW-2026-000123"
    assert "sender domain" in result.reason


def test_sender_domain_shared_by_two_requests_goes_to_pen():
    result = match(msg(frm="foi@northmoor.gov.uk", body="Attached."), [A, B, C])
    assert isinstance(result, NoMatch) and result.ambiguous
    assert [s.request_ref for s in result.suggestions][:2] in (["WW-2026-000123", "WW-2026-000200"],
                                                               ["WW-2026-000200", "WW-2026-000123"])


def test_unknown_sender_and_shared_domains():
    assert isinstance(match(msg(frm="someone@elsewhere.example"), [A, B]), NoMatch)
    result = match(msg(frm="someone@nhs.net"), [A, Candidate("WW-2026-000300", to_address="foi@nhs.net")])
    assert isinstance(result, NoMatch) and "shared" in result.reason


def test_bounce_matched_by_original_message_id_and_failed_recipient():
    raw = (
        b"From: MAILER-DAEMON@mx.example\r\nSubject: Undeliverable\r\nX-Failed-Recipients: info@staldrics.sch.uk\r\n"
        b"\r\n550 5.1.1 no such user\r\n"
    )
    result = match(parse_message(raw), [A, B])
    assert result == Match("WW-2026-000124", 0.9, "bounce for the address the request was sent to")


def test_no_candidates():
    result = match(msg(), [])
    # the service only passes requests some signal points at: "no open request" would be untrue
    assert isinstance(result, NoMatch) and "open request" not in result.reason
    assert "no reference, reply address" in result.reason


def test_body_name_suggests_but_never_matches():
    names = [("WW-2026-000009", "Northmoor Borough Council"), ("WW-2026-000001", "St Aldric’s Academy"),
             ("WW-2026-000002", "Northmoor Borough"), ("WW-2026-000003", "Kent Police")]
    reply = msg(frm="foi.team@nhs.net", body="Regards,\nInformation Governance\nSt Aldric's Academy / Northmoor Borough Council")
    found = suggest_by_name(reply, names)
    assert [s.request_ref for s in found] == ["WW-2026-000009", "WW-2026-000001", "WW-2026-000002"]
    assert all(s.score < AUTO_MATCH_THRESHOLD for s in found)
    assert suggest_by_name(msg(body="Northmoor Boroughs"), names) == ()
    assert len(suggest_by_name(reply, names, limit=1)) == 1


def test_references_in():
    assert references_in("ww-2026-000001, WW-2026-000001 and WW-2025-999999") == ["WW-2026-000001", "WW-2025-999999"]
