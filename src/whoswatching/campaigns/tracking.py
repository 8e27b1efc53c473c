"""Use-cases after launch: status changes, sending, statutory deadlines, overdue checks, follow-ups.

Reached through ``campaigns.services`` (which re-exports everything public here). Deadlines come
from the pure engine ``campaigns.deadlines`` (FOIA s.10(1), FOISA s.10(1), with their working-day
definitions); transitions are checked by ``campaigns.lifecycle``; every change adds a ``RequestEvent``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from whoswatching.campaigns import compose, deadlines
from whoswatching.campaigns.errors import CampaignError
from whoswatching.campaigns.lifecycle import (
    REMINDABLE,
    REVIEWABLE,
    Status,
    check_transition,
    overdue_status_for,
)
from whoswatching.campaigns.models import FollowUp, Request, RequestEvent
from whoswatching.outbox import services as outbox
from whoswatching.registry import services as registry
from whoswatching.registry.models import PublicBody

#: The actor recorded for automatic changes (outbox signals, scheduled checks, the CLI's default).
SYSTEM = "system"
OUTBOX_KIND_REQUEST = "campaigns.request"
OUTBOX_KIND_FOLLOWUP = "campaigns.followup"


def _event(
    request: Request,
    kind: str,
    *,
    by: str,
    note: str = "",
    from_status: str = "",
    to_status: str = "",
    data: dict | None = None,
    at: datetime | None = None,
) -> RequestEvent:
    return RequestEvent.objects.create(
        request=request,
        kind=kind,
        at=at or timezone.now(),
        by=by,
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data or {},
    )


def request_note(request: Request, *, by: str, note: str, data: dict | None = None) -> RequestEvent:
    """Add a note to a request's history without changing its status."""
    return _event(request, RequestEvent.Kind.NOTE, by=by, note=note, data=data)


def request_transition(
    request: Request,
    to_status: str,
    *,
    by: str,
    note: str = "",
    kind: str = RequestEvent.Kind.STATUS,
    data: dict | None = None,
) -> Request:
    """Move a request to ``to_status`` if the life cycle allows it, with an event recording who and why.

    Raises ``lifecycle.IllegalTransition`` (naming the allowed moves) otherwise.
    """
    with transaction.atomic():
        locked = Request.objects.select_for_update().get(pk=request.pk)
        target = check_transition(locked.status, to_status)
        now = timezone.now()
        _event(locked, kind, by=by, note=note, from_status=locked.status, to_status=target, data=data, at=now)
        fields = {"status": target, "status_changed_at": now}
        if CLARIFICATION in (locked.status, target) and locked.received_on:
            deadline = _deadline(locked, locked.received_on)
            fields.update(due_on=deadline.due, due_working=deadline.working)
        Request.objects.filter(pk=locked.pk).update(**fields)
    for name, value in fields.items():
        setattr(request, name, value)
    return request


def body_fields(body: PublicBody) -> compose.BodyFields:
    return compose.BodyFields(
        name=body.name,
        slug=body.slug,
        sector=body.sector,
        region=body.region,
        nation=body.nation,
        local_authority=body.local_authority,
        identifier=body.identifier,
        website=body.website,
    )


CLARIFICATION = Status.CLARIFICATION_REQUESTED


CLOCK_KINDS = ("clarification_requested", "clarification_received", "fee_notice", "fee_paid")
_CLOCK_Q = Q(to_status=CLARIFICATION) | Q(from_status=CLARIFICATION) | Q(kind=RequestEvent.Kind.CLOCK)


def _clock_history(request: Request):
    return request.events.filter(_CLOCK_Q).order_by("at", "id")


def _derived_kind(event: RequestEvent) -> str:
    if event.kind == RequestEvent.Kind.CLOCK:
        return ""
    if event.to_status == CLARIFICATION:
        return "clarification_requested"
    if event.from_status == CLARIFICATION and event.to_status == Status.AWAITING_RESPONSE:
        return "clarification_received"
    return ""


