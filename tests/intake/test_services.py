"""message_receive: store, dedupe, extract, match, holding pen, bounces (real DB, real blobs)."""

from __future__ import annotations

import pytest

from tests.intake import samples
from tests.intake.conftest import reply_bytes
from whoswatching.intake import services, storage
from whoswatching.intake.models import Attachment, Extraction, MatchState, Message
from whoswatching.outbox.models import OutboxMessage
from whoswatching.registry.models import ContactAddress

CAMERAS = [["Manufacturer", "Model"], ["Hikvision", "DS-2CD2143"]]


@pytest.mark.django_db
def test_reply_to_plus_address_is_matched_stored_and_extracted(requests_sent):
    req = requests_sent["northmoor-borough-council"]
    raw = reply_bytes(frm="foi@northmoor.gov.uk", to=req.reply_address, message_id="<r1@northmoor.gov.uk>",
                      attachments=[("answer.docx", samples.docx_bytes(["We hold cameras."], CAMERAS)),
                                   ("../../bomb.zip", samples.zip_bomb())])
    result = services.message_receive(raw, via="eml", source_ref="eml:test")
    assert result.created and result.state == MatchState.MATCHED
    assert result.request_ref == req.reference
    message = result.message
    assert message.match_score == 0.99 and message.matched_by == "auto"
    assert storage.blob_get(message.raw_key) == raw
    docx, bomb = message.attachments.order_by("position")
    assert docx.filename == "answer.docx" and not docx.quarantined
    assert bomb.filename == "bomb.zip" and bomb.quarantined and "zip bomb" in bomb.quarantine_reason
    assert result.quarantined == ["bomb.zip"]
    assert storage.blob_path(docx.storage_key).read_bytes()[:2] == b"PK"
    body = Extraction.objects.get(message=message, attachment=None)
    assert body.path == "(body)" and "attached our response" in body.text
    assert Extraction.objects.get(attachment=docx).tables == [CAMERAS]


@pytest.mark.django_db
def test_receive_is_idempotent(requests_sent):
    req = requests_sent["st-aldrics-academy"]
    raw = reply_bytes(frm="office@staldrics.sch.uk", subject=f"RE: {req.reference}", message_id="<same@sch>")
    first = services.message_receive(raw, via="imap")
    again = services.message_receive(raw, via="webhook")
    assert first.created and not again.created and again.duplicate == "message_id"
    assert again.message.pk == first.message.pk
    # Same content, no Message-ID, different transport headers: deduped by content hash.
    bare = reply_bytes(frm="office@staldrics.sch.uk", subject="Hello")
    one = services.message_receive(bare, via="mbox")
    two = services.message_receive(b"Received: by relay; Tue, 10 Mar 2026 09:01:00 +0000\r\n" + bare, via="maildir")
    assert one.created and two.duplicate == "content_hash"
    assert Message.objects.count() == 2


@pytest.mark.django_db
def test_in_reply_to_our_outbox_message_id(requests_sent):
    req = requests_sent["fenwick-police"]
    sent_id = OutboxMessage.objects.get(key=req.outbox_key).message_id
    raw = reply_bytes(frm="disclosure@elsewhere.example", In_Reply_To=sent_id, References=sent_id)
    result = services.message_receive(raw, via="eml")
    assert result.request_ref == req.reference
    assert result.message.match_score == 1.0


@pytest.mark.django_db
def test_unmatched_goes_to_holding_pen_and_is_assigned(requests_sent):
    raw = reply_bytes(frm="someone@unknown.example", subject="CCTV question")
    result = services.message_receive(raw, via="eml")
    assert result.state == MatchState.UNMATCHED
    assert [m.pk for m in services.holding_pen_list()] == [result.message.pk]
    req = requests_sent["northmoor-borough-council"]
    services.holding_pen_assign(result.message.pk, req.reference.lower(), by="staff1")
    message = services.message_get(result.message.pk)
    assert message.request == req and message.match_state == MatchState.MATCHED
    assert message.matched_by == "staff1" and "assigned by staff1" in message.match_reason
    assert services.holding_pen_list() == []
    with pytest.raises(services.IntakeError, match="no request"):
        services.holding_pen_assign(message, "WW-1999-000001", by="staff1")


@pytest.mark.django_db
def test_weak_domain_match_has_suggestions(requests_sent):
    raw = reply_bytes(frm="clerk@northmoor.gov.uk", body="See attached", subject="Reply")
    result = services.message_receive(raw, via="eml")
    # One request to northmoor.gov.uk only: a domain match with no shared words is weak, so a person decides.
    assert result.state == MatchState.UNMATCHED
    assert result.message.suggestions[0]["request_ref"] == requests_sent["northmoor-borough-council"].reference


@pytest.mark.django_db
def test_bounce_marks_contact_and_request(requests_sent):
    req = requests_sent["st-aldrics-academy"]
    sent_id = OutboxMessage.objects.get(key=req.outbox_key).message_id
    dsn = (
        "From: MAILER-DAEMON@mx.staldrics.sch.uk\r\nTo: foi@whoswatching.invalid\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <bounce-1@mx>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx\r\n\r\n"
        "Final-Recipient: rfc822; office@staldrics.sch.uk\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
        f"--B\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: {sent_id}\r\n\r\n--B--\r\n"
    ).encode()
    req.status = "sent"
    req.save(update_fields=["status"])
    result = services.message_receive(dsn, via="imap")
    assert result.message.is_bounce
    assert result.request_ref == req.reference
    assert ContactAddress.objects.get(email="office@staldrics.sch.uk").state == "invalid"
    req.refresh_from_db()
    assert req.status == "bounced"


