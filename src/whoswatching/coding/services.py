"""The one door to coding's persisted state: auto-code replies, review, double coding, acceptance.

Flow: ``reply_autocode`` stores a :class:`Suggestion` (never accepted by itself, unless the campaign set
an auto-accept threshold); reviewers ``review_submit`` (accept or correct); with double coding two
different people must code each reply and disagreements go to ``review_adjudicate``. Acceptance moves
the request's status (``status_follow``). ``reviews_assert_accepted`` gates the statistics.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from whoswatching.coding import agreement
from whoswatching.coding.models import AcceptedCode, Coding, CodingPolicy, Flag, Suggestion
from whoswatching.coding.rules import CODEBOOK_VERSION, code_text
from whoswatching.coding.status import status_follow
from whoswatching.coding.values import changed_fields, clean_values
from whoswatching.intake.models import MatchState, Message


class CodingError(Exception):
    """A review action that cannot be done; the message says why and what to do instead."""


def policy_for(message: Message) -> CodingPolicy:
    """The coding policy of the reply's campaign (an unsaved default for unmatched replies)."""
    if message.request_id is None:
        return CodingPolicy()
    policy, _ = CodingPolicy.objects.get_or_create(campaign_id=message.request.campaign_id)
    return policy


def policy_set(campaign, *, double_coding: bool | None = None, auto_accept_threshold: float | None | str = "") -> CodingPolicy:
    """Change a campaign's policy. ``auto_accept_threshold=None`` switches auto-acceptance off."""
    policy, _ = CodingPolicy.objects.get_or_create(campaign=campaign)
    if double_coding is not None:
        policy.double_coding = double_coding
    if auto_accept_threshold != "":
        if auto_accept_threshold is not None and not 0.5 <= float(auto_accept_threshold) <= 1.0:
            raise CodingError("the auto-accept threshold must lie between 0.5 and 1.0 (or be off)")
        policy.auto_accept_threshold = auto_accept_threshold
    policy.save()
    return policy


def reply_text(message: Message) -> str:
    """What the coder reads: the mail body, then each attachment's extracted text (quarantined left out)."""
    parts = [message.text_body or ""]
    for extraction in message.extractions.filter(quarantined=False).exclude(path="(body)").order_by("id"):
        if extraction.text.strip():
            parts.append(f"\n\n[Attachment: {extraction.path}]\n{extraction.text}")
    return "".join(parts)


def reply_autocode(message: Message, *, force: bool = False) -> Suggestion:
    """Code one reply and store the suggestion; idempotent per (reply, codebook version, text)."""
    text = reply_text(message)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    existing = Suggestion.objects.filter(message=message, codebook_version=CODEBOOK_VERSION, source_sha256=digest).first()
    if existing and not force:
        return existing
    coded = code_text(text, subject=message.subject, sender=message.from_addr).to_json()
    evidence, confidence = coded.pop("evidence"), coded.pop("confidence")
    warnings = coded.pop("warnings", [])
    coded.pop("codebook_version", None)
    try:
        with transaction.atomic():
            if existing:
                existing.delete()
            suggestion = Suggestion.objects.create(
                message=message, codebook_version=CODEBOOK_VERSION, source_sha256=digest, text=text,
                values=coded, evidence=evidence, confidence=confidence, warnings=warnings,
            )
    except IntegrityError:  # another worker coded it first
        return Suggestion.objects.get(message=message, codebook_version=CODEBOOK_VERSION, source_sha256=digest)
    _maybe_auto_accept(message, suggestion)
    return suggestion


def _maybe_auto_accept(message: Message, suggestion: Suggestion) -> None:
    policy = policy_for(message)
    # Guard: nothing is accepted automatically unless the campaign chose a threshold (default: never).
    if policy.auto_accept_threshold is None:
        return
    # Guard: double coding means two people must look; a threshold cannot replace them.
    if policy.double_coding:
        return
    # Guard: every field must reach the threshold, not just the average.
    if suggestion.min_confidence() < policy.auto_accept_threshold:
        return
    with transaction.atomic():
        if AcceptedCode.objects.filter(message=message).exists():
            return
        by = f"auto (threshold {policy.auto_accept_threshold:g})"
        Coding.objects.create(message=message, suggestion=suggestion, coder=by, role=Coding.Role.SINGLE,
                              origin=Coding.Origin.AUTO, values=suggestion.values)
        _accept(message, suggestion.values, suggestion=suggestion, origin=AcceptedCode.Origin.AUTO, by=by)


@dataclass
class BatchReport:
    coded: int = 0
    skipped: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)