def clock_events(history, *, received: date | None = None) -> list[deadlines.ClockEvent]:
    """Clock events from a request's history (FOIA/FOISA s.1(3) clarification, s.10(2) fees).

    A status change into ``clarification_requested`` stops the clock on its date and the move back to
    ``awaiting_response`` restarts it; a dated ``clock`` event (``request_clock_event``) gives the exact
    day instead and replaces the status-derived one it names. Events before receipt are ignored.
    """
    history = list(history)
    replaced = {e.data.get("replaces") for e in history if e.kind == RequestEvent.Kind.CLOCK}
    events = []
    for event in history:
        if event.kind == RequestEvent.Kind.CLOCK:
            found = deadlines.ClockEvent(event.data["clock"], date.fromisoformat(event.data["on"]))
        elif event.pk in replaced or not _derived_kind(event):
            continue
        else:
            found = deadlines.ClockEvent(_derived_kind(event), timezone.localdate(event.at))
        if received is None or found.on >= received:
            events.append(found)
    return events


def _deadline(request: Request, received: date, history=None) -> deadlines.Deadline:
    events = clock_events(_clock_history(request) if history is None else history, received=received)
    return deadlines.due_date(received, law=request.law, body_type=request.body_type, events=events)


def request_mark_sent(
    request: Request, *, sent_at: datetime, by: str = SYSTEM, data: dict | None = None
) -> Request:
    """Record that the outbox delivered a request: status ``sent``, the clock's start and the due date.

    The body receives an emailed request on the day it is delivered; the clock's day one is the next
    working day (FOIA s.10(1), FOISA s.10(1)). Idempotent: a request already past ``queued`` is left alone.
    """
    with transaction.atomic():
        locked = Request.objects.select_for_update().get(pk=request.pk)
        if locked.status == Status.WITHDRAWN and not locked.sent_at:
            # Withdrawn while the outbox was already sending it: record that it went out anyway.
            _event(locked, RequestEvent.Kind.SENT, by=by, note="sent although withdrawn (it was already leaving)",
                   data={**(data or {}), "sent_at": sent_at.isoformat()})
            Request.objects.filter(pk=locked.pk).update(sent_at=sent_at)
            return locked
        if locked.status not in (Status.QUEUED, Status.DRAFT):
            return locked
        received = timezone.localdate(sent_at)
        deadline = _deadline(locked, received)
        _event(
            locked,
            RequestEvent.Kind.SENT,
            by=by,
            from_status=locked.status,
            to_status=Status.SENT,
            at=timezone.now(),
            note=f"due {deadline.due.isoformat() if deadline.due else 'not set'}: {deadline.working}",
            data={**(data or {}), "sent_at": sent_at.isoformat(), "deadline": deadline.to_dict()},
        )
        locked.status, locked.sent_at, locked.received_on = Status.SENT, sent_at, received
        locked.due_on, locked.due_working, locked.status_changed_at = (
            deadline.due,
            deadline.working,
            timezone.now(),
        )
        locked.save(
            update_fields=["status", "sent_at", "received_on", "due_on", "due_working", "status_changed_at"]
        )
    return locked


def request_resend(request: Request, *, by: str, to_address: str = "") -> Request:
    """Queue a bounced request again, optionally to a corrected address, under a fresh outbox key.

    A corrected address also becomes the body's primary FOI address in the register, so later
    campaigns (and reminders) use it rather than the address that bounced.
    """
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    if request.status != Status.BOUNCED:
        raise CampaignError(f"{request.reference} is {request.status}; only a bounced request is resent")
    to_address = (to_address or request.to_address).strip()
    try:
        validate_email(to_address)
    except ValidationError:
        raise CampaignError(f"{to_address!r} is not an email address") from None
    attempt = request.events.filter(kind=RequestEvent.Kind.QUEUED).count() + 2
    key = f"campaigns:request:{request.reference}:{attempt}"
    with transaction.atomic():
        note = f"resent to {to_address}" + (f" (was {request.to_address})" if to_address != request.to_address else "")
        if to_address.lower() != request.to_address.lower():
            registry.contact_add(request.body.slug, to_address, primary=True,
                                 source=f"corrected on resending {request.reference} (by {by})")
        Request.objects.filter(pk=request.pk).update(to_address=to_address, outbox_key=key)
        request.to_address, request.outbox_key = to_address, key
        request_transition(request, Status.QUEUED, by=by, kind=RequestEvent.Kind.QUEUED, note=note)
        outbox.message_enqueue(
            key=key, to=to_address, subject=request.subject, body=request.body_text, reply_to=request.reply_address,
            headers={"X-WW-Reference": request.reference}, kind=OUTBOX_KIND_REQUEST, object_ref=request.reference,
        )
    return request


