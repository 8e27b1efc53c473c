"""Fictional bodies with a launched campaign, and helpers to build replies to its requests."""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage

import pytest

from whoswatching.campaigns import services as campaigns
from whoswatching.campaigns.models import Request
from whoswatching.registry.models import ContactAddress, PublicBody

BODIES = [
    ("Northmoor Borough Council", "northmoor-borough-council", "council", "foi@northmoor.gov.uk"),
    ("St Aldric's Academy", "st-aldrics-academy", "school", "office@staldrics.sch.uk"),
    ("Fenwick Police", "fenwick-police", "police", "foi@fenwick.police.uk"),
]


@pytest.fixture
def requests_sent(db) -> dict[str, Request]:
    """A running campaign with one queued request per fictional body, keyed by body slug."""
    ids = []
    for name, slug, sector, email in BODIES:
        body = PublicBody.objects.create(name=name, slug=slug, sector=sector, nation="england", region="North West")
        ContactAddress.objects.create(body=body, email=email, is_primary=True)
        ids.append(body.pk)
    campaign = campaigns.campaign_create(name="CCTV 2026", by="tester", variables={"requester_name": "Ada Lovelace"})
    campaigns.campaign_select_bodies(campaign, by="tester", body_ids=ids)
    campaigns.campaign_launch(campaign, by="tester", commit=True, today=date(2026, 3, 2))
    return {r.body.slug: r for r in Request.objects.select_related("body")}


def reply_bytes(*, frm: str, to: str = "someone@whoswatching.invalid", subject: str = "Your request",
                body: str = "Please find attached our response.", message_id: str | None = None,
                attachments: list[tuple[str, bytes]] = (), **headers: str) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = frm, to, subject
    msg["Date"] = "Tue, 10 Mar 2026 09:00:00 +0000"
    if message_id:
        msg["Message-ID"] = message_id
    for key, value in headers.items():
        msg[key.replace("_", "-")] = value
    msg.set_content(body)
    for name, data in attachments:
        msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return msg.as_bytes()