@pytest.mark.django_db
def test_import_eml_folder_and_mbox(tmp_path, requests_sent):
    req = requests_sent["northmoor-borough-council"]
    (tmp_path / "a.eml").write_bytes(reply_bytes(frm="foi@northmoor.gov.uk", subject=f"RE {req.reference}"))
    (tmp_path / "b.eml").write_bytes(reply_bytes(frm="x@unknown.example", subject="hi"))
    report = services.eml_import([tmp_path])
    assert (report.seen, report.created, report.matched, report.holding_pen) == (2, 2, 1, 1)
    mbox = tmp_path / "replies.mbox"
    mbox.write_bytes(
        b"From foi@northmoor.gov.uk Tue Mar 10 09:00:00 2026\n"
        + reply_bytes(frm="foi@northmoor.gov.uk", subject=f"RE {req.reference}").replace(b"\r\n", b"\n")
        + b"\nFrom x Tue Mar 10 09:00:00 2026\n"
        + reply_bytes(frm="new@unknown.example", subject="third").replace(b"\r\n", b"\n")
    )
    report = services.mbox_import(mbox)
    assert (report.seen, report.created, report.duplicates) == (2, 1, 1)


@pytest.mark.django_db
def test_maildir_import(tmp_path, requests_sent):
    import mailbox

    box = mailbox.Maildir(str(tmp_path / "md"), create=True)
    box.add(reply_bytes(frm="foi@fenwick.police.uk", subject="FOI answer", message_id="<m1@fenwick>"))
    box.add(reply_bytes(frm="foi@fenwick.police.uk", subject="FOI answer 2", message_id="<m2@fenwick>"))
    report = services.maildir_import(tmp_path / "md")
    assert report.created == 2
    assert Attachment.objects.count() == 0


@pytest.mark.django_db
def test_dismiss(requests_sent):
    held = services.message_receive(reply_bytes(frm="news@letters.example", subject="Newsletter"), via="eml").message
    services.holding_pen_dismiss(held.pk, by="staff1", reason="newsletter")
    assert services.holding_pen_list() == []
    matched = services.message_receive(
        reply_bytes(frm="x@y.example", to=requests_sent["fenwick-police"].reply_address), via="eml").message
    with pytest.raises(services.IntakeError, match="move it instead"):
        services.holding_pen_dismiss(matched, by="staff1")


@pytest.mark.django_db(transaction=True)
def test_signals_fire_after_commit(requests_sent):
    from whoswatching.intake import signals

    seen = []

    def receiver(sender, message, **kwargs):
        seen.append((sender.__name__, message.pk, message.match_state))

    def broken(sender, message, **kwargs):
        raise RuntimeError("a broken receiver never undoes the receipt")

    signals.message_received.connect(receiver)
    signals.message_received.connect(broken)
    signals.message_filed.connect(receiver)
    try:
        result = services.message_receive(reply_bytes(frm="x@unknown.example", subject="Hi"), via="eml")
        services.message_receive(reply_bytes(frm="x@unknown.example", subject="Hi"), via="eml")  # duplicate: silent
        services.holding_pen_assign(result.message, requests_sent["fenwick-police"].reference, by="staff1")
    finally:
        signals.message_received.disconnect(receiver)
        signals.message_received.disconnect(broken)
        signals.message_filed.disconnect(receiver)
    assert seen == [("Message", result.message.pk, "unmatched"), ("Message", result.message.pk, "matched")]
    assert Message.objects.count() == 1


@pytest.mark.django_db
def test_reextract_with_new_limits(requests_sent):
    import dataclasses

    from whoswatching.intake.extract import Limits

    pdf = samples.text_pdf([["Page one"], ["Page two"], ["Page three"]])
    raw = reply_bytes(frm="x@unknown.example", attachments=[("long.pdf", pdf)])
    tight = dataclasses.replace(Limits.from_config(), max_pdf_pages=2)
    message = services.message_receive(raw, via="eml", limits=tight).message
    att = message.attachments.get()
    assert att.quarantined and "3 pages" in att.quarantine_reason
    services.message_reextract(message.pk)  # the configured limit (500 pages)
    att.refresh_from_db()
    assert not att.quarantined
    assert "Page three" in Extraction.objects.get(attachment=att).text
    assert Extraction.objects.filter(message=message).count() == 2


@pytest.mark.django_db
def test_sender_on_the_bodys_website_domain_is_a_candidate(requests_sent):
    req = requests_sent["fenwick-police"]
    req.body.website = "https://www.fenwick-constabulary.example/"
    req.body.save(update_fields=["website"])
    raw = reply_bytes(frm="disclosure@fenwick-constabulary.example", subject="Fenwick Police: your CCTV request",
                      body="Fenwick Police holds the surveillance camera equipment records you asked for.")
    result = services.message_receive(raw, via="eml")
    assert result.request_ref == req.reference, result.message.match_reason
    assert "sender domain" in result.message.match_reason


@pytest.mark.django_db
def test_reply_from_a_shared_domain_is_held_with_suggestions_by_body_name(requests_sent):
    req = requests_sent["northmoor-borough-council"]
    raw = reply_bytes(frm="ig.team@nhs.net", message_id="<shared-1@nhs.net>",
                      body="Please find our answer attached.\n\nInformation Governance\nNorthmoor Borough Council")
    result = services.message_receive(raw, via="eml")
    assert result.state == MatchState.UNMATCHED and result.message.request is None
    assert [s["request_ref"] for s in result.message.suggestions] == [req.reference]
    assert "Northmoor Borough Council" in result.message.suggestions[0]["reason"]
