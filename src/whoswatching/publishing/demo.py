"""``whoswatching demo``: the whole loop on fictional bodies, through the real services, in one call.

Steps (each idempotent, so running the demo again reuses what is there and adds nothing twice):
fictional bodies (``demo_data``) -> a sandbox campaign -> launch -> delivery through the outbox with the
local files transport (demo messages only, written under ``DATA_DIR/demo/outbox``; never the network)
-> simulated replies as raw MIME through ``intake.services.message_receive`` (attachments extracted as
for any reply) -> ``coding.services.reply_autocode`` -> the "demo" reviewer accepts each suggestion,
correcting it where it differs from the script (as a person would) -> ``publication_build`` (gated on
acceptance) -> ``publication_publish`` -> a copy of the report folder under ``DATA_DIR/demo/report``.

Only demo data is ever touched: bodies whose source is ``demo_data.SOURCE`` and slug starts ``demo-``,
the campaign ``demo_data.CAMPAIGN_SLUG`` created by the demo reviewer, and their requests, messages and
outbox messages. ``demo_reset`` removes exactly those.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from whoswatching.campaigns import services as campaigns
from whoswatching.campaigns.models import Campaign, FollowUp, Request, RequestEvent
from whoswatching.coding import services as coding
from whoswatching.coding.models import AcceptedCode
from whoswatching.coding.values import changed_fields
from whoswatching.intake import services as intake
from whoswatching.intake.models import Message
from whoswatching.outbox import services as outbox
from whoswatching.outbox.delivery import ClaimLost
from whoswatching.outbox.models import OutboxMessage
from whoswatching.outbox.transports.files import FilesTransport
from whoswatching.publishing import demo_data, services
from whoswatching.publishing.models import Publication
from whoswatching.registry.models import ContactAddress, PublicBody

Progress = Callable[[str, int, int], None]


class DemoError(Exception):
    """The demo cannot run; the message says why and what to do."""


@dataclass
class DemoReport:
    campaign: str = ""
    bodies: int = 0
    requests: int = 0
    delivered: int = 0
    replies: int = 0
    coded: int = 0
    accepted: int = 0
    corrected: int = 0
    publication: str = ""
    report_folder: str = ""
    outbox_folder: str = ""
    notes: list[str] = field(default_factory=list)


def demo_root() -> Path:
    return Path(settings.DATA_DIR) / "demo"


class DemoOnlyTransport:
    """The files transport for the demo's own messages; any other due message is left untouched.

    ``outbox_deliver`` picks every due message; for one that is not the demo's this transport stops
    before the irreversible step (``ClaimLost``), so the worker records nothing and releases the claim
    back to the queue for the real worker."""

    name = "files"

    def __init__(self, keys: set[str], folder: Path) -> None:
        self.keys = keys
        self.inner = FilesTransport(folder=folder)
        self.passed_over = 0

    def send(self, envelope, *, before_end):
        if envelope.key not in self.keys:
            self.passed_over += 1
            raise ClaimLost(envelope.key)
        return self.inner.send(envelope, before_end=before_end)

    def probe(self, envelope):
        # Another message's file, if any, is where the ordinary files transport writes it.
        return (self.inner if envelope.key in self.keys else FilesTransport()).probe(envelope)

    def close(self) -> None:
        close = getattr(self.inner, "close", None)
        if close:
            close()


def _noop(step: str, done: int, total: int) -> None:
    return None


def _ensure_bodies(progress: Progress) -> list[PublicBody]:
    bodies = demo_data.demo_bodies()
    out = []
    for n, spec in enumerate(bodies, start=1):
        existing = PublicBody.objects.filter(slug=spec.slug).first()
        if existing is not None and existing.source != demo_data.SOURCE:
            raise DemoError(f"a body with the demo's slug {spec.slug!r} exists and is not demo data; "
                            "the demo leaves it alone: rename that body or run the demo on another database")
        body, _ = PublicBody.objects.update_or_create(
            slug=spec.slug, defaults=dict(name=spec.name, sector=spec.sector, region=spec.region,
                                          nation=spec.nation, source=demo_data.SOURCE, body_type="fictional"))
        if not body.contacts.filter(email=spec.email).exists():
            ContactAddress.objects.create(body=body, email=spec.email, is_primary=True, state="verified",
                                          source=demo_data.SOURCE)
        out.append(body)
        progress("bodies", n, len(bodies))
    return out


def _campaign(bodies: list[PublicBody]) -> Campaign:
    campaign = Campaign.objects.filter(slug=demo_data.CAMPAIGN_SLUG).first()
    if campaign is not None and campaign.created_by != demo_data.REVIEWER:
        raise DemoError(f"campaign {demo_data.CAMPAIGN_SLUG!r} exists and was not made by the demo; "
                        "the demo leaves it alone")
    if campaign is None:
        campaign = campaigns.campaign_create(
            name=demo_data.CAMPAIGN_NAME, by=demo_data.REVIEWER,
            description="Sandbox made by `whoswatching demo`: every body is fictional. "
                        "Remove it with `whoswatching demo --reset`.",
            variables={"requester_name": "Ada Lovelace (demo requester)"})
    have = set(campaign.targets.values_list("body_id", flat=True))
    missing = [b.id for b in bodies if b.id not in have]
    if missing:
        campaigns.campaign_select_bodies(campaign, by=demo_data.REVIEWER, body_ids=missing)
    return campaign


def _deliver(campaign: Campaign, report: DemoReport, progress: Progress) -> None:
    campaigns.campaign_launch(campaign, by=demo_data.REVIEWER, commit=True)
    keys = set(campaign.requests.exclude(outbox_key="").values_list("outbox_key", flat=True))
    folder = demo_root() / "outbox"
    report.outbox_folder = str(folder)
    total = len(keys)
    done = total - OutboxMessage.objects.filter(key__in=keys, state__in=("queued", "deferred")).count()
    progress("deliver", done, total)

    def on_progress(message, result) -> None:
        nonlocal done
        if message.key in keys:
            done += 1
            progress("deliver", done, total)

    transport = DemoOnlyTransport(keys, folder)

    def stop() -> bool:
        # Done when no demo message is due; a bounded number of passes over other messages (enqueued
        # by someone else while the demo runs) ends the run instead of looping over them.
        # (A claimed message is "sending", not due: it still counts as waiting.)
        return transport.passed_over > 200 or not OutboxMessage.objects.filter(
            key__in=keys, state__in=("queued", "sending", "deferred")).exists()

    result = outbox.outbox_deliver(transport=transport, wait=False, on_progress=on_progress, stop=stop)
    report.delivered = result.sent
    if transport.passed_over:
        report.notes.append(f"{transport.passed_over} time(s) another queued message was passed over and left "
                            "for the real outbox worker")
    left = OutboxMessage.objects.due(timezone.now()).filter(key__in=keys).count()
    if left:
        raise DemoError(f"{left} demo request(s) could not be delivered to local files; see `whoswatching outbox "
                        "list` and run the demo again")
    report.requests = len(keys)


def _check_outbox_idle() -> None:
    """Refuse to start while other messages wait in the outbox: the demo's delivery step must not race them."""
    mine = Request.objects.filter(campaign__slug=demo_data.CAMPAIGN_SLUG).exclude(outbox_key="").values("outbox_key")
    others = OutboxMessage.objects.due(timezone.now()).exclude(key__in=mine).count()
    if others:
        raise DemoError(
            f"{others} other message(s) are waiting in the outbox; the demo delivers only its own and will not "
            "run beside them. Send them first (`whoswatching outbox send`), or run the demo on its own data: "
            "WHOSWATCHING_DATA_DIR=/tmp/whoswatching-demo whoswatching demo")