def request_clock_event(request: Request, kind: str, *, on: date, by: str, note: str = "") -> Request:
    """Record a dated clock event and recompute the due date.

    ``kind``: ``clarification_requested`` / ``clarification_received`` (FOIA s.1(3), FOISA s.1(3)),
    ``fee_notice`` / ``fee_paid`` (FOIA s.10(2), FOISA s.10(2)(b)). A clarification event replaces the one
    derived from the latest matching status change (its date is when staff moved the status, this one is
    when it happened). The status is not changed here.
    """
    if kind not in CLOCK_KINDS:
        raise CampaignError(f"unknown clock event {kind!r}; choose from {', '.join(CLOCK_KINDS)}")
    with transaction.atomic():
        locked = Request.objects.select_for_update().get(pk=request.pk)
        derived = [e for e in _clock_history(locked) if _derived_kind(e) == kind]
        data = {"clock": kind, "on": on.isoformat(), "replaces": derived[-1].pk if derived else None}
        _event(locked, RequestEvent.Kind.CLOCK, by=by, note=note or f"{kind.replace('_', ' ')} on {on}", data=data)
        if locked.received_on:
            deadline = _deadline(locked, locked.received_on)
            Request.objects.filter(pk=locked.pk).update(due_on=deadline.due, due_working=deadline.working)
            request.due_on, request.due_working = deadline.due, deadline.working
    return request


@dataclass
class RefreshReport:
    checked: int = 0
    overdue: int = 0
    very_overdue: int = 0
    due_changed: int = 0
    moved: list[str] = field(default_factory=list)


def requests_refresh_overdue(today: date | None = None, *, by: str = SYSTEM, campaign=None) -> RefreshReport:
    """Move requests past their statutory deadline to ``overdue`` / ``very_overdue``, with an event each.

    Each candidate's deadline is recomputed from its receipt date, so a changed holiday table or rule
    version moves it (uk-foi-law.md: recompute open deadlines when a rule changes).
    """
    today = today or timezone.localdate()
    report = RefreshReport()
    qs = Request.objects.filter(
        status__in=[Status.SENT, Status.AWAITING_RESPONSE, Status.OVERDUE],
        received_on__isnull=False,
        due_on__lt=today,
    )
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    history = Prefetch(
        "events",
        queryset=RequestEvent.objects.filter(_CLOCK_Q).order_by("at", "id"),
        to_attr="clock_history",
    )
    for request in qs.prefetch_related(history).iterator(chunk_size=500):
        report.checked += 1
        deadline = _deadline(request, request.received_on, request.clock_history)
        if deadline.due is None:  # clock paused
            continue
        verdict = deadlines.overdue_status(today, deadline)
        target = overdue_status_for(request.status, verdict)
        if deadline.due != request.due_on:
            report.due_changed += 1
            Request.objects.filter(pk=request.pk).update(due_on=deadline.due, due_working=deadline.working)
        if target is None:
            continue
        request_transition(
            request,
            target,
            by=by,
            kind=RequestEvent.Kind.OVERDUE,
            note=f"due {deadline.due}; checked {today}",
            data={"today": today.isoformat(), "due": str(deadline.due)},
        )
        report.moved.append(request.reference)
        if target == Status.OVERDUE:
            report.overdue += 1
        else:
            report.very_overdue += 1
    return report


def _followup_context(request: Request) -> dict[str, str]:
    campaign = request.campaign
    return compose.context_for(
        body=body_fields(request.body),
        law=request.law,
        reference=request.reference,
        reply_address=request.reply_address,
        campaign_name=campaign.name,
        variables=campaign.variables,
        today=timezone.localdate(),
        bilingual_welsh=campaign.bilingual_welsh,
        extra={
            "request.subject": request.subject,
            "request.sent_on": compose.long_date(request.received_on)
            if request.received_on
            else "(not sent)",
            "request.due_on": compose.long_date(request.due_on) if request.due_on else "(no due date)",
            "request.working": request.due_working,
        },
    )


