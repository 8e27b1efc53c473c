"""``exemptions``, ``refused``, ``ncnd``, ``not_held`` (codebook; shared/docs/uk-foi-law.md).

Exemptions are written ``LAW sN(M)(x)``: ``FOIA s24(1)``, ``FOIA s31(1)(a)``, ``FOISA s35(1)``, and
``EIR 12(5)(a)`` / ``EISR 10(5)(a)`` for regulations. "section 31(1)(a) and (b)" gives two codes. The
law of a citation is the one named next to it ("of the Freedom of Information (Scotland) Act",
"Environmental Information Regulations"), else the reply's law: FOISA when the reply names FOISA or
the Scottish Information Commissioner, else FOIA. Only exemptions and refusal grounds are kept: FOIA
s12, s14, s21-s44; FOISA s12, s14, s25-s41; EIR 12 and 13; EISR 10 and 11. Procedural sections are
not exemptions (codebook): FOIA s1, s16, s17...; FOISA s17 and s18 (its "neither confirm nor deny"
notice, coded as ``ncnd``); nor is "section 5 of our policy". The cost limit (s12) and
vexatious/repeated requests (s14) are refusal grounds and are kept. Citations in the internal-review/ICO paragraph are never read (segments drops it).
"""

from __future__ import annotations

import re

from whoswatching.coding.coders import Reply
from whoswatching.coding.result import Code

#: The sections that are exemptions or refusal grounds, per law (uk-foi-law.md). Anything else cited
#: ("section 17", "section 1(3)", "section 5 of our policy") is not an exemption.
_GROUNDS = {
    "FOIA": {"12", "14", "21", "22", "22A", *(str(n) for n in range(23, 45))},
    "FOISA": {"12", "14", *(str(n) for n in range(25, 42))},
    "EIR": {"12", "13"},
    "EISR": {"10", "11"},
}
_NUMBER = r"\d{1,2}[A-Z]?(?!\d)"
_PARTS = r"(?:\s?\(\s?[0-9a-z]{1,4}\s?\)){0,4}"
_JOIN = r"\s*(?:,|and|or|&|/|a|ac)\s*"
# Each repetition consumes a separator and then a number or a bracketed part, so matching is linear.
_SECTION = re.compile(
    r"(?:\b(?:sections?|adran(?:nau)?|regulations?|regs?\.?|reg)\s*|(?<![\w'’])(?:s|ss)\.?\s?(?=\d))"
    rf"({_NUMBER}{_PARTS}(?:{_JOIN}(?:{_NUMBER}{_PARTS}|(?:\s?\(\s?[0-9a-z]{{1,4}}\s?\)){{1,4}})){{0,8}})",
    re.I,
)
_ONE = re.compile(r"(\d{1,2}[A-Z]?)?((?:\s*\(\s*[0-9a-z]{1,4}\s*\))*)", re.I)
_LAW_NEAR = (
    ("EISR", re.compile(r"environmental information \(scotland\) regulations|\beisr\b", re.I)),
    ("EIR", re.compile(r"environmental information regulations|\beirs?\b", re.I)),
    ("FOISA", re.compile(r"freedom of information \(scotland\) act|\bfoisa\b|\bfoi\(s\)a\b", re.I)),
    ("FOIA", re.compile(r"freedom of information act|\bfoia\b|\bfoi act\b|deddf rhyddid gwybodaeth", re.I)),
)
_OTHER_ACT = re.compile(r"data protection act|dpa 2018|gdpr|regulation of investigatory|human rights act|article\s+\d", re.I)
_SCOTTISH = re.compile(r"\(scotland\)|foisa|scottish information commissioner|foi\(s\)a", re.I)
_NCND = re.compile(
    r"neither confirm(?:s|ing)? nor den(?:y|ies|ying)|\bncnd\b|confirm or deny|duty to confirm or deny|"
    r"cadarnhau na gwadu",
    re.I,
)
_NOT_HELD = re.compile(
    r"\b(?:do|does|did)(?: not|n't) hold\b|\bnot held\b|\bno (?:recorded )?information (?:is )?held\b|"
    r"\bholds? no (?:recorded )?information\b|\bhave no (?:recorded )?information (?:about|on|regarding|relating to|as to|in relation to)\b|"
    r"\bno (?:recorded )?information is held\b|\bno information (?:within the scope|relevant)|\bnone held\b|"
    r"\binformation (?:is|was) not held\b|\bnid yw'r wybodaeth\b.{0,20}\bgedwir\b|\bnid ydym yn cadw\b|"
    r"\b12\s*\(\s*4\s*\)\s*\(\s*a\s*\)",
    re.I,
)
_REFUSE = re.compile(
    r"\b(?:refus\w+|withh[oe]ld\w*|exempt\w*|exception\w*|not (?:able|obliged|required) to (?:provide|disclose|release)|"
    r"unable to (?:provide|disclose|release|comply)|will not (?:be )?(?:provid|disclos|releas)\w*|"
    r"cannot (?:provide|disclose|release|comply)|declin\w+ to (?:provide|disclose)|exceed(?:s|ed)? the (?:appropriate|cost) limit|"
    r"appropriate limit|vexatious|gwrthod|eithriad\w*)\b",
    re.I,
)
_CONDITIONAL = re.compile(r"^\W*(?:if|where|should|in the event)\b|\bif (?:we|you|any|the)\b", re.I)


