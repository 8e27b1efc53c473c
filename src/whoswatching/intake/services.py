"""The one door to the intake domain's persistent state.

``message_receive(raw, via=...)`` is used by every source (IMAP, mbox, Maildir, .eml files, the
webhook): parse (:mod:`.mail`), dedupe by Message-ID and content hash, store the raw bytes and
attachments (:mod:`.storage`), extract text (:mod:`.extract`), match to a request
(:mod:`.matching`) and file into the holding pen when nothing matches. Receiving is idempotent:
the same bytes (or the same Message-ID) received again return the stored message unchanged.
Slow work (extraction, OCR) runs before the database transaction; the transaction holds only the
inserts, the match and an optional source cursor (``also``), so a source's position advances
exactly when its message is committed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from whoswatching.campaigns import services as campaigns
from whoswatching.campaigns.lifecycle import Status
from whoswatching.campaigns.models import Request
from whoswatching.intake import matching, signals, storage
from whoswatching.intake.extract import Extraction as ExtractionResult
from whoswatching.intake.extract import Limits, extract_message
from whoswatching.intake.mail import InboundMessage, parse_message
from whoswatching.intake.models import Attachment, Extraction, MatchState, Message, Via
from whoswatching.outbox.models import OutboxMessage
from whoswatching.registry import services as registry

log = logging.getLogger(__name__)
AUTO = "auto"
_MAX_CANDIDATES = 300
#: Read attachments in a child process with a timeout and a memory ceiling (extract/isolated.py).
ISOLATE_EXTRACTION = True


class IntakeError(Exception):
    """A request the intake domain cannot carry out; the message says what to do instead."""


@dataclass
class ReceiveResult:
    """What ``message_receive`` did with one raw message."""

    message: Message
    created: bool
    #: "" for a new message, else what it duplicated: "message_id" or "content_hash".
    duplicate: str = ""
    quarantined: list[str] = field(default_factory=list)

    @property
    def state(self) -> str:
        return self.message.match_state

    @property
    def request_ref(self) -> str:
        return self.message.request.reference if self.message.request_id else ""


def _existing(parsed: InboundMessage) -> tuple[Message | None, str]:
    if parsed.message_id:
        found = Message.objects.filter(message_id=parsed.message_id).first()
        if found:
            return found, "message_id"
    found = Message.objects.filter(content_hash=parsed.content_hash).first()
    return (found, "content_hash") if found else (None, "")


def message_receive(
    raw: bytes,
    *,
    via: str,
    source_ref: str = "",
    limits: Limits | None = None,
    also: Callable[[], None] | None = None,
) -> ReceiveResult:
    """Receive one raw RFC 5322 message from any source; idempotent.

    ``also`` runs inside the same transaction as the insert (or, for a duplicate, on its own),
    which is how the IMAP source commits its UID cursor with the message.
    """
    if via not in Via.values:
        raise IntakeError(f"unknown source {via!r}; use one of {', '.join(Via.values)}")
    parsed = parse_message(raw)
    found, why = _existing(parsed)
    if found:
        if also:
            with transaction.atomic():
                also()
        return ReceiveResult(found, created=False, duplicate=why)

    raw_key = storage.blob_put(raw)
    att_keys = [storage.blob_put(a.data) for a in parsed.attachments]
    extractions = extract_message(parsed, limits=limits, isolated=ISOLATE_EXTRACTION)
    decision = matching.match(parsed, _candidates(parsed))
    if isinstance(decision, matching.NoMatch) and not decision.suggestions and not parsed.is_bounce:
        decision = replace(decision, suggestions=matching.suggest_by_name(parsed, _open_request_names()))
    try:
        with transaction.atomic():
            message = _insert(parsed, raw, raw_key, att_keys, extractions, via=via, source_ref=source_ref)
            _apply_decision(message, decision)
            if also:
                also()
    except IntegrityError:
        # Another worker filed the same message between our check and our insert.
        found, why = _existing(parsed)
        if found is None:
            raise
        if also:
            with transaction.atomic():
                also()
        return ReceiveResult(found, created=False, duplicate=why)
    if parsed.is_bounce:
        _record_bounces(message, parsed)
    quarantined = [e.filename for e in extractions[1:] if e.quarantined]
    signals.emit(signals.message_received, message)
    return ReceiveResult(message, created=True, quarantined=quarantined)


def _insert(parsed: InboundMessage, raw: bytes, raw_key: str, att_keys: list[str],
            extractions: list[ExtractionResult], *, via: str, source_ref: str) -> Message:
    message = Message.objects.create(
        raw_key=raw_key, raw_sha256=raw_key.rsplit("/", 1)[1], raw_size=len(raw),
        message_id=parsed.message_id[:998], content_hash=parsed.content_hash, received_via=via,
        received_at=timezone.now(), source_ref=source_ref[:500], subject=parsed.subject[:998],
        from_addr=parsed.from_addr[:320], from_name=parsed.from_name[:300], to_addrs=parsed.to_addrs,
        cc=parsed.cc, sent_at=parsed.date, in_reply_to=parsed.in_reply_to[:998], references=parsed.references,
        text_body=parsed.text_body, body_from_html=parsed.body_from_html, is_bounce=parsed.is_bounce,
        bounce=[vars(b) for b in parsed.bounces], is_auto_reply=parsed.is_auto_reply,
        auto_reply_reason=parsed.auto_reply_reason[:300], warnings=parsed.warnings[:50],
    )
    _store_extraction(message, None, extractions[0], None)
    for position, (att, key, result) in enumerate(zip(parsed.attachments, att_keys, extractions[1:], strict=True)):
        row = Attachment.objects.create(
            message=message, position=position, filename=att.filename, filename_raw=att.filename_raw or "",
            content_type_declared=att.content_type_declared[:200], content_type_sniffed=att.content_type_sniffed,
            size=att.size, sha256=att.sha256, storage_key=key, inline=att.inline, forwarded=att.forwarded,
            quarantined=result.quarantined, quarantine_reason=result.reason or "",
        )
        _store_extraction(message, row, result, None)
    return message


def _store_extraction(message: Message, attachment: Attachment | None, result: ExtractionResult,
                      parent: Extraction | None) -> Extraction:
    row = Extraction.objects.create(
        message=message, attachment=attachment, parent=parent, path=result.filename[:1000], kind=result.kind,
        method=result.method, tool=result.tool[:300], text=result.text, tables=result.tables,
        table_titles=result.table_titles, pages=result.pages, page_methods=result.page_methods,
        quarantined=result.quarantined, reason=result.reason or "", warnings=result.warnings[:50],
        sha256=result.sha256, size=result.size,
    )
    for part in result.parts:
        _store_extraction(message, attachment, part, row)
    return row


def _sent_ids(requests: list[Request]) -> dict[int, tuple[str, ...]]:
    keys: dict[str, int] = {}
    for request in requests:
        if request.outbox_key:
            keys[request.outbox_key] = request.pk
        for followup in request.followups.all():
            if followup.outbox_key:
                keys[followup.outbox_key] = request.pk
    ids: dict[int, list[str]] = {}
    for key, message_id in OutboxMessage.objects.filter(key__in=list(keys)).values_list("key", "message_id"):
        ids.setdefault(keys[key], []).append(message_id)
    return {pk: tuple(v) for pk, v in ids.items()}


def _candidates(parsed: InboundMessage) -> list[matching.Candidate]:
    """Load the requests a reply could belong to (narrowed by the signals matching uses)."""
    texts = " ".join([parsed.subject, parsed.text_body[:200_000], *parsed.all_recipients])
    query = Q(reference__in=matching.references_in(texts)) | Q(reply_address__in=parsed.all_recipients)
    ids = matching.message_ids_in(parsed)
    if ids:
        keys = list(OutboxMessage.objects.filter(message_id__in=ids).values_list("key", flat=True))
        query |= Q(outbox_key__in=keys) | Q(followups__outbox_key__in=keys)
    failed = [b.failed_recipient for b in parsed.bounces]
    if failed:
        query |= Q(to_address__in=failed)
    domain = matching.domain_of(parsed.from_addr)
    if domain and not parsed.is_bounce and domain not in matching.SHARED_DOMAINS:
        labels = domain.split(".")
        for d in {domain, ".".join(labels[1:]) if len(labels) > 3 else domain}:
            query |= Q(to_address__iendswith=f"@{d}") | Q(to_address__iendswith=f".{d}")
            # The body writes from its website's domain or another of its registered addresses.
            query |= Q(body__website__iregex=rf"^(https?://)?([^/]*\.)?{re.escape(d)}(/|:|$)")
            query |= Q(body__contacts__email__iendswith=f"@{d}")
    requests = list(
        Request.objects.filter(query).distinct().select_related("body")
        .prefetch_related("followups", "body__contacts").order_by("-created_at")[:_MAX_CANDIDATES]
    )
    sent = _sent_ids(requests)
    return [
        matching.Candidate(
            request_ref=r.reference, reply_address=r.reply_address, to_address=r.to_address,
            body_name=r.body_name, subject=r.subject, sent_message_ids=sent.get(r.pk, ()),
            domains=_body_domains(r),
        )
        for r in requests
    ]


def _open_request_names():
    """(reference, body name) of every request not withdrawn, newest first."""
    return (Request.objects.exclude(status=Status.WITHDRAWN)
            .order_by("-created_at", "-id").values_list("reference", "body_name").iterator(chunk_size=2000))


def _body_domains(request: Request) -> tuple[str, ...]:
    """Domains the request's body is known to write from: its website and its registered addresses."""
    found = [matching.domain_of(c.email) for c in request.body.contacts.all()]
    host = urlsplit(request.body.website if "//" in request.body.website else f"//{request.body.website}").hostname
    if host:
        found.append(host.lower().removeprefix("www."))
    return tuple(dict.fromkeys(d for d in found if d))