def followup_draft(
    request: Request, *, kind: str, by: str, template: compose.Template | None = None
) -> FollowUp:
    """Draft a reminder (overdue requests) or internal-review letter from its template, for staff approval."""
    if kind not in FollowUp.Kind.values:
        raise CampaignError(f"unknown follow-up kind {kind!r}; choose from {', '.join(FollowUp.Kind.values)}")
    allowed = REMINDABLE if kind == FollowUp.Kind.REMINDER else REVIEWABLE
    if request.status not in allowed:
        raise CampaignError(
            f"{request.reference} is {request.status}; a {kind.replace('_', ' ')} needs one of: "
            + ", ".join(sorted(allowed))
        )
    open_draft = request.followups.filter(
        kind=kind, state__in=[FollowUp.State.DRAFT, FollowUp.State.APPROVED]
    ).first()
    if open_draft:
        raise CampaignError(
            f"{request.reference} already has a {kind} follow-up ({open_draft.state}, #{open_draft.pk})"
        )
    template = template or compose.bundled_template(kind)
    compiled = compose.compile_template(
        template, variables=request.campaign.variables, fields=compose.FOLLOWUP_FIELDS
    )
    message = compose.render(
        compiled,
        _followup_context(request),
        to=request.to_address,
        reference=request.reference,
        law=request.law,
    )
    with transaction.atomic():
        followup = FollowUp.objects.create(
            request=request,
            kind=kind,
            template=kind,
            subject=message.subject,
            body_text=message.body,
            created_by=by,
        )
        _event(
            request,
            RequestEvent.Kind.FOLLOWUP_DRAFTED,
            by=by,
            note=f"{kind} #{followup.pk} drafted",
            data={"followup": followup.pk},
        )
    return followup


def followup_edit(followup: FollowUp, *, subject: str, body: str, by: str) -> FollowUp:
    if followup.state != FollowUp.State.DRAFT:
        raise CampaignError(f"follow-up #{followup.pk} is {followup.state}; only drafts can be edited")
    if followup.request.reference.lower() not in subject.lower():
        subject = f"{subject.strip()} [{followup.request.reference}]"
    followup.subject, followup.body_text = subject.strip(), body
    followup.save(update_fields=["subject", "body_text"])
    return followup


def followup_approve(followup: FollowUp, *, by: str) -> FollowUp:
    """Approve a drafted follow-up and hand it to the outbox (sent by the outbox worker)."""
    if followup.state != FollowUp.State.DRAFT:
        raise CampaignError(f"follow-up #{followup.pk} is {followup.state}, not a draft")
    request = followup.request
    with transaction.atomic():
        followup.state, followup.approved_by, followup.approved_at = (
            FollowUp.State.APPROVED,
            by,
            timezone.now(),
        )
        followup.outbox_key = f"campaigns:followup:{followup.pk}"
        followup.save(update_fields=["state", "approved_by", "approved_at", "outbox_key"])
        outbox.message_enqueue(
            key=followup.outbox_key,
            to=request.to_address,
            subject=followup.subject,
            body=followup.body_text,
            reply_to=request.reply_address,
            headers={"X-WW-Reference": request.reference},
            kind=OUTBOX_KIND_FOLLOWUP,
            object_ref=f"followup:{followup.pk}",
        )
        _event(
            request,
            RequestEvent.Kind.FOLLOWUP_APPROVED,
            by=by,
            note=f"{followup.kind} #{followup.pk} approved",
            data={"followup": followup.pk},
        )
    return followup


def followup_discard(followup: FollowUp, *, by: str) -> FollowUp:
    if followup.state != FollowUp.State.DRAFT:
        raise CampaignError(f"follow-up #{followup.pk} is {followup.state}; only drafts can be discarded")
    followup.state = FollowUp.State.DISCARDED
    followup.save(update_fields=["state"])
    _event(followup.request, RequestEvent.Kind.NOTE, by=by, note=f"{followup.kind} #{followup.pk} discarded")
    return followup


def _followup_for(message) -> FollowUp | None:
    ref = message.object_ref or ""
    if not ref.startswith("followup:") or not ref[9:].isdigit():
        return None
    return FollowUp.objects.select_related("request").filter(pk=int(ref[9:])).first()


