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

from whoswatching.coding import agreement, merge
from whoswatching.coding.models import (
    AcceptedCode,
    Coding,
    CodingPolicy,
    Flag,
    PartnerDisagreement,
    PartnerImport,
    Suggestion,
)
from whoswatching.coding.rules import CODEBOOK_VERSION, code_text
from whoswatching.coding.status import status_follow
from whoswatching.coding.values import changed_fields, clean_values
from whoswatching.intake.models import MatchState, Message
from whoswatching.registry.records import normalise_name
from whoswatching.stats import coded as stats_coded


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


def reply_parts(message: Message) -> list[str]:
    """What the coder reads, part by part: the mail body, then each attachment's extracted text (ZIP
    members included, quarantined files left out), exactly as ``coding.files`` joins an .eml file."""
    parts = [message.text_body or ""]
    for extraction in message.extractions.filter(quarantined=False).exclude(path="(body)").order_by("id"):
        if extraction.text.strip():
            parts.append(extraction.text)
    return parts


def _hint(message: Message) -> str | None:
    """What the mail headers already say the message is (delivery report, auto-reply)."""
    if message.is_bounce:
        return "bounce"
    return "out_of_office" if message.is_auto_reply else None


def reply_autocode(message: Message, *, force: bool = False) -> Suggestion:
    """Code one reply and store the suggestion; idempotent per (reply, codebook version, text)."""
    parts = reply_parts(message)
    digest = hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()
    existing = Suggestion.objects.filter(message=message, codebook_version=CODEBOOK_VERSION, source_sha256=digest).first()
    if existing and not force:
        return existing
    result = code_text(parts, subject=message.subject, sender=message.from_addr, hint=_hint(message))
    coded = result.to_json()
    evidence, confidence = coded.pop("evidence"), coded.pop("confidence")
    warnings = coded.pop("warnings", [])
    coded.pop("codebook_version", None)
    try:
        with transaction.atomic():
            if existing:
                existing.delete()
            suggestion = Suggestion.objects.create(
                message=message, codebook_version=CODEBOOK_VERSION, source_sha256=digest, text=result.text,
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


# --- from accepted codes to the statistics' coded-results table -------------------------------------------

#: Requests that never reached the body are not requests for the statistics.
NOT_REQUESTED = ("draft", "queued", "withdrawn", "bounced")


def _combine(codes: list[dict]) -> dict | None:
    """One request's accepted replies as one codebook object: the latest answer, with any affirmative
    statement from an earlier answer kept (a follow-up that says less does not erase a yes)."""
    if not codes:
        return None
    answers = [c for c in codes if c.get("kind") in stats_coded.RESPONSE_KINDS]
    base = dict((answers or codes)[-1])
    for earlier in answers[:-1]:
        for name in ("uses_hikvision", "uses_dahua", "internet_connected"):
            if earlier.get(name) is True:
                base[name] = True
        for name in ("other_chinese_brands", "oem_brands", "models", "capabilities_present", "capabilities_in_use",
                     "exemptions"):
            base[name] = sorted(set(base.get(name) or []) | set(earlier.get(name) or []))
    return base


def campaign_coded_rows(campaign, *, require_accepted: bool = True) -> list[stats_coded.CodedBody]:
    """One :class:`stats.coded.CodedBody` per body the campaign's requests reached, from accepted codes."""
    if require_accepted:
        reviews_assert_accepted(campaign=campaign)
    accepted: dict[int, list[tuple]] = {}
    for code in AcceptedCode.objects.filter(request__campaign=campaign).select_related("message"):
        accepted.setdefault(code.request_id, []).append((code.message.received_at, code.values))
    rows = []
    requests = campaign.requests.exclude(status__in=NOT_REQUESTED).select_related("body").order_by("body_name", "id")
    for request in requests:
        replies = sorted(accepted.get(request.pk, []), key=lambda pair: pair[0])
        codes = _combine([values for _, values in replies])
        answered = [when for when, values in replies if values.get("kind") in stats_coded.RESPONSE_KINDS]
        rows.append(stats_coded.from_codebook(
            body=request.body_name, sector=request.sector, region=request.region, nation=request.nation,
            codes=codes, body_id=request.body.slug, law=request.law, requested_on=request.received_on,
            responded_on=timezone.localdate(answered[-1]) if answered else None, due_on=request.due_on,
        ))
    return rows


def campaign_coded_table(campaign, *, require_accepted: bool = True, partners: bool = True) -> stats_coded.CodedTable:
    """The campaign's coded-results table, merged with its committed partner imports (in import order)."""
    rows = campaign_coded_rows(campaign, require_accepted=require_accepted)
    source = f"campaign {campaign.slug}"
    if partners:
        for partner in campaign.partner_imports.all():
            rows = _merge_table(rows, partner).rows
            source += f" + partner {partner.source} ({partner.rule})"
    return stats_coded.table_from_rows(rows, source_name=source)


@dataclass
class MergeOutcome:
    rows: list[stats_coded.CodedBody]
    disagreements: list[merge.Disagreement]
    matched: int
    unmatched: list[str]
    filled: int


def _row_dict(row: stats_coded.CodedBody) -> dict:
    return {
        "responded": row.responded, "refused": row.refused, "uses_hikvision": row.uses_hikvision,
        "uses_dahua": row.uses_dahua, "uses_other_chinese": row.uses_other_chinese,
        "capabilities": sorted(row.capabilities), "not_held": row.not_held,
        "capabilities_in_use": None if row.capabilities_in_use is None else sorted(row.capabilities_in_use),
        "exemptions": list(row.exemptions),
    }


def _merge_table(ours: list[stats_coded.CodedBody], partner: PartnerImport) -> MergeOutcome:
    theirs = stats_coded.parse_coded_csv(partner.csv_text.encode("utf-8"), source_name=partner.filename).rows
    by_id = {r.body_id: r for r in ours if r.body_id}
    by_name = {normalise_name(r.body): r for r in ours}
    merged = {id(r): r for r in ours}
    outcome = MergeOutcome(rows=[], disagreements=[], matched=0, unmatched=[], filled=0)
    for row in theirs:
        mine = by_id.get(row.body_id) if row.body_id else None
        mine = mine or by_name.get(normalise_name(row.body))
        if mine is None:
            outcome.unmatched.append(row.body)
            continue
        outcome.matched += 1
        result = merge.merge_rows(mine.body, _row_dict(mine), _row_dict(row), rule=partner.rule)
        outcome.disagreements.extend(result.disagreements)
        outcome.filled += len(result.filled)
        values = result.row
        merged[id(mine)] = stats_coded.CodedBody(**{
            **{f: getattr(mine, f) for f in mine.__dataclass_fields__},
            **{k: v for k, v in values.items() if k not in ("capabilities", "capabilities_in_use", "exemptions")},
            "capabilities": frozenset(values["capabilities"] or ()),
            "capabilities_in_use": None if values["capabilities_in_use"] is None else frozenset(values["capabilities_in_use"]),
            "exemptions": tuple(values["exemptions"] or ()),
        })
    outcome.rows = [merged[id(r)] for r in ours]
    return outcome


def partner_import(campaign, *, data: bytes, filename: str, source: str, rule: str, by: str,
                   commit: bool = False) -> MergeOutcome:
    """Merge another organisation's coded-results CSV into a campaign's results (dry run unless ``commit``).

    The file is validated whole first (``stats.coded``: bad rows rejected with row numbers, nothing used).
    Every field where both sides are known and differ is logged as a :class:`PartnerDisagreement`.
    """
    if rule not in merge.RULES:
        raise CodingError(f"unknown merge rule {rule!r}; choose one of {', '.join(merge.RULES)}")
    try:
        table = stats_coded.parse_coded_csv(data, source_name=filename)
    except stats_coded.CodedInputError as exc:
        raise CodingError(str(exc)) from exc
    digest = hashlib.sha256(data).hexdigest()
    if PartnerImport.objects.filter(campaign=campaign, file_sha256=digest).exists():
        raise CodingError(f"{filename} was already imported into this campaign; nothing changed")
    csv_text = stats_coded.rows_to_csv(table.rows)
    pending = PartnerImport(campaign=campaign, source=source, rule=rule, filename=filename, file_sha256=digest,
                            csv_text=csv_text, created_by=by)
    ours = campaign_coded_rows(campaign, require_accepted=False)
    outcome = _merge_table(ours, pending)
    if not commit:
        return outcome
    with transaction.atomic():
        pending.matched, pending.unmatched = outcome.matched, outcome.unmatched
        pending.save()
        PartnerDisagreement.objects.bulk_create([
            PartnerDisagreement(partner_import=pending, body_id=next((r.body_id for r in ours if r.body == d.body), ""),
                                body_name=d.body, field=d.field, ours=d.ours, theirs=d.theirs, merged=d.merged)
            for d in outcome.disagreements
        ])
    return outcome
