"""Launch -> outbox worker -> real SMTP server on loopback -> signals -> request statuses and due dates."""

import email

import pytest
from django.utils import timezone

from tests.outbox.smtpd import Recorder, Server
from whoswatching.campaigns import services
from whoswatching.campaigns.lifecycle import Status
from whoswatching.campaigns.models import Request
from whoswatching.outbox import services as outbox
from whoswatching.outbox.throttle import Throttle
from whoswatching.outbox.transports.smtp import SmtpTransport


@pytest.mark.django_db(transaction=True)
def test_launch_send_over_smtp_and_track(campaign, bodies):
    services.campaign_select_bodies(
        campaign, by="t", body_ids=[bodies["northmoor"].id, bodies["glenholm"].id, bodies["aldric"].id]
    )
    services.campaign_launch(campaign, by="t", commit=True)
    bounced = Request.objects.get(body=bodies["aldric"])
    recorder = Recorder(rcpt_replies={bounced.to_address: ["550 5.1.1 no such mailbox"]})
    with Server(recorder) as server:
        transport = SmtpTransport(host="127.0.0.1", port=server.port, timeout=10)
        try:
            report = outbox.outbox_deliver(transport=transport, throttle=Throttle(), wait=False)
        finally:
            transport.close()
    assert report.attempted == 3
    today = timezone.localdate()
    for name in ("northmoor", "glenholm"):
        req = Request.objects.get(body=bodies[name])
        assert req.status == Status.SENT and req.received_on == today and req.due_on > today
        assert [e.kind for e in req.events.all()] == ["created", "sent"]
    bounced.refresh_from_db()
    assert bounced.status == Status.BOUNCED and "550" in bounced.events.last().note
    # What the server received carries the reference in the subject and the per-request Reply-To.
    messages = [email.message_from_bytes(raw) for raw in recorder.raw.values()]
    assert len(messages) == 2
    for msg in messages:
        req = Request.objects.get(reference=msg["X-WW-Reference"])
        assert req.reference in msg["Subject"] and msg["Reply-To"] == req.reply_address
    timeline = services.request_timeline(Request.objects.get(body=bodies["northmoor"]))
    assert "outbox" in {e.source for e in timeline}