def replies_autocode(messages: Iterable[Message], *, force: bool = False,
                     progress: Callable[[Message], None] | None = None) -> BatchReport:
    """Code many replies; each is committed on its own, so a crash loses at most the one in hand."""
    report = BatchReport()
    for message in messages:
        try:
            before = Suggestion.objects.filter(message=message, codebook_version=CODEBOOK_VERSION).count()
            reply_autocode(message, force=force)
            after = Suggestion.objects.filter(message=message, codebook_version=CODEBOOK_VERSION).count()
            if after > before or force:
                report.coded += 1
            else:
                report.skipped += 1
        except Exception as exc:  # one bad reply never stops the batch; it is reported
            report.failed.append((message.pk, f"{type(exc).__name__}: {exc}"))
        if progress:
            progress(message)
    return report


def suggestion_latest(message: Message) -> Suggestion | None:
    return message.suggestions_made.filter(codebook_version=CODEBOOK_VERSION).first() or message.suggestions_made.first()


def _accept(message: Message, values: dict, *, suggestion: Suggestion | None, origin: str, by: str) -> AcceptedCode:
    accepted = AcceptedCode.objects.create(
        message=message, request_id=message.request_id, values=values,
        evidence=suggestion.evidence if suggestion else {}, origin=origin,
        codebook_version=suggestion.codebook_version if suggestion else CODEBOOK_VERSION,
        suggestion=suggestion, accepted_by=by, accepted_at=timezone.now(),
    )
    status_follow(message, values, by=by)
    return accepted


def _values_from(suggestion: Suggestion | None, corrections: dict | None) -> tuple[dict, list[str]]:
    base = dict(suggestion.values) if suggestion else {}
    if corrections is None:
        if suggestion is None:
            raise CodingError("this reply has no suggestion to accept: code it first or enter the codes by hand")
        return base, []
    values, errors = clean_values({**base, **corrections})
    if errors:
        raise CodingError("; ".join(f"{k}: {v}" for k, v in errors.items()))
    extras = {k: v for k, v in base.items() if k not in values}
    return {**extras, **values}, changed_fields(base, values)


def review_submit(message: Message, *, by: str, corrections: dict | None = None, note: str = "") -> Coding:
    """Accept the suggestion (``corrections=None``) or correct it; double coding waits for a second person."""
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        if AcceptedCode.objects.filter(message=message).exists():
            raise CodingError("this reply's codes are already accepted; flag it if they need another look")
        suggestion = suggestion_latest(message)
        values, changed = _values_from(suggestion, corrections)
        origin = Coding.Origin.CORRECTED if changed else Coding.Origin.ACCEPTED
        policy = policy_for(message)
        if not policy.double_coding:
            coding = Coding.objects.create(message=message, suggestion=suggestion, coder=by, role=Coding.Role.SINGLE,
                                           origin=origin, values=values, corrected_fields=changed, note=note)
            _accept(message, values, suggestion=suggestion, origin=AcceptedCode.Origin.SINGLE, by=by)
            return coding
        done = list(message.codings.filter(role__in=[Coding.Role.FIRST, Coding.Role.SECOND]))
        if any(c.coder == by for c in done):
            raise CodingError("you have already coded this reply; double coding needs a second person")
        if len(done) >= 2:
            raise CodingError("this reply has two codings already; it is waiting for adjudication")
        role = Coding.Role.FIRST if not done else Coding.Role.SECOND
        coding = Coding.objects.create(message=message, suggestion=suggestion, coder=by, role=role, origin=origin,
                                       values=values, corrected_fields=changed, note=note)
        if role == Coding.Role.SECOND and not agreement.disagreements(done[0].values, values):
            _accept(message, values, suggestion=suggestion, origin=AcceptedCode.Origin.DOUBLE_AGREED,
                    by=f"{done[0].coder} + {by}")
        return coding


def review_disagreements(message: Message) -> list[str]:
    pair = list(message.codings.filter(role__in=[Coding.Role.FIRST, Coding.Role.SECOND]).order_by("role"))
    return agreement.disagreements(pair[0].values, pair[1].values) if len(pair) == 2 else []


def review_adjudicate(message: Message, *, by: str, corrections: dict, note: str = "") -> AcceptedCode:
    """Settle a double-coded reply whose two codings disagree."""
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        if AcceptedCode.objects.filter(message=message).exists():
            raise CodingError("this reply's codes are already accepted")
        if not review_disagreements(message):
            raise CodingError("only a reply with two disagreeing codings can be adjudicated")
        suggestion = suggestion_latest(message)
        values, changed = _values_from(suggestion, corrections)
        Coding.objects.create(message=message, suggestion=suggestion, coder=by, role=Coding.Role.ADJUDICATION,
                              origin=Coding.Origin.ADJUDICATED, values=values, corrected_fields=changed, note=note)
        return _accept(message, values, suggestion=suggestion, origin=AcceptedCode.Origin.ADJUDICATED, by=by)


