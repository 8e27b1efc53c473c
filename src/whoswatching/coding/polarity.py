"""Is a mention affirmed, denied or only talked about? Clause-scoped cue rules.

A name in a sentence is read inside its clause: the words from the last clause boundary before it
(";", "but", "however", "which", "other than", ...) to the next one after it. Then, in this order:

1. *hedge*: the clause talks about the thing without saying the body has it ("we are reviewing
   whether", "we do not hold information on", "your request about", "cannot confirm") -> no code;
2. *negative*: a negation before the name in the clause ("we do not use", "no cameras made by",
   "neither ... nor", Welsh "nid", "dim") or right after it ("Hikvision is not used", "Hikvision: No");
3. *positive*: otherwise, when the clause speaks of the body's own equipment (first person, the body,
   cameras, installed, in use ...) or the sentence answers a question on the topic.

Precision first: anything unclear is a hedge, and a hedge never codes true or false.
"""

from __future__ import annotations

import re

POS, NEG, HEDGE = "pos", "neg", "hedge"
#: How far back in its clause a hedge ("your request about") or a negation ("we do not use") reaches.
_HEDGE_WORDS = 9
_NEG_WORDS = 20

_BOUNDARY = re.compile(
    r"[;.!?:]\s|[;]|\s[-–—]\s|\b(?:but|however|whereas|although|though|while|except|apart from|other than|"
    r"instead|(?<!of )which|who|where|whilst|ond|fodd bynnag)\b|\band\s+(?=(?:are|is|were|was|have|has|we|they|these|it|all|our)\b)",
    re.I,
)
_HEDGE = re.compile(
    r"\b(?:whether|if|unable|not able|cannot|can't|could not|not possible|not known|unknown|"
    r"(?:do|does|did)(?: not|n't) know|not sure|hold|held|holds|records? of|recorded information|no record|review(?:ing|ed)?|consider(?:ing|ed)?|"
    r"investigat\w*|assess\w*|may|might|would|should|plans?|planning|intends?|future|request(?:ed)?|asked|"
    r"question\w*|enquir\w*|regarding|concerning|ban(?:s|ned)?|guidance|announce\w*|news|media|article|"
    r"report(?:s|ed)?|policy|risks?|concerns?|procure\w*|tender\w*|confirm or deny|unclear|"
    # someone else's cameras, or the maker in general
    r"other (?:schools|councils|bodies|organi[sz]ations|clients|authorities|trusts|forces|universities|colleges|customers)|"
    r"some (?:councils|schools|organi[sz]ations|bodies|authorities|trusts)|many (?:organi[sz]ations|councils|schools|bodies)|"
    r"widely|in the uk|nationally|across the country|elsewhere|owned by the|state-owned|chinese state|generally|industry)\b",
    re.I,
)
_NEG_BEFORE = re.compile(
    r"\b(?:no|not|none|never|neither|nor|without|nid|nad|dim|nac|non)\b|n't\b|\bno longer\b|\bnot any\b",
    re.I,
)
_NEG_AFTER = re.compile(
    r"^[\s,)]*(?:(?:cameras?|equipment|products?|devices?|cctv|systems?|branded|made)\s+){0,2}"
    r"(?:(?:is|are|was|were|has|have|has been|have been)\s+)?(?:not|never|no longer)\b"
    r"|^\s*(?:[:\t|=–—-]+|\s{2,})\s*(?:no|none|nil|0|n)\b(?!\s*\d)"
    r"|^[\s\w]{0,30}?\b(?:were|was|have been|has been|are being|will be)\s+(?:replaced|removed|decommissioned|taken out)",
    re.I,
)
_POS_AFTER = re.compile(r"^\s*(?:[:\t|=–—-]+|\s{2,})\s*(?:yes|y|\d+)\b", re.I)
# "Manufacturer: Hikvision", "Make - Dahua": a form-style answer.
_FIELD_BEFORE = re.compile(r"\b(?:manufacturer|make|brand|maker|supplier|camera type)s?\s*[:\t|=–—-]\s*$", re.I)
# "100 are Hikvision", "12 x Hikvision": a quantity just before the name (a year is not one).
_QUANTITY = re.compile(r"\b(?!(?:19|20)\d\d\b)\d{1,5}\b")
_CONTEXT = re.compile(
    r"\b(?:we|our|us|ours|the (?:school|academy|college|council|trust|university|force|authority|board|"
    r"department|service|practice|hospital|library|site|centre|estate|organisation|constabulary|federation)|"
    r"its|installed|in use|using|uses|used|operates?|operated|fitted|supplied|cameras?|cctv|nvrs?|dvrs?|"
    r"recorders?|equipment|systems?|manufactured|manufacturer|make|made|brand|units?|devices?|"
    r"ydym|rydym|mae|gennym|camerâu|gamerâu|offer|all|some|most|majority|via|app|software|viewed|recorded|"
    r"recording|kit)\b",
    re.I,
)


def clause(text: str, start: int, end: int) -> tuple[str, str]:
    """The words of the mention's clause before ``start`` and after ``end`` (up to 12 words)."""
    before_start = 0
    for m in _BOUNDARY.finditer(text, 0, start):
        before_start = m.end()
    after = text[end:]
    m = _BOUNDARY.search(after)
    if m:
        after = after[: m.start()]
    after = " ".join(after.split(" ")[:13])
    return text[before_start:start], after


def polarity(text: str, start: int, end: int, *, answer: bool = False, row: bool = False) -> str | None:
    """``POS``, ``NEG`` or ``HEDGE`` for the mention at text[start:end]; None when it says nothing.

    ``answer`` is True when the sentence answers a question about this mention's topic; ``row`` when
    it is a table row (an asset list), where a bare name is a positive statement.
    """
    before, after = clause(text, start, end)
    near = " ".join(before.split()[-_HEDGE_WORDS:])
    if _HEDGE.search(near) or _HEDGE.search(after):
        return HEDGE
    before = " ".join(before.split()[-_NEG_WORDS:])
    if _NEG_AFTER.search(text[end : end + 80]) or _NEG_BEFORE.search(before):
        return NEG
    if _POS_AFTER.search(text[end : end + 40]) or row or answer or _FIELD_BEFORE.search(text[max(0, start - 40) : start]):
        return POS
    if _CONTEXT.search(before) or _CONTEXT.search(after) or _QUANTITY.search(" ".join(before.split()[-3:])):
        return POS
    return None


_YES = re.compile(r"^[\W_]*(?:yes|yep|correct|ydym|oes|ydy|do|does|we do)\b(?!\s+not)", re.I)
_NO = re.compile(
    r"^[\W_]*(?:no(?!\s+(?:information|record|data|details?))\b|none(?!\s+held)\b|nil\b|nac ydym|nac oes|nac ydy|na\b|"
    r"(?:we|it|the \w+) (?:do|does)(?: not|n't)\s*(?:[.,;]|$))",
    re.I,
)


def bare_answer(text: str) -> bool | None:
    """True for an answer opening with "Yes", False for "No"/"None", None otherwise."""
    if _NO.match(text):
        return False
    if _YES.match(text):
        return True
    return None