def _apply_decision(message: Message, decision: matching.Match | matching.NoMatch) -> None:
    if isinstance(decision, matching.Match):
        message.request = Request.objects.get(reference=decision.request_ref)
        message.match_state = MatchState.MATCHED
        message.match_score = decision.score
        message.match_reason = decision.reason
        message.matched_by = AUTO
        message.matched_at = timezone.now()
        message.suggestions = []
    else:
        message.match_state = MatchState.AMBIGUOUS if decision.ambiguous else MatchState.UNMATCHED
        message.match_reason = decision.reason
        message.suggestions = [vars(s) for s in decision.suggestions]
    message.save(update_fields=["request", "match_state", "match_score", "match_reason", "matched_by",
                                "matched_at", "suggestions"])


def _record_bounces(message: Message, parsed: InboundMessage) -> None:
    """Tell the register about failed addresses; move a matched request to ``bounced`` on a 5.x.x."""
    reference = message.request.reference if message.request_id else ""
    for bounce in parsed.bounces:
        permanent = bounce.status.startswith("5")
        try:
            registry.contact_bounce_record(
                bounce.failed_recipient, at=message.received_at, permanent=permanent,
                reason=(bounce.status + " " + bounce.diagnostic).strip()[:500], reference=reference,
            )
        except (registry.ContactNotFound, registry.InvalidContact):
            log.info("bounce for %s, which no body in the register uses", bounce.failed_recipient)
    if message.request_id and any(b.status.startswith("5") for b in parsed.bounces):
        try:
            campaigns.request_transition(message.request, "bounced", by="intake",
                                         note=f"bounce received (message {message.pk})")
        except ValueError as exc:  # lifecycle.IllegalTransition: e.g. already answered
            log.info("request %s not moved to bounced: %s", reference, exc)