def review_flag(message: Message, *, by: str, reason: str) -> Flag:
    if not reason.strip():
        raise CodingError("say why the reply is flagged, so the next person knows what to look at")
    return Flag.objects.create(message=message, by=by, reason=reason.strip())


def flag_resolve(flag: Flag, *, by: str) -> Flag:
    flag.resolved_by, flag.resolved_at = by, timezone.now()
    flag.save(update_fields=["resolved_by", "resolved_at"])
    return flag


def _campaign_messages(campaign=None):
    qs = Message.objects.filter(match_state=MatchState.MATCHED, request__isnull=False)
    return qs.filter(request__campaign=campaign) if campaign is not None else qs


def review_queue(*, user: str, campaign=None, limit: int = 50) -> list[Message]:
    """Replies waiting for this person: suggested, not accepted, not flagged, not already coded by them."""
    open_flags = Flag.objects.filter(message=OuterRef("pk"), resolved_at__isnull=True)
    mine = Coding.objects.filter(message=OuterRef("pk"), coder=user)
    qs = (
        _campaign_messages(campaign)
        .filter(suggestions_made__isnull=False, accepted_code__isnull=True)
        .exclude(Exists(open_flags)).exclude(Exists(mine))
        .annotate(n_codings=Count("codings", filter=Q(codings__role__in=["first", "second"]), distinct=True))
        .filter(n_codings__lt=2)
        .select_related("request", "request__campaign")
        .distinct()
        .order_by("received_at", "id")
    )
    return list(qs[:limit])


def adjudication_queue(*, campaign=None) -> list[Message]:
    qs = (
        _campaign_messages(campaign).filter(accepted_code__isnull=True)
        .annotate(n=Count("codings", filter=Q(codings__role__in=["first", "second"]), distinct=True)).filter(n=2)
        .select_related("request")
    )
    return [m for m in qs if review_disagreements(m)]


def flagged(*, campaign=None) -> list[Flag]:
    qs = Flag.objects.filter(resolved_at__isnull=True).select_related("message", "message__request")
    if campaign is not None:
        qs = qs.filter(message__request__campaign=campaign)
    return list(qs)


@dataclass
class ReviewStatus:
    replies: int
    suggested: int
    accepted: int
    by_origin: dict[str, int]
    flagged: int
    awaiting_second: int
    awaiting_adjudication: int

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def review_status(*, campaign=None) -> ReviewStatus:
    qs = _campaign_messages(campaign)
    accepted = AcceptedCode.objects.filter(message__in=qs)
    by_origin = {row["origin"]: row["n"] for row in accepted.values("origin").annotate(n=Count("id"))}
    awaiting_second = (
        qs.filter(accepted_code__isnull=True)
        .annotate(n=Count("codings", filter=Q(codings__role="first"))).filter(n=1)
        .annotate(m=Count("codings", filter=Q(codings__role="second"))).filter(m=0).count()
    )
    return ReviewStatus(
        replies=qs.count(),
        suggested=qs.filter(suggestions_made__isnull=False).distinct().count(),
        accepted=accepted.count(),
        by_origin=by_origin,
        flagged=Flag.objects.filter(message__in=qs, resolved_at__isnull=True).values("message").distinct().count(),
        awaiting_second=awaiting_second,
        awaiting_adjudication=len(adjudication_queue(campaign=campaign)),
    )


def campaign_agreement(campaign) -> list[agreement.FieldAgreement]:
    """Cohen's kappa per codebook field over the campaign's double-coded replies."""
    pairs = []
    for message in _campaign_messages(campaign).annotate(
            n=Count("codings", filter=Q(codings__role__in=["first", "second"]))).filter(n=2):
        first, second = sorted(message.codings.filter(role__in=["first", "second"]), key=lambda c: c.role)
        pairs.append((first.values, second.values))
    return agreement.agreement_report(pairs)


def reviews_assert_accepted(*, campaign) -> None:
    """Raise unless every coded reply of the campaign has accepted codes (the publish gate)."""
    status = review_status(campaign=campaign)
    missing = status.replies - status.accepted
    if missing:
        raise CodingError(
            f"{missing} of {status.replies} replies in this campaign have no accepted codes yet "
            f"({status.flagged} flagged, {status.awaiting_adjudication} awaiting adjudication); "
            "finish the review queue before building statistics"
        )