def _raw_reply(request: Request, reply: demo_data.DemoReply, n: int) -> bytes:
    domain = request.to_address.split("@", 1)[1] if "@" in request.to_address else "demo.example.org"
    msg = EmailMessage()
    msg["From"] = f"FOI Team <foi@{domain}>"
    msg["To"] = request.reply_address
    msg["Subject"] = f"RE: Freedom of Information request {request.reference}"
    msg["Message-ID"] = f"<demo-reply-{n}-{request.reference}@{domain}>"
    msg["Date"] = format_datetime((request.sent_at or timezone.now()) + timedelta(minutes=n))
    msg.set_content(reply.body)
    for att in reply.attachments:
        maintype, subtype = att.content_type.split("/", 1)
        msg.add_attachment(att.data, maintype=maintype, subtype=subtype, filename=att.filename)
    return msg.as_bytes()


def _replies(campaign: Campaign, report: DemoReport, progress: Progress) -> list[tuple[Message, dict]]:
    specs = {b.slug: (i, b) for i, b in enumerate(demo_data.demo_bodies())}
    requests = list(campaign.requests.exclude(status__in=("draft", "queued")).select_related("body"))
    planned = [(r, reply, n) for r in requests if r.body.slug in specs
               for n, reply in enumerate(demo_data.replies_for(*specs[r.body.slug]), start=1)]
    received = []
    for done, (request, reply, n) in enumerate(planned, start=1):
        result = intake.message_receive(_raw_reply(request, reply, n), via="eml")
        message = result.message
        if message.request_id != request.pk:
            report.notes.append(f"reply {n} to {request.reference} was not matched (left in the holding pen)")
        else:
            received.append((message, reply.codes))
        progress("replies", done, len(planned))
    report.replies = len(received)
    return received


