"""A campaign to fictional bodies with replies received through intake, coded and accepted."""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage

import pytest

from tests.support import mark_sent
from whoswatching.campaigns import services as campaigns
from whoswatching.campaigns.models import Request
from whoswatching.coding import services as coding
from whoswatching.intake import services as intake
from whoswatching.registry.models import ContactAddress, PublicBody

SIGNED = ("\n\nYours sincerely\n\nJane Quillfeather\nInformation Governance Officer\n"
          "Tel: 01632 960123\njane.quillfeather@northmoor.example.org\n")

#: (name, slug, sector, region, reply text or None for no reply)
BODIES = (
    ("Northmoor Borough Council", "northmoor", "council", "North West",
     "Dear Ms Lovelace,\n\nI can confirm that the council uses Hikvision cameras (42 in total). Please contact "
     "Jane Quillfeather on 01632 960123 or jane.quillfeather@northmoor.example.org. We do not use Dahua." + SIGNED),
    ("Eastvale District Council", "eastvale", "council", "East Midlands",
     "We use Dahua cameras at the depot. We do not use Hikvision." + SIGNED),
    ("Westbrook City Council", "westbrook", "council", "North West",
     "We are withholding the information under section 24(1) and section 31(1)(a) of the Act." + SIGNED),
    ("<script>alert(1)</script> =HYPERLINK(\"http://x.example\") Council", "hostile", "council", "London",
     "We use Hikvision cameras. We do not use Dahua." + SIGNED),
    ("St Aldric's Academy", "st-aldric", "school", "North East", None),
)


def _send(campaign) -> list[Request]:
    return mark_sent(campaign)


def receive(request: Request, text: str, n: int = 1):
    msg = EmailMessage()
    msg["From"] = f"FOI Team <foi@{request.body.slug}.example.org>"
    msg["To"] = request.reply_address
    msg["Subject"] = f"RE: Freedom of Information request {request.reference}"
    msg["Message-ID"] = f"<reply-{n}-{request.reference}@{request.body.slug}.example.org>"
    msg["Date"] = "Mon, 16 Mar 2026 09:00:00 +0000"
    msg.set_content(text)
    return intake.message_receive(msg.as_bytes(), via="eml").message


@pytest.fixture
def campaign_replied(db):
    """A launched campaign to five fictional bodies; four replied (coded, not yet accepted)."""
    campaign = campaigns.campaign_create(name="Publishing test", by="t", variables={"requester_name": "Ada Lovelace"})
    bodies = []
    for name, slug, sector, region, _ in BODIES:
        body = PublicBody.objects.create(name=name, slug=slug, sector=sector, nation="england", region=region)
        ContactAddress.objects.create(body=body, email=f"foi@{slug}.example.org", is_primary=True)
        bodies.append(body)
    campaigns.campaign_select_bodies(campaign, by="t", body_ids=[b.id for b in bodies])
    campaigns.campaign_launch(campaign, by="t", commit=True, today=date(2026, 3, 2))
    by_slug = {r.body.slug: r for r in _send(campaign)}
    messages = []
    for _, slug, _, _, text in BODIES:
        if text:
            message = receive(by_slug[slug], text)
            coding.reply_autocode(message)
            messages.append(message)
    return campaign, messages


@pytest.fixture
def campaign_accepted(campaign_replied):
    campaign, messages = campaign_replied
    for message in messages:
        coding.review_submit(message, by="reviewer")
    return campaign
