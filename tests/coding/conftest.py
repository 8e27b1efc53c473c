"""A launched, sent request to a fictional council, and replies to it through the real intake path."""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage

import pytest

from tests.support import mark_sent
from whoswatching.campaigns import services as campaigns
from whoswatching.intake import services as intake
from whoswatching.registry.models import ContactAddress, PublicBody


def _body(name: str, slug: str) -> PublicBody:
    body = PublicBody.objects.create(name=name, slug=slug, sector="council", nation="england", region="North West")
    ContactAddress.objects.create(body=body, email=f"foi@{slug}.example.org", is_primary=True)
    return body


@pytest.fixture
def sent_requests(db):
    """Three sent requests of one campaign to fictional councils."""
    campaign = campaigns.campaign_create(name="Coding test", by="t", variables={"requester_name": "Ada Lovelace"})
    bodies = [_body(n, s) for n, s in (("Northmoor Borough Council", "northmoor"),
                                       ("Eastvale District Council", "eastvale"),
                                       ("Westbrook City Council", "westbrook"))]
    campaigns.campaign_select_bodies(campaign, by="t", body_ids=[b.id for b in bodies])
    campaigns.campaign_launch(campaign, by="t", commit=True, today=date(2026, 3, 2))
    requests = mark_sent(campaign)
    return campaign, {r.body_name.split()[0].lower(): r for r in requests}


@pytest.fixture
def reply():
    """Receive a reply to a request through intake.message_receive and return the stored message."""
    counter = iter(range(1, 1000))

    def make(request, body: str, *, subject: str = ""):
        msg = EmailMessage()
        msg["From"] = f"FOI Team <foi@{request.body.slug}.example.org>"
        msg["To"] = request.reply_address
        msg["Subject"] = subject or f"RE: Freedom of Information request {request.reference}"
        msg["Message-ID"] = f"<reply-{next(counter)}-{request.reference}@{request.body.slug}.example.org>"
        msg["Date"] = "Mon, 16 Mar 2026 09:00:00 +0000"
        msg.set_content(body)
        result = intake.message_receive(msg.as_bytes(), via="eml")
        return result.message

    return make