def _code_and_accept(received: list[tuple[Message, dict]], report: DemoReport, progress: Progress) -> None:
    for done, (message, codes) in enumerate(received, start=1):
        suggestion = coding.reply_autocode(message)
        report.coded += 1
        if not AcceptedCode.objects.filter(message=message).exists():
            base = dict(suggestion.values)
            wrong = changed_fields(base, {**base, **codes})
            coding.review_submit(message, by=demo_data.REVIEWER, corrections=codes if wrong else None,
                                 note="demo reviewer: checked against the script" if wrong else "")
            report.corrected += bool(wrong)
        report.accepted += 1
        progress("code + accept", done, len(received))


def demo_run(*, progress: Progress | None = None) -> DemoReport:
    """Run (or re-run) the whole demo and publish its statistics; returns what was done and where."""
    progress = progress or _noop
    report = DemoReport(campaign=demo_data.CAMPAIGN_SLUG)
    _check_outbox_idle()
    bodies = _ensure_bodies(progress)
    report.bodies = len(bodies)
    campaign = _campaign(bodies)
    _deliver(campaign, report, progress)
    received = _replies(campaign, report, progress)
    _code_and_accept(received, report, progress)
    progress("publish", 0, 1)
    pub = services.publication_build(campaign, by=demo_data.REVIEWER)
    services.publication_publish(pub, by=demo_data.REVIEWER)
    # Earlier demo builds are replaced, not kept: running the demo again leaves one build behind.
    for old in Publication.objects.filter(campaign=campaign).exclude(pk=pub.pk):
        shutil.rmtree(old.folder, ignore_errors=True)
        old.delete()
    progress("publish", 1, 1)
    target = demo_root() / "report"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(pub.folder, target)
    report.publication = pub.build_id
    report.report_folder = str(target)
    return report


@dataclass
class ResetReport:
    campaigns: int = 0
    requests: int = 0
    messages: int = 0
    outbox: int = 0
    bodies: int = 0
    publications: int = 0
    kept_bodies: list[str] = field(default_factory=list)


def demo_reset() -> ResetReport:
    """Remove the demo's campaign, requests, replies, outbox messages, publications and bodies; nothing else."""
    out = ResetReport()
    with transaction.atomic():
        for campaign in Campaign.objects.filter(slug=demo_data.CAMPAIGN_SLUG, created_by=demo_data.REVIEWER):
            requests = Request.objects.filter(campaign=campaign)
            keys = list(requests.exclude(outbox_key="").values_list("outbox_key", flat=True))
            out.messages += Message.objects.filter(request__in=requests).delete()[1].get("intake.Message", 0)
            FollowUp.objects.filter(request__in=requests).delete()
            # Request events are append-only for real requests (an audit trail); the demo's are fictional
            # sandbox records, removed with their requests through the base queryset on purpose.
            models.QuerySet.delete(RequestEvent.objects.filter(request__in=requests))
            out.outbox += OutboxMessage.objects.filter(key__in=keys).delete()[1].get("outbox.OutboxMessage", 0)
            out.requests += requests.delete()[1].get("campaigns.Request", 0)
            out.publications += Publication.objects.filter(campaign=campaign).count()
            campaign.delete()
            out.campaigns += 1
        domains = [b.email.split("@", 1)[1] for b in demo_data.demo_bodies()]
        for domain in domains:  # unmatched demo replies in the holding pen
            out.messages += Message.objects.filter(request__isnull=True, from_addr__iendswith=f"@{domain}").delete()[1].get(
                "intake.Message", 0)
        for body in PublicBody.objects.filter(source=demo_data.SOURCE, slug__startswith=demo_data.SLUG_PREFIX):
            try:
                with transaction.atomic():
                    body.delete()
                out.bodies += 1
            except ProtectedError:
                out.kept_bodies.append(body.name)
    shutil.rmtree(demo_root(), ignore_errors=True)
    shutil.rmtree(services.publications_root() / demo_data.CAMPAIGN_SLUG, ignore_errors=True)
    return out