def _expand(body: str) -> list[str]:
    """'31(1)(a) and (b)' -> ['31(1)(a)', '31(1)(b)']; '24 and 31' -> ['24', '31']."""
    out: list[str] = []
    base_num = ""
    base_subs: list[str] = []
    for piece in re.split(r"\s*(?:,|\band\b|\bor\b|&|/|(?<!\()\b(?:a|ac)\b(?!\)))\s*", body, flags=re.I):
        piece = piece.strip()
        if not piece:
            continue
        m = _ONE.fullmatch(piece.replace(" ", ""))
        if not m:
            continue
        num, subs = m.group(1), re.findall(r"\(([0-9a-z]{1,4})\)", m.group(2) or "", re.I)
        if num:
            base_num, base_subs = num, subs
            out.append(num + "".join(f"({s})" for s in subs))
        elif base_num and subs:
            # "(b)" after "31(1)(a)": replace the last level of the previous citation.
            keep = base_subs[: len(base_subs) - len(subs)] if len(base_subs) >= len(subs) else []
            out.append(base_num + "".join(f"({s})" for s in keep + subs))
    return out


def _law_for(sentence: str, pos: int, fallback: str) -> str:
    """The law named nearest after a citation (within 120 characters), else ``fallback``."""
    window = sentence[pos : pos + 120]
    best = None
    for law, rx in _LAW_NEAR:
        m = rx.search(window)
        if m and (best is None or m.start() < best[1]):
            best = (law, m.start())
    return best[0] if best else fallback


def _sentence_law(sentence: str, default: str) -> str:
    for law, rx in _LAW_NEAR:
        if rx.search(sentence):
            return law
    return default


def code(reply: Reply, decided) -> list[Code]:
    text = reply.seg.reply_text()
    default = "FOISA" if _SCOTTISH.search(text) or _SCOTTISH.search(reply.text) else "FOIA"
    exemptions: dict[str, list[tuple[int, int]]] = {}
    refused: list[tuple[int, int]] = []
    ncnd: list[tuple[int, int]] = []
    not_held: list[tuple[int, int]] = []
    for unit in reply.seg.units:
        s = unit.text
        span = (unit.start, unit.end)
        conditional = bool(_CONDITIONAL.search(s))
        if _NCND.search(s) and not conditional:
            ncnd.append(span)
        if _NOT_HELD.search(s) and not conditional:
            not_held.append(span)
        if _REFUSE.search(s) and not conditional and not re.search(r"\bno (?:exemptions?|information has been withheld)\b|\bnot (?:been )?withheld\b", s, re.I):
            refused.append(span)
        sentence_law = _sentence_law(s, default) if _SECTION.search(s) else default
        for m in _SECTION.finditer(s):
            if _OTHER_ACT.search(s[m.end() : m.end() + 40]):
                continue
            word = s[m.start() : m.start(1)].strip().lower()
            law = _law_for(s, m.end(), sentence_law)
            if word.startswith("reg") and law in ("FOIA", "FOISA"):
                law = "EISR" if law == "FOISA" else "EIR"
            for cite in _expand(m.group(1)):
                number = re.match(r"\d{1,2}[A-Za-z]?", cite).group(0)  # type: ignore[union-attr]
                if number.upper() not in _GROUNDS[law]:
                    continue
                cite = number.upper() + cite[len(number) :]
                if law in ("EIR", "EISR"):
                    label = f"{law} {cite}"
                    if cite.startswith("12(4)(a)") or cite.startswith("10(4)(a)"):
                        not_held.append(span)
                else:
                    label = f"{law} s{cite}"
                exemptions.setdefault(label, []).append(span)
    is_refused = bool(exemptions or ncnd or (refused and not not_held) or (refused and len(refused) > len(not_held)))
    # Exemptions for "not held" under EIR 12(4)(a) alone are not a refusal of held information.
    if exemptions and not ncnd and not refused and all(k.endswith("12(4)(a)") or k.endswith("10(4)(a)") for k in exemptions):
        is_refused = False
    ref_spans = tuple(refused or [sp for v in exemptions.values() for sp in v] or ncnd)
    return [
        Code("exemptions", sorted(exemptions), 0.9 if exemptions else 0.8, tuple(sp for v in exemptions.values() for sp in v)),
        Code("refused", is_refused, 0.85 if is_refused else 0.75, ref_spans if is_refused else ()),
        Code("ncnd", bool(ncnd), 0.9 if ncnd else 0.85, tuple(ncnd)),
        Code("not_held", bool(not_held), 0.85 if not_held else 0.8, tuple(not_held)),
    ]
