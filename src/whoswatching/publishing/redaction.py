"""Remove officers' personal data from quotes shown on public pages (pure: no Django).

What is removed, and why: the product's principle that officers' names, email addresses and phone
numbers never reach public pages (UK GDPR Art. 5(1)(c), data minimisation; the ICO's guidance on
disclosing junior officials' names under FOIA s.40(2)). WhatDoTheyKnow's practice is the model: the
public sees the body's answer, not who typed it.

Rules, applied in this order (each conservative: when a span might be personal data, it goes):

1. email addresses, including the obfuscated ``jane [at] example [dot] org`` forms -> ``[email removed]``;
2. UK phone numbers (``01632 960123``, ``(0113) 496 0000``, ``+44 (0)20 7946 0000``, ``07700 900123``,
   ``0800 123 4567``; Ofcom's numbering plan: 10 or 11 digits after a leading 0) and any other run of
   9+ digits written like a phone number -> ``[phone removed]``;
3. a labelled person (``Name:``, ``Contact:``, ``Officer:``, ``Case officer:``, ``Signed:``,
   ``Prepared by:``, ``Handled by:``, ``Author:``, ``Direct line:``...) -> the rest of the line;
4. the lines after a sign-off (``Yours sincerely``, ``Kind regards``, ``Regards``, ``Many thanks``...):
   the first non-empty line always, then each following line of the block that is not clearly a job
   title or team name;
5. an honorific and the capitalised words after it (``Ms Lovelace``, ``Dr J. Smith``) and the name
   after ``Dear`` (the requester's name is personal data too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EMAIL = "[email removed]"
PHONE = "[phone removed]"
NAME = "[name removed]"

_DOT = r"(?:\.|[ \t]*(?:\[[ \t]*dot[ \t]*\]|\([ \t]*dot[ \t]*\))[ \t]*|[ \t]+dot[ \t]+)"
_OBF_DOT = r"(?:[ \t]*(?:\[[ \t]*dot[ \t]*\]|\([ \t]*dot[ \t]*\))[ \t]*|[ \t]+dot[ \t]+)"
_AT = (r"(?:[ \t]*@[ \t]*|[ \t]*(?:\[[ \t]*at[ \t]*\]|\([ \t]*at[ \t]*\))[ \t]*"
       r"|[ \t]+at[ \t]+(?=[A-Za-z0-9-]+" + _OBF_DOT + r"))")
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+'-]+" + _AT + r"[A-Za-z0-9-]+(?:" + _DOT + r"[A-Za-z0-9-]+)+", re.IGNORECASE)
# A phone-like run: optional +44 (0), then digits with spaces, hyphens, dots or brackets between them.
_PHONE_RE = re.compile(r"(?<![\w/])(?:\+\s?44\s?(?:\(0\)\s?)?|\(?0)[\d][\d\s().-]{6,16}\d(?![\w/])")
_EXT_RE = re.compile(r"\s*(?:ext\.?|extension|x)\s*\d{2,6}\b", re.IGNORECASE)

_LABELS = (
    "name", "contact", "contact name", "officer", "case officer", "responsible officer", "signed", "signature",
    "prepared by", "handled by", "dealt with by", "author", "from", "sender", "direct line", "direct dial",
    "tel", "telephone", "phone", "mobile", "email", "e-mail", "reviewer", "decision maker", "caseworker",
)
_LABEL_RE = re.compile(
    r"(?im)^(?P<lead>[ \t>*-]*(?:" + "|".join(re.escape(x) for x in sorted(_LABELS, key=len, reverse=True))
    + r")\s*:[ \t]*)(?P<value>\S[^\n]*)$"
)
_SIGNOFF_RE = re.compile(
    r"(?im)^[ \t>]*(?:yours\s+(?:sincerely|faithfully|truly)|(?:with\s+)?(?:kind|best|warm|many)\s+(?:regards|wishes|thanks)"
    r"|regards|sincerely|many\s+thanks|thanks(?:\s+again)?|thank\s+you|best|cheers|cofion(?:\s+cynnes)?|yn\s+gywir)"
    r"[ \t]*[,.!]?[ \t]*$"
)
_ROLE_WORDS = re.compile(
    r"(?i)\b(?:officer|manager|team|department|dept|council|unit|governance|information|data|protection|"
    r"compliance|lead|head|director|co-?ordinator|advis[oe]r|assistant|clerk|services?|office|trust|police|"
    r"constabulary|school|academy|college|university|authority|foi|freedom|records|legal|secretary|board|"
    r"division|directorate|administrator|analyst|specialist|practitioner|partner|on behalf|for and on)\b"
)
_SIGNOFF_INLINE_RE = re.compile(
    r"(?i)(?P<lead>\b(?:yours\s+(?:sincerely|faithfully|truly)|(?:kind|best|warm)\s+regards|many\s+thanks|best\s+wishes"
    r"|regards)[ \t]*[,.]?[ \t]+)(?P<value>[A-Z][^\n]*)"
)
_HONORIFIC_RE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Cllr|Councillor|Rev|Revd)\.?(?:[ \t]+(?:[A-Z][\w'’-]*\.?))+"
)
_DEAR_RE = re.compile(r"(?im)^(?P<lead>[ \t>]*(?:dear|annwyl)[ \t]+)(?P<value>[^\n,]+)")


@dataclass(frozen=True)
class Redacted:
    """The redacted text and how many spans of each kind were removed."""

    text: str
    emails: int = 0
    phones: int = 0
    names: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.emails or self.phones or self.names)


def _phone(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    if match.group(0).lstrip().startswith("+"):
        digits = "0" + digits[2:].lstrip("0")
    # Ofcom: UK numbers are 10 or 11 digits with the leading 0; anything of 9+ digits is treated as one.
    return PHONE if len(digits) >= 9 else match.group(0)


def _looks_like_role(line: str) -> bool:
    return bool(_ROLE_WORDS.search(line)) and not re.search(r"\[name removed\]", line)


def _redact_signatures(lines: list[str]) -> int:
    count = 0
    i = 0
    while i < len(lines):
        if not _SIGNOFF_RE.match(lines[i]):
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        first = True
        while j < len(lines) and lines[j].strip():
            line = lines[j]
            placeholder_only = line.strip() in (EMAIL, PHONE, NAME)
            if not placeholder_only and (first or not _looks_like_role(line)):
                indent = line[: len(line) - len(line.lstrip())]
                lines[j] = indent + NAME
                count += 1
            first = False
            j += 1
        i = j
    return count


def redact(text: str) -> Redacted:
    """Remove email addresses, phone numbers and people's names from ``text`` (see the module docstring)."""
    if not text:
        return Redacted(text or "")
    out, emails = _EMAIL_RE.subn(EMAIL, text)
    phones = 0

    def phone(match: re.Match[str]) -> str:
        nonlocal phones
        replaced = _phone(match)
        if replaced == PHONE:
            phones += 1
        return replaced

    out = _PHONE_RE.sub(phone, out)
    out = re.sub(re.escape(PHONE) + _EXT_RE.pattern, PHONE, out, flags=re.IGNORECASE)
    names = 0

    def labelled(match: re.Match[str]) -> str:
        nonlocal names
        value = match.group("value").strip()
        if value in (EMAIL, PHONE, NAME):
            return match.group(0)
        names += 1
        return match.group("lead") + NAME

    out = _LABEL_RE.sub(labelled, out)

    def dear(match: re.Match[str]) -> str:
        nonlocal names
        value = match.group("value").strip()
        if not value or value.lower().startswith(("sir", "madam", "requester", "applicant", "all")):
            return match.group(0)
        names += 1
        return match.group("lead") + NAME

    out = _DEAR_RE.sub(dear, out)

    def signoff(match: re.Match[str]) -> str:
        nonlocal names
        if match.group("value").strip() in (EMAIL, PHONE, NAME):
            return match.group(0)
        names += 1
        return match.group("lead") + NAME

    out = _SIGNOFF_INLINE_RE.sub(signoff, out)
    out, honorifics = _HONORIFIC_RE.subn(NAME, out)
    names += honorifics
    lines = out.split("\n")
    names += _redact_signatures(lines)
    return Redacted("\n".join(lines), emails=emails, phones=phones, names=names)


def redact_text(text: str) -> str:
    """Just the redacted text."""
    return redact(text).text
