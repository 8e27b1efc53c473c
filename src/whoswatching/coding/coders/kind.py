"""``kind``: what sort of message the reply is (codebook values), decided last.

In order: ``bounce`` (a delivery failure), then, when the body answers nothing, ``out_of_office``,
``portal_redirect``, ``fee_notice``, ``clarification`` and ``acknowledgement`` by their cue phrases.
Otherwise the answers decide: any answer plus a refusal is ``partial``; a refusal with no answer is
``refusal``; "not held" with no answer is ``not_held``; answers alone are ``substantive``. A message
with none of these is ``other``. "Answers" are the fields a reply can only fill by answering:
``uses_hikvision``/``uses_dahua`` not null, brands, models, a count, capabilities or internet.
"""

from __future__ import annotations

import re

from whoswatching.coding.coders import Reply
from whoswatching.coding.result import Code

_BOUNCE_SUBJECT = re.compile(
    r"undeliverable|undelivered|delivery (?:status notification|has failed|failure)|mail delivery (?:failed|subsystem)|"
    r"returned mail|failure notice|delivery report",
    re.I,
)
_BOUNCE_TEXT = re.compile(
    r"could not be delivered|couldn't be delivered|delivery has failed|message (?:was )?(?:not|wasn't) delivered|"
    r"address (?:couldn't be found|not found|does not exist)|recipient address rejected|user unknown|mailbox unavailable|"
    r"550[ -]5\.\d\.\d",
    re.I,
)
_OOO_SUBJECT = re.compile(r"automatic reply|auto(?:matic)?[- ]?(?:reply|response)|out of (?:the )?office|ateb awtomatig|allan o'r swyddfa", re.I)
_OOO_TEXT = re.compile(
    r"out of (?:the )?office|on annual leave|away from the office|currently away|limited access to (?:my )?e-?mail|"
    r"return(?:ing)? to the office|back in the office|i am (?:currently )?(?:on leave|away|out)|allan o'r swyddfa|ar wyliau",
    re.I,
)
_PORTAL = re.compile(
    r"(?:online|web) (?:portal|form)|(?:submit|make|resubmit|send) (?:your|the|a) (?:request|foi request|enquiry)\b[^.]{0,60}\b(?:portal|online|form|website)|"
    r"only (?:accept|process|respond to)\w* (?:requests? )?(?:made |submitted |received )?(?:via|through|using)|"
    r"requests? must be (?:made|submitted) (?:via|through|using)|ffurflen ar-lein|porth ar-lein",
    re.I,
)
_FEE = re.compile(
    r"\bfees? notice\b|\bfee of £|\bcharge of £|\bpayment of £|\bfees? (?:will|would) be payable\b|\bsection 9\b|\bs\.?\s?9\b|"
    r"\bwithin (?:three|3) months? of (?:the date of )?(?:this|the) (?:fees )?notice\b|\bhysbysiad ffioedd\b",
    re.I,
)
_CLARIFY = re.compile(
    r"\bclarif(?:y|ication)\b|\bplease confirm (?:which|what|whether)\b|\bcould you (?:please )?(?:confirm|specify|explain)\b|"
    r"\bsection 1\(3\)|\bs\.?\s?1\(3\)|\bmore (?:specific|detail)\b[^.]{0,40}\bneeded\b|\beglurhad\b",
    re.I,
)
_ACK = re.compile(
    r"\backnowledg\w*|\bhas been (?:received|logged|registered)\b|\bwe (?:have )?received your (?:request|email|enquiry)\b|"
    r"\bwill (?:respond|reply|aim to respond)\b|\bshould receive (?:a|our) (?:response|reply)\b|\bwithin 20 working days\b|"
    r"\bdue (?:date|by)\b|\bcydnabod\b|\bwedi derbyn\b",
    re.I,
)
ANSWER_FIELDS = (
    "uses_hikvision",
    "uses_dahua",
    "other_chinese_brands",
    "oem_brands",
    "models",
    "camera_count",
    "capabilities_present",
    "capabilities_in_use",
    "internet_connected",
)


def _answered(decided) -> bool:
    for name in ANSWER_FIELDS:
        c = decided.get(name)
        if c is not None and c.value not in (None, [], False) or (c is not None and name.startswith("uses_") and c.value is False):
            return True
    return False


def _first(rx: re.Pattern[str], reply: Reply, *, questions: bool = False) -> tuple[int, int] | None:
    """The first of the body's sentences matching ``rx``; with ``questions``, also the body's own
    questions (a clarification asks questions; the request's quoted questions have a number)."""
    units = list(reply.seg.units)
    if questions:
        units += [q for q in reply.seg.questions if q.qnum is None and not q.topics]
    for unit in sorted(units, key=lambda u: u.start):
        if rx.search(unit.text):
            return (unit.start, unit.end)
    return None


def code(reply: Reply, decided) -> list[Code]:
    if reply.hint == "bounce" or _BOUNCE_SUBJECT.search(reply.subject) or re.search(r"mailer-daemon|postmaster@", reply.sender, re.I):
        return [Code("kind", "bounce", 0.95, ())]
    bounce = _first(_BOUNCE_TEXT, reply)
    if bounce and not _answered(decided):
        return [Code("kind", "bounce", 0.85, (bounce,))]
    answered = _answered(decided)
    refused = decided["refused"].value if "refused" in decided else False
    not_held = decided["not_held"].value if "not_held" in decided else False
    if not answered and not refused and not not_held:
        ooo = _first(_OOO_TEXT, reply)
        if reply.hint == "out_of_office" or _OOO_SUBJECT.search(reply.subject) or ooo:
            return [Code("kind", "out_of_office", 0.9, (ooo,) if ooo else ())]
        for kind, rx, conf in (
            ("portal_redirect", _PORTAL, 0.85),
            ("fee_notice", _FEE, 0.85),
            ("clarification", _CLARIFY, 0.8),
            ("acknowledgement", _ACK, 0.8),
        ):
            hit = _first(rx, reply, questions=kind == "clarification")
            if hit:
                return [Code("kind", kind, conf, (hit,))]
        return [Code("kind", "other", 0.5, ())]
    if not answered:
        fee = _first(_FEE, reply)
        if fee and not decided["exemptions"].value:
            return [Code("kind", "fee_notice", 0.8, (fee,))]
        if refused:
            return [Code("kind", "refusal", 0.85, decided["refused"].spans)]
        return [Code("kind", "not_held", 0.85, decided["not_held"].spans)]
    if refused:
        return [Code("kind", "partial", 0.75, decided["refused"].spans)]
    return [Code("kind", "substantive", 0.85, ())]