def _outbox_data(message) -> dict:
    return {"outbox_key": message.key, "state": message.state, "error": message.last_error or ""}


def on_message_sent(sender, message, **kwargs) -> None:
    """Outbox signal: a request went out (start its clock), or a follow-up did (record it)."""
    if message.kind == OUTBOX_KIND_REQUEST:
        request = Request.objects.filter(reference=message.object_ref).first()
        if request is not None:
            request_mark_sent(request, sent_at=message.sent_at or timezone.now(), data=_outbox_data(message))
    elif message.kind == OUTBOX_KIND_FOLLOWUP:
        followup = _followup_for(message)
        if followup is None or followup.state == FollowUp.State.SENT:
            return
        followup.state, followup.sent_at = FollowUp.State.SENT, message.sent_at or timezone.now()
        followup.save(update_fields=["state", "sent_at"])
        request = followup.request
        _event(
            request,
            RequestEvent.Kind.FOLLOWUP_SENT,
            by=SYSTEM,
            note=f"{followup.kind} #{followup.pk} sent",
            data={"followup": followup.pk, **_outbox_data(message)},
        )
        if followup.kind == FollowUp.Kind.INTERNAL_REVIEW and request.status in REVIEWABLE:
            request_transition(
                request, Status.INTERNAL_REVIEW, by=SYSTEM, note=f"review asked (follow-up #{followup.pk})"
            )


def on_message_failed(sender, message, **kwargs) -> None:
    """Outbox signal: permanent failure. A request becomes ``bounced``; a follow-up failure is recorded."""
    if message.kind == OUTBOX_KIND_REQUEST:
        request = Request.objects.filter(reference=message.object_ref).first()
        if request is None:
            return
        if request.status == Status.QUEUED:
            request_transition(
                request,
                Status.BOUNCED,
                by=SYSTEM,
                kind=RequestEvent.Kind.SEND_FAILED,
                note=message.last_error or "delivery failed",
                data=_outbox_data(message),
            )
    elif message.kind == OUTBOX_KIND_FOLLOWUP:
        followup = _followup_for(message)
        if followup is not None:
            _event(
                followup.request,
                RequestEvent.Kind.SEND_FAILED,
                by=SYSTEM,
                note=f"{followup.kind} #{followup.pk}: {message.last_error or 'delivery failed'}",
                data=_outbox_data(message),
            )


def on_message_deferred(sender, message, **kwargs) -> None:
    """Outbox signal: a transient failure; recorded on the request, status unchanged."""
    request = None
    if message.kind == OUTBOX_KIND_REQUEST:
        request = Request.objects.filter(reference=message.object_ref).first()
    elif message.kind == OUTBOX_KIND_FOLLOWUP:
        followup = _followup_for(message)
        request = followup.request if followup else None
    if request is not None:
        _event(
            request,
            RequestEvent.Kind.SEND_DEFERRED,
            by=SYSTEM,
            note=message.last_error or "deferred",
            data={
                **_outbox_data(message),
                "next_attempt_at": str(getattr(message, "next_attempt_at", "") or ""),
            },
        )


@dataclass
class TimelineEntry:
    at: datetime
    source: str  # "event" or "outbox"
    kind: str
    by: str = ""
    from_status: str = ""
    to_status: str = ""
    note: str = ""


def request_timeline(request: Request) -> list[TimelineEntry]:
    """The request's events and its outbox delivery attempts (request and follow-ups), oldest first."""
    from whoswatching.outbox.models import DeliveryAttempt

    entries = [
        TimelineEntry(e.at, "event", e.kind, e.by, e.from_status, e.to_status, e.note)
        for e in request.events.all()
    ]
    keys = [request.outbox_key] + [f.outbox_key for f in request.followups.all() if f.outbox_key]
    attempts = DeliveryAttempt.objects.filter(message__key__in=keys).select_related("message")
    for a in attempts:
        detail = " ".join(x for x in (str(a.smtp_code or ""), a.detail) if x)
        entries.append(
            TimelineEntry(a.at, "outbox", a.outcome, a.worker, note=f"{a.message.key}: {detail}".strip())
        )
    entries.sort(key=lambda e: e.at)
    return entries