def holding_pen_list(*, limit: int = 200, state: str = "") -> list[Message]:
    """Messages waiting for a person, newest first (``state``: unmatched or ambiguous)."""
    qs = Message.objects.holding_pen().prefetch_related("attachments")
    if state:
        qs = qs.filter(match_state=state)
    return list(qs[:limit])


def holding_pen_assign(message: Message | int, request: Request | str, *, by: str) -> Message:
    """File a message against a request by hand (or move it to another request)."""
    if not by:
        raise IntakeError("say who is assigning the message (by=...)")
    message = message if isinstance(message, Message) else message_get(message)
    if isinstance(request, str):
        try:
            request = Request.objects.get(reference=request.strip().upper())
        except Request.DoesNotExist as exc:
            raise IntakeError(f"no request with reference {request!r}") from exc
    previous = message.request.reference if message.request_id else ""
    message.request = request
    message.match_state = MatchState.MATCHED
    message.match_score = 1.0
    message.match_reason = f"assigned by {by}" + (f" (was {previous})" if previous else "")
    message.matched_by = by
    message.matched_at = timezone.now()
    message.save(update_fields=["request", "match_state", "match_score", "match_reason", "matched_by", "matched_at"])
    signals.emit(signals.message_filed, message)
    return message


def holding_pen_dismiss(message: Message | int, *, by: str, reason: str = "") -> Message:
    """Take a message out of the holding pen without a request (spam, newsletters); it stays stored."""
    if not by:
        raise IntakeError("say who is dismissing the message (by=...)")
    message = message if isinstance(message, Message) else message_get(message)
    if message.request_id:
        raise IntakeError(f"message {message.pk} is filed against {message.request.reference}; move it instead")
    message.match_state = MatchState.DISMISSED
    message.match_reason = f"dismissed by {by}" + (f": {reason.strip()[:200]}" if reason.strip() else "")
    message.matched_by = by
    message.matched_at = timezone.now()
    message.save(update_fields=["match_state", "match_reason", "matched_by", "matched_at"])
    return message


