"""Match a reply to the FOI request it answers (pure: no Django).

Signals, strongest first; the first that decides wins:

1. **Thread headers.** ``In-Reply-To``/``References`` (RFC 5322 §3.6.4) or, for a bounce, the
   returned original's ``Message-ID`` equal a Message-ID we sent (the outbox's ``<KEY@REPLY_DOMAIN>``).
2. **Reply address.** A recipient is a request's per-request address (RFC 5233 subaddressing,
   ``foi+ww-2026-000123@reply.domain``), or the failed recipient of a bounce is the request's
   ``To`` address.
3. **Reference.** ``WW-YYYY-NNNNNN`` in the subject, then in the body text.
4. **Sender domain and wording.** The sender's domain equals (or is a subdomain of) the domain we
   wrote to, scored up by words the reply shares with the request (body name, subject).
5. **Body name (suggestion only).** When nothing above points anywhere, requests whose body's full
   name appears in the reply are suggested (:func:`suggest_by_name`), never filed automatically.

A signal that points at two or more requests makes the result ambiguous; anything scoring below
:data:`AUTO_MATCH_THRESHOLD` goes to the holding pen with its suggestions for a person to assign.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from whoswatching.intake.mail import InboundMessage

#: A reference anywhere in text (mirrors ``campaigns.references.REFERENCE_RE``; kept here so this
#: module stays importable without the campaigns package).
REFERENCE_RE = re.compile(r"\bWW-(\d{4})-(\d{6})\b", re.IGNORECASE)
#: Scores at or above this are filed automatically; below it a person decides.
AUTO_MATCH_THRESHOLD = 0.75
#: Domains shared by many bodies: a sender there says nothing about which body wrote.
SHARED_DOMAINS = frozenset({"nhs.net", "gmail.com", "outlook.com", "hotmail.com", "yahoo.co.uk", "yahoo.com",
                            "btinternet.com", "gov.uk", "sch.uk", "police.uk", "pnn.police.uk", "icloud.com"})
_WORD = re.compile(r"[a-z][a-z'&-]{3,}")
_TOKEN = re.compile(r"[a-z0-9][a-z0-9'&-]*")
#: The score of a suggestion from the body's name alone (never filed automatically).
NAME_SUGGESTION_SCORE = 0.5
_STOP = frozenset({"council", "borough", "county", "district", "city", "trust", "foundation", "school",
                   "academy", "college", "university", "police", "service", "freedom", "information",
                   "request", "reply", "response", "dear", "with", "your", "from", "that", "this", "have",
                   "regards", "thank", "thanks", "which", "there", "their", "under", "about", "would"})


@dataclass(frozen=True)
class Candidate:
    """A request a reply could belong to, as the service loaded it (plain values only)."""

    request_ref: str  # the reference, e.g. "WW-2026-000123"
    reply_address: str = ""
    to_address: str = ""
    body_name: str = ""
    subject: str = ""
    #: Message-IDs of everything we sent for this request (the request, reminders, reviews).
    sent_message_ids: tuple[str, ...] = ()
    #: Extra domains the body writes from (its website, known addresses).
    domains: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    request_ref: str
    score: float
    reason: str


@dataclass(frozen=True)
class Match:
    """The reply belongs to ``request_ref``; ``score`` in 0..1 and the ``reason`` in words."""

    request_ref: str
    score: float
    reason: str


@dataclass(frozen=True)
class NoMatch:
    """Not filed automatically: ``ambiguous`` when several requests fit; ``suggestions`` best first."""

    reason: str
    ambiguous: bool = False
    suggestions: tuple[Suggestion, ...] = field(default_factory=tuple)


def references_in(text: str) -> list[str]:
    """Every ``WW-YYYY-NNNNNN`` in ``text``, upper-cased, in order, without repeats."""
    return list(dict.fromkeys(f"WW-{m.group(1)}-{m.group(2)}" for m in REFERENCE_RE.finditer(text or "")))


def message_ids_in(msg: InboundMessage) -> list[str]:
    """Message-IDs a reply points back to (In-Reply-To, References, a bounce's returned original)."""
    ids = [msg.in_reply_to, *msg.references, *(b.original_message_id for b in msg.bounces)]
    return list(dict.fromkeys(i for i in ids if i))


def domain_of(address: str) -> str:
    return address.rpartition("@")[2].lower().strip().rstrip(".")


def _same_org(sender: str, ours: str) -> bool:
    if not sender or not ours or sender in SHARED_DOMAINS or ours in SHARED_DOMAINS:
        return False
    return sender == ours or sender.endswith("." + ours) or ours.endswith("." + sender)


def _decide(hits: list[Candidate], score: float, reason: str) -> Match | NoMatch | None:
    unique = list({c.request_ref: c for c in hits}.values())
    if len(unique) == 1:
        return Match(unique[0].request_ref, score, reason)
    if len(unique) > 1:
        return NoMatch(
            f"ambiguous: {reason} points at {len(unique)} requests",
            ambiguous=True,
            suggestions=tuple(Suggestion(c.request_ref, score, reason) for c in unique),
        )
    return None


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def match(msg: InboundMessage, candidates: Iterable[Candidate]) -> Match | NoMatch:
    """Decide which request ``msg`` answers, among ``candidates``."""
    cands: Sequence[Candidate] = list(candidates)
    if not cands:
        return NoMatch("no reference, reply address, thread header or known sender domain points to a request")

    ids = {i.lower() for i in message_ids_in(msg)}
    if ids:
        hits = [c for c in cands if ids & {s.lower() for s in c.sent_message_ids}]
        decided = _decide(hits, 1.0, "In-Reply-To/References names a message we sent")
        if decided:
            return decided

    recipients = set(msg.all_recipients)
    hits = [c for c in cands if c.reply_address and c.reply_address.lower() in recipients]
    decided = _decide(hits, 0.99, "sent to the request's own reply address")
    if decided:
        return decided

    if msg.is_bounce:
        failed = {b.failed_recipient for b in msg.bounces}
        hits = [c for c in cands if c.to_address and c.to_address.lower() in failed]
        decided = _decide(hits, 0.9, "bounce for the address the request was sent to")
        if decided:
            return decided

    by_ref = {c.request_ref.upper(): c for c in cands}
    for where, text, score in (("subject", msg.subject, 0.95), ("body", msg.text_body, 0.85)):
        refs = [r for r in references_in(text) if r in by_ref]
        decided = _decide([by_ref[r] for r in refs], score, f"reference in the {where}")
        if decided:
            return decided

    return _by_domain(msg, cands)


def suggest_by_name(msg: InboundMessage, names: Iterable[tuple[str, str]], *, limit: int = 5) -> tuple[Suggestion, ...]:
    """Requests whose body's full name appears in the reply: suggestions for the holding pen, never a match.

    For a reply that carries no reference, reply address, thread header or known sender domain (often
    one from a shared domain such as ``nhs.net`` or a webmail address), the name the body signs with
    is the clue left. ``names`` is ``(reference, body name)`` pairs, newest request first. Scored
    :data:`NAME_SUGGESTION_SCORE`, below :data:`AUTO_MATCH_THRESHOLD`: a person decides.
    """
    text = " ".join(_fold(msg.subject + "\n" + msg.text_body[:50_000]).split())
    present = set(_TOKEN.findall(text))
    found: list[Suggestion] = []
    for ref, name in names:
        norm = " ".join(_fold(name).split())
        words = _TOKEN.findall(norm)
        if not words or not present.issuperset(words):
            continue
        if re.search(rf"(?<!\w){re.escape(norm)}(?!\w)", text):
            found.append(Suggestion(ref, NAME_SUGGESTION_SCORE, f"the body's name \u201c{name}\u201d appears in the reply"))
            if len(found) >= limit:
                break
    return tuple(found)


def _fold(text: str) -> str:
    return text.lower().replace("\u2019", "'").replace("\u2018", "'")


def _by_domain(msg: InboundMessage, cands: Sequence[Candidate]) -> Match | NoMatch:
    if msg.is_bounce:
        return NoMatch("bounce that names no request we know")
    sender = domain_of(msg.from_addr)
    hits = [c for c in cands if _same_org(sender, domain_of(c.to_address)) or any(_same_org(sender, d) for d in c.domains)]
    if not hits:
        why = "sender's domain is shared by many bodies" if sender in SHARED_DOMAINS else "no request was sent to the sender's domain"
        return NoMatch(f"no reference, reply address or thread header; {why}")
    reply_words = _words(msg.subject + " " + msg.text_body[:20000])
    scored: list[Suggestion] = []
    for cand in hits:
        ours = _words(cand.body_name + " " + cand.subject)
        overlap = len(ours & reply_words) / max(len(ours), 1)
        score = round(0.55 + 0.3 * overlap + (0.1 if len(hits) == 1 else 0.0), 3)
        scored.append(Suggestion(cand.request_ref, score, f"sender domain {sender}; {overlap:.0%} of the request's words in the reply"))
    scored.sort(key=lambda s: (-s.score, s.request_ref))
    best = scored[0]
    clear_lead = len(scored) == 1 or best.score - scored[1].score >= 0.15
    if best.score >= AUTO_MATCH_THRESHOLD and clear_lead:
        return Match(best.request_ref, best.score, best.reason)
    if len(scored) > 1 and not clear_lead:
        return NoMatch(f"ambiguous: {len(scored)} requests were sent to {sender}", ambiguous=True, suggestions=tuple(scored))
    return NoMatch(f"weak match only ({best.score:.2f} < {AUTO_MATCH_THRESHOLD})", suggestions=tuple(scored))
