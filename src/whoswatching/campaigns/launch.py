"""Pre-launch checks and the launch of a campaign: render every request, reserve references, store
requests with their events and enqueue them in the outbox, in one transaction (dry run by default).

Reached through ``campaigns.services``, which re-exports everything public here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from whoswatching import config
from whoswatching.campaigns import compose, references
from whoswatching.campaigns.errors import CampaignError
from whoswatching.campaigns.lifecycle import Status
from whoswatching.campaigns.models import Campaign, CampaignBody, ReferenceCounter, Request, RequestEvent
from whoswatching.campaigns.tracking import OUTBOX_KIND_REQUEST
from whoswatching.outbox import services as outbox
from whoswatching.outbox.models import OutboxMessage
from whoswatching.registry.models import ContactAddress, PublicBody
from whoswatching.registry.records import law_for

REQUIRED_VARIABLES = ("requester_name",)
#: A body asked in another campaign within this many months is flagged before launch.
DUPLICATE_MONTHS = 12
#: How many items a problem lists in full.
SHOWN_ITEMS = 50


@dataclass
class Problem:
    level: str  # "error" (blocks launch) or "warning"
    code: str
    message: str
    items: list[str] = field(default_factory=list)
    count: int = 0


@dataclass
class PlannedRequest:
    body_slug: str
    body_name: str
    to: str
    law: str
    reference: str = ""


@dataclass
class LaunchPlan:
    campaign: str
    committed: bool
    planned: list[PlannedRequest] = field(default_factory=list)
    skipped_no_address: list[str] = field(default_factory=list)
    already_requested: int = 0
    problems: list[Problem] = field(default_factory=list)
    created: int = 0
    enqueued: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]


def campaign_template(campaign: Campaign) -> compose.Template:
    return compose.Template(subject=campaign.template_subject, body=campaign.template_body)


@dataclass(frozen=True)
class PendingBody:
    """A selected body as launch needs it: register fields, its law and the address to write to ("" if none)."""

    id: int
    slug: str
    name: str
    sector: str
    region: str
    nation: str
    local_authority: str
    identifier: str
    website: str
    body_type: str
    law: str
    email: str

    def fields(self) -> compose.BodyFields:
        return compose.BodyFields(
            name=self.name, slug=self.slug, sector=self.sector, region=self.region, nation=self.nation,
            local_authority=self.local_authority, identifier=self.identifier, website=self.website,
        )


_BODY_VALUES = ("id", "slug", "name", "sector", "region", "nation", "local_authority", "identifier", "website",
                "body_type", "foi_law_override")


def _choose_email(contacts: list[tuple[str, bool, str, int]]) -> str:
    """The address a request goes to: as ``PublicBody.primary_contact`` orders them (primary first, then
    verified, then oldest; never invalid ones), the first that is a well-formed address (Django's validator)."""
    usable = sorted(
        (c for c in contacts if c[2] != ContactAddress.State.INVALID),
        key=lambda c: (not c[1], c[2] != ContactAddress.State.VERIFIED, c[3]),
    )
    for email, *_ in usable:
        try:
            validate_email(email)
        except ValidationError:
            continue
        return email
    return ""


def _pending_body(values: dict, contacts: list[tuple[str, bool, str, int]]) -> PendingBody:
    override = values.pop("foi_law_override")
    law = law_for(values["nation"], values["sector"], override=override).value
    return PendingBody(**values, law=law, email=_choose_email(contacts))


def _pending_from(body: PublicBody) -> PendingBody:
    values = {f: getattr(body, f) for f in _BODY_VALUES}
    contacts = [(c.email, c.is_primary, c.state, c.id) for c in body.contacts.all()]
    return _pending_body(values, contacts)


def _reply_address(reference: str) -> str:
    return references.reply_address(reference, mail_from=config.MAIL_FROM, reply_domain=config.REPLY_DOMAIN)


def _compose_one(campaign, compiled, body: PendingBody, *, reference: str, to: str, today: date):
    law = body.law
    context = compose.context_for(
        body=body.fields(),
        law=law,
        reference=reference,
        reply_address=_reply_address(reference),
        campaign_name=campaign.name,
        variables=campaign.variables,
        today=today,
        bilingual_welsh=campaign.bilingual_welsh,
    )
    return compose.render(compiled, context, to=to, reference=reference, law=law)


def campaign_preview(
    campaign: Campaign, *, body: PublicBody, today: date | None = None
) -> compose.OutgoingMessage:
    """The request ``body`` gets (or got): its stored text once launched, else a fresh render.

    Before launch the reference shown is the next free serial, marked as provisional by the caller.
    """
    sent = Request.objects.filter(campaign=campaign, body=body).first()
    if sent is not None:
        return compose.OutgoingMessage(
            to=sent.to_address,
            subject=sent.subject,
            body=sent.body_text,
            reply_to=sent.reply_address,
            reference=sent.reference,
            law=sent.law,
            headers={"X-WW-Reference": sent.reference},
        )
    today = today or timezone.localdate()
    compiled = compose.compile_template(campaign_template(campaign), variables=campaign.variables)
    counter = ReferenceCounter.objects.filter(year=today.year).first()
    reference = references.format_reference(today.year, (counter.last if counter else 0) + 1)
    pending = _pending_from(body)
    return _compose_one(campaign, compiled, pending, reference=reference, to=pending.email, today=today)


def _items(names: list[str]) -> list[str]:
    return names[:SHOWN_ITEMS] + (
        [f"... and {len(names) - SHOWN_ITEMS} more"] if len(names) > SHOWN_ITEMS else []
    )


def _pending(campaign: Campaign) -> list[PendingBody]:
    """Selected bodies without a request in this campaign, by name, each with its address ("" if none).

    Two flat queries (bodies, then their contacts) instead of model instances: launch reads thousands.
    """
    requested = Request.objects.filter(campaign=campaign).values("body_id")
    rows = list(
        PublicBody.objects.filter(campaign_targets__campaign=campaign)
        .exclude(id__in=requested)
        .order_by("name", "id")
        .values(*_BODY_VALUES)
    )
    contacts: dict[int, list[tuple[str, bool, str, int]]] = {}
    for body_id, email, primary, state, pk in (
        ContactAddress.objects.filter(body__campaign_targets__campaign=campaign)
        .exclude(body_id__in=requested)
        .values_list("body_id", "email", "is_primary", "state", "id")
    ):
        contacts.setdefault(body_id, []).append((email, primary, state, pk))
    return [_pending_body(row, contacts.get(row["id"], [])) for row in rows]


def campaign_check(
    campaign: Campaign, *, duplicate_months: int = DUPLICATE_MONTHS, pending: list[PendingBody] | None = None
) -> list[Problem]:
    """Everything to fix or know before launch: template faults and empty variables (errors), bodies
    with no usable address and bodies asked in another campaign recently (warnings)."""
    problems: list[Problem] = []
    for fault in compose.template_problems(campaign_template(campaign), variables=campaign.variables):
        code = "unknown_merge_field" if isinstance(fault, compose.UnknownMergeField) else "template"
        problems.append(Problem("error", code, str(fault)))
    for name in REQUIRED_VARIABLES:
        if not str(campaign.variables.get(name, "")).strip():
            problems.append(Problem(
                "error", "empty_variable",
                f"campaign variable {name!r} is empty: a valid request states the requester's name "
                f"(FOIA s.8(1)(b), FOISA s.8(1)(b)); set it on the campaign's template page or with "
                f"`whoswatching campaigns update {campaign.slug} --var {name}=...`",
            ))
    if not CampaignBody.objects.filter(campaign=campaign).exists():
        problems.append(Problem("error", "no_bodies", "no bodies selected; select some by filter or uploaded list"))
    pending = _pending(campaign) if pending is None else pending
    missing = [body.name for body in pending if not body.email]
    if missing:
        problems.append(Problem(
            "warning", "no_address",
            f"{len(missing)} bodies have no usable contact address and will be skipped; "
            "add one in the register, then launch again",
            _items(missing), len(missing),
        ))
    since = timezone.now() - timedelta(days=round(duplicate_months * 30.44))
    requested_here = Request.objects.filter(campaign=campaign).values("body_id")
    dupes = (
        Request.objects.filter(body__campaign_targets__campaign=campaign, created_at__gte=since)
        .exclude(body_id__in=requested_here)
        .exclude(campaign=campaign)
        .exclude(status=Status.WITHDRAWN)
        .values_list("body_name", "reference", "campaign__name", "created_at", "status")
        .order_by("body_name", "reference")
    )
    lines = [f"{name}: {ref} in '{cname}' ({created:%Y-%m-%d}, {status})" for name, ref, cname, created, status in dupes]
    if lines:
        problems.append(Problem(
            "warning", "duplicate",
            f"{len(lines)} requests to these bodies were made in another campaign in the last {duplicate_months} "
            "months; remove the bodies or launch knowingly",
            _items(lines), len(lines),
        ))
    return problems


def _enqueue(requests: list[Request]) -> int:
    try:
        return outbox.messages_enqueue(
            outbox.NewMessage(
                key=r.outbox_key, to=r.to_address, subject=r.subject, body=r.body_text, reply_to=r.reply_address,
                headers={"X-WW-Reference": r.reference}, kind=OUTBOX_KIND_REQUEST, object_ref=r.reference,
            )
            for r in requests
        ).created
    except outbox.EnqueueError as exc:
        raise CampaignError(f"cannot queue the requests, nothing was launched: {exc}") from exc


def campaign_launch(
    campaign: Campaign,
    *,
    by: str,
    commit: bool = False,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> LaunchPlan:
    """Plan (dry run) or launch: render every pending request, store it with its event, enqueue it.

    Idempotent: bodies that already have a request in this campaign are left alone, and outbox keys
    are per reference, so launching again enqueues nothing new (queued requests whose outbox message is
    missing are enqueued again). With errors from :func:`campaign_check` a committed launch raises
    :class:`CampaignError` and changes nothing.
    """
    if campaign.state == Campaign.State.CLOSED:
        raise CampaignError(f"campaign {campaign.slug!r} is closed")
    today = today or timezone.localdate()
    pending = _pending(campaign)
    plan = LaunchPlan(campaign=campaign.slug, committed=commit, problems=campaign_check(campaign, pending=pending))
    plan.already_requested = Request.objects.filter(campaign=campaign).count()
    if plan.errors:
        if commit:
            raise CampaignError("cannot launch: " + "; ".join(p.message for p in plan.errors))
        return plan
    compiled = compose.compile_template(campaign_template(campaign), variables=campaign.variables)
    bodies = [body for body in pending if body.email]
    plan.skipped_no_address = [body.name for body in pending if not body.email]
    if not commit:
        plan.planned = [PlannedRequest(b.slug, b.name, b.email, b.law) for b in bodies]
        return plan
    now = timezone.now()
    try:
        return _launch_commit(campaign, plan, bodies, compiled, by=by, today=today, now=now, progress=progress)
    except IntegrityError:
        raise CampaignError(
            "another launch of this campaign ran at the same time and nothing was changed by this one; "
            "launch again to send what is left"
        ) from None


def _launch_commit(campaign, plan, bodies, compiled, *, by, today, now, progress) -> LaunchPlan:
    with transaction.atomic():
        # Requests queued by an earlier launch whose outbox message is missing (a crash between the two).
        orphans = list(
            Request.objects.filter(campaign=campaign, status=Status.QUEUED)
            .exclude(outbox_key__in=OutboxMessage.objects.filter(kind=OUTBOX_KIND_REQUEST).values("key"))
        )
        serials = ReferenceCounter.reserve(today.year, len(bodies))
        requests: list[Request] = []
        for i, (body, serial) in enumerate(zip(bodies, serials, strict=True)):
            reference = references.format_reference(today.year, serial)
            message = _compose_one(campaign, compiled, body, reference=reference, to=body.email, today=today)
            requests.append(Request(
                campaign=campaign, body_id=body.id, reference=reference, reply_address=message.reply_to,
                to_address=body.email, law=message.law, subject=message.subject, body_text=message.body,
                status=Status.QUEUED, outbox_key=f"campaigns:request:{reference}", status_changed_at=now,
                body_name=body.name, sector=body.sector, region=body.region, nation=body.nation,
                body_type=body.body_type,
            ))
            if progress and i % 250 == 0:
                progress(i, len(bodies) * 2)
        Request.objects.bulk_create(requests, batch_size=500)
        if requests and requests[0].pk is None:  # backends that do not return ids from a bulk insert
            by_ref = dict(Request.objects.filter(campaign=campaign, reference__in=[r.reference for r in requests])
                          .values_list("reference", "pk"))
            for r in requests:
                r.pk = by_ref[r.reference]
        RequestEvent.objects.bulk_create(
            [RequestEvent(request=r, kind=RequestEvent.Kind.CREATED, at=now, by=by, to_status=Status.QUEUED,
                          note="launched") for r in requests],
            batch_size=500,
        )
        if progress:
            progress(len(bodies), len(bodies) * 2)
        plan.enqueued = _enqueue(orphans + requests)
        if campaign.state == Campaign.State.DRAFT and (requests or plan.already_requested):
            campaign.state, campaign.launched_at = Campaign.State.RUNNING, now
            campaign.save(update_fields=["state", "launched_at"])
    if progress:
        progress(len(bodies) * 2, len(bodies) * 2)
    plan.created = len(requests)
    plan.planned = [PlannedRequest(b.slug, r.body_name, r.to_address, r.law, r.reference)
                    for r, b in zip(requests, bodies, strict=True)]
    return plan