def message_reextract(message: Message | int, *, limits: Limits | None = None) -> Message:
    """Read a stored message's body and attachments again (a newer extractor, OCR installed since, new limits).

    The raw bytes come from the blob store; old Extraction rows are replaced and attachment
    quarantine flags updated in one transaction. The match is left as it is.
    """
    message = message if isinstance(message, Message) else message_get(message)
    parsed = parse_message(storage.blob_get(message.raw_key))
    results = extract_message(parsed, limits=limits, isolated=ISOLATE_EXTRACTION)
    attachments = list(message.attachments.order_by("position"))
    if len(attachments) != len(results) - 1:
        raise IntakeError(f"message {message.pk}: stored attachments no longer match the raw message; not re-extracted")
    with transaction.atomic():
        message.extractions.all().delete()
        _store_extraction(message, None, results[0], None)
        for att, result in zip(attachments, results[1:], strict=True):
            att.quarantined, att.quarantine_reason = result.quarantined, result.reason or ""
            att.save(update_fields=["quarantined", "quarantine_reason"])
            _store_extraction(message, att, result, None)
    return message


def message_get(pk: int) -> Message:
    try:
        return Message.objects.select_related("request").get(pk=pk)
    except Message.DoesNotExist as exc:
        raise IntakeError(f"no message #{pk}") from exc


def message_raw(message: Message) -> bytes:
    return storage.blob_get(message.raw_key)


def attachment_get(pk: int) -> tuple[Attachment, bytes]:
    """An attachment row and its stored bytes."""
    try:
        att = Attachment.objects.select_related("message").get(pk=pk)
    except Attachment.DoesNotExist as exc:
        raise IntakeError(f"no attachment #{pk}") from exc
    return att, storage.blob_get(att.storage_key)


def messages_for_request(request: Request) -> list[Message]:
    """Replies filed against a request, oldest first (what the coder reads)."""
    return list(request.replies.order_by("received_at", "id").prefetch_related("attachments", "extractions"))


def messages_recent(*, limit: int = 50) -> list[Message]:
    """The latest received messages, matched or not."""
    return list(Message.objects.select_related("request").order_by("-received_at", "-id")[:limit])


# Sources feed message_receive through these (kept in their own module for size; this is still the door).
from whoswatching.intake.imports import (  # noqa: E402,F401  (re-exported)
    ImportReport,
    eml_import,
    imap_fetch,
    maildir_import,
    mbox_import,
    messages_import,
)
