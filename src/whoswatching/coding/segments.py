"""Cut a reply into the units the coders read, keeping offsets into the original text.

A reply mixes the body's own words with text that must never count as its answer: the request quoted
back (whole, or one question before each answer), earlier messages of the thread, signatures, legal
disclaimers and the standard "internal review / Information Commissioner" paragraph. This module
labels every line, joins hard-wrapped lines into paragraphs, splits paragraphs into sentences and
attaches to each sentence the request topics it answers (from the question quoted before it, or from
its number: "3. No" answers question 3 of ``scheme/request.yml``).

Everything is offsets into the text given, so evidence quotes the original words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoswatching.coding.scheme import RequestScheme, load_request

# A reply header line that starts the quoted thread ("On ... wrote:", Outlook blocks, "Original Message").
_CUT = re.compile(
    r"^\s*(?:-{2,}\s*Original Message\s*-{2,}|-{3,}\s*Neges wreiddiol\s*-{3,}|On .{4,200} wrote:\s*$"
    r"|Ar .{4,200} ysgrifennodd.*:\s*$|_{20,}\s*$|wrote:\s*$)",
    re.I,
)
_FORWARD = re.compile(r"^\s*(?:-{2,}\s*Forwarded message\s*-{2,}|Begin forwarded message:|-{2,}\s*Forwarded by)", re.I)
_HEADER = re.compile(r"^\s*(?:From|Sent|To|Cc|Date|Subject|Oddi wrth|Anfonwyd|At|Pwnc)\s*:", re.I)
# The reply says its answers are inline in the quoted request, so quoted lines must be kept.
_INLINE = re.compile(
    r"\b(?:(?:answers?|responses?|replies|comments?|information)\b.{0,40}\b(?:below|in (?:red|blue|bold)|inline|beneath)"
    r"|(?:see|find)\b.{0,30}\bbelow)\b",
    re.I,
)
_SIGNOFF = re.compile(
    r"^\s*(?:kind(?:est)? regards|best regards|warm regards|regards|yours sincerely|yours faithfully|"
    r"many thanks|thanks|best wishes|thanks and regards|with thanks|thank you|cofion(?: gorau)?|yn gywir|"
    r"diolch(?: yn fawr)?)[ ,.!]*$",
    re.I,
)
_PROSE = re.compile(r"^\s*[A-Z][^\t|]*?(?:\s+\S+){5,}[.!?]\s*$")
_GREETING = re.compile(r"^\s*(?:dear|annwyl|hello|hi|good (?:morning|afternoon))\b", re.I)
_DISCLAIMER = re.compile(
    r"intended recipient|this e-?mail (?:and any|is confidential|may contain|has been scanned)|"
    r"confidential and may|legally privileged|virus(?:es)? (?:check|scan)|scanned for viruses|"
    r"communications? (?:may be|are) monitored|please consider the environment|think before you print|"
    r"^\s*disclaimer\b|ymwadiad|cyfrinachol|views expressed in this",
    re.I,
)
_RIGHTS = re.compile(
    r"internal review|information commissioner|wycliffe house|right to (?:complain|appeal|request a review)|"
    r"re-?use (?:of )?(?:the )?information|copyright|open government licence|adolygiad mewnol|comisiynydd gwybodaeth",
    re.I,
)
_LIST = re.compile(
    r"^\s*(?:[-•*▪◦]\s+|\(?(?:q(?:uestion)?|a(?:nswer)?|cwestiwn|ateb)?\s*(\d{1,2})\s*[.):]\s*|"
    r"\(?([a-f])\)\s+|(?:q|question|cwestiwn)\s*(\d{1,2})\b\s*[-–:.]?\s*|"
    r"(?:a|answer|response|reply|ateb|ymateb)\s*(\d{1,2})?\s*[-–:.]\s*)",
    re.I,
)
_ANSWER_PREFIX = re.compile(
    r"^\s*(?:a(?:nswer)?|response|reply|ateb|ymateb)\s*(?:(\d{1,2})\b\s*[-–:.)]?|[-–:.])\s*", re.I
)
_QUESTION_PREFIX = re.compile(r"^\s*(?:q(?:uestion)?|cwestiwn)\s*(\d{1,2})\b\s*[-–:.]?\s*", re.I)
_NUMBER_PREFIX = re.compile(r"^\s*\(?(\d{1,2})\s*[.):](?:\s+|$)")
_INTERROGATIVE = re.compile(
    r"^(?:does|do|is|are|has|have|can|could|how|what|which|whether|please|if so|provide|list|for each|a oes|a yw|faint|pa)\b",
    re.I,
)
_SUBQ = re.compile(r"^\s*(?:\d{1,2}\s*)?\(?([a-f])[).]\s+", re.I)
_SUB_ANSWER = re.compile(
    r"(?:[-–—:\t?]|\s{2,})\s*(?:yes|no|none|nil|n/?a|not applicable|ydym|oes|nac ydym|nac oes)\b", re.I
)
_SUB_ANSWER_DIRECT = re.compile(r"\s*(?:yes|no|none|nil|n/?a|not applicable|ydym|oes|nac ydym|nac oes)\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”)\]]*\s+(?=[\"'“(\[]?[A-Z0-9])")

_TOPIC_WORDS = (
    ("hikvision", re.compile(r"hik\s?-?vision|hilook|hiwatch|ezviz", re.I)),
    ("dahua", re.compile(r"dahua|\bimou\b", re.I)),
    ("other_chinese", re.compile(r"china|chinese|another (?:company|manufacturer)|other (?:makers?|manufacturers?)", re.I)),
    ("models", re.compile(r"\bmodels?\b|model numbers?", re.I)),
    ("count", re.compile(r"how many|number of (?:units|cameras|devices)|\bfaint\b", re.I)),
    (
        "capabilities",
        re.compile(r"capabilit|facial|face|thermal|analytic|demographic|behaviou?r|object detection", re.I),
    ),
    ("in_use", re.compile(r"in use|switched on|enabled|activated|turned on|\bused\b", re.I)),
    ("internet", re.compile(r"internet|\bonline\b|cloud|remote(?:ly)? (?:view|access)", re.I)),
)


@dataclass(frozen=True)
class Unit:
    """One sentence of the body's own words (``role`` "reply") or of a quoted question ("question").

    ``topics`` are the request topics the sentence answers (empty when no question is in force);
    ``lead`` is True for the first sentence of an answer (where a bare "Yes"/"No" is read);
    ``row`` is True for a table row (tab-separated cells: an asset list or a Q/A table).
    """

    start: int
    end: int
    text: str
    role: str
    topics: frozenset[str] = frozenset()
    qnum: int | None = None
    lead: bool = False
    row: bool = False


@dataclass
class Segmented:
    text: str
    units: list[Unit] = field(default_factory=list)
    questions: list[Unit] = field(default_factory=list)
    #: (start, end, role) of every line left out: thread, quoted, header, signature, disclaimer, rights.
    dropped: list[tuple[int, int, str]] = field(default_factory=list)

    def question_for(self, unit: Unit) -> Unit | None:
        """The quoted question a lead answer answers (the last one before it), if any."""
        best = None
        for q in self.questions:
            if q.start >= unit.start:
                break
            best = q
        return best if best is not None and unit.lead and best.topics == unit.topics else None

    def reply_text(self) -> str:
        """The body's own words only (for cue searches that must ignore quotes and boilerplate)."""
        return "\n".join(u.text for u in self.units)

    def dropped_text(self, *roles: str) -> str:
        return "\n".join(self.text[s:e] for s, e, r in self.dropped if not roles or r in roles)


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        out.append((pos, pos + len(body)))
        pos += len(line)
    return out


def _strip_quote(text: str, start: int, end: int) -> tuple[int, bool]:
    """Skip leading '>' quote marks; return the new start and whether the line was quoted."""
    i, quoted = start, False
    while i < end and text[i] in "> \t":
        if text[i] == ">":
            quoted = True
        i += 1
    return (i if quoted else start), quoted


def _topics_of(text: str) -> frozenset[str]:
    return frozenset(name for name, rx in _TOPIC_WORDS if rx.search(text))


def _line_roles(text: str, lines: list[tuple[int, int]]) -> list[str]:
    """Label each line: reply, quoted, thread, header, signature, disclaimer, rights, blank."""
    roles = ["reply"] * len(lines)
    inline = False
    state = "reply"
    for i, (s, e) in enumerate(lines):
        line = text[s:e]
        if not line.strip():
            roles[i] = "blank"
            continue
        if state == "thread":
            roles[i:] = ["thread" if text[a:b].strip() else "blank" for a, b in lines[i:]]
            break
        if _FORWARD.match(line):
            roles[i] = "header"
            state = "forward"
            continue
        is_outlook = _HEADER.match(line) and line.lstrip().lower().startswith(("from:", "oddi wrth:")) and any(
            _HEADER.match(text[a:b]) for a, b in lines[i + 1 : i + 4]
        )
        if state == "forward" and _HEADER.match(line):
            roles[i] = "header"
            continue
        if _CUT.match(line) or is_outlook:
            if inline:
                roles[i] = "header"
                state = "inline_headers"
                continue
            roles[i] = "thread"
            state = "thread"
            continue
        if state == "inline_headers" and _HEADER.match(line):
            roles[i] = "header"
            continue
        if state in ("forward", "inline_headers"):
            state = "reply"
        if state != "signature" and _INLINE.search(line):
            inline = True
        if _GREETING.match(line):
            state = "reply"
        elif state == "signature" and _PROSE.match(line) and not _DISCLAIMER.search(line):
            # A full sentence after a sign-off is not a signature (e.g. the answer under a quoted
            # request that ended "Yours faithfully").
            state = "reply"
        elif _SIGNOFF.match(line) and len(line.strip()) < 40:
            roles[i] = "signature"
            state = "signature"
            continue
        if state == "signature":
            roles[i] = "signature"
            continue
        roles[i] = "quoted" if line.lstrip().startswith(">") else "reply"
    _mark_paragraphs(text, lines, roles)
    return roles


def _mark_paragraphs(text: str, lines: list[tuple[int, int]], roles: list[str]) -> None:
    """Relabel whole paragraphs that are legal disclaimers or the review/ICO rights notice."""
    i = 0
    while i < len(lines):
        if roles[i] == "blank":
            i += 1
            continue
        j = i
        while j < len(lines) and roles[j] != "blank":
            j += 1
        if not any(roles[k] in ("reply", "signature", "quoted") for k in range(i, j)):
            i = j
            continue
        para = text[lines[i][0] : lines[j - 1][1]]
        label, rx = None, None
        if _DISCLAIMER.search(para):
            label, rx = "disclaimer", _DISCLAIMER
        elif _RIGHTS.search(para) and not re.search(r"\bhikvision|\bdahua|camera", para, re.I):
            label, rx = "rights", _RIGHTS
        if label and rx:
            # From the first line that matches to the paragraph's end: a reply line just above a
            # rights notice with no blank line between (common in PDFs) is kept.
            first = next((k for k in range(i, j) if rx.search(text[lines[k][0] : lines[k][1]])), i)
            for k in range(first, j):
                if roles[k] in ("reply", "signature", "quoted"):
                    roles[k] = label
        i = j


def _is_question(body: str, scheme: RequestScheme, numbered: bool) -> tuple[bool, frozenset[str], int | None]:
    q, score = scheme.match(body)
    if score >= 0.75:
        if q is None:
            return True, frozenset(), None
        return True, q.topics, q.number
    stripped = body.strip()
    if stripped.endswith("?") or (numbered and _INTERROGATIVE.match(stripped) and len(stripped) > 25):
        return True, _topics_of(stripped), None
    return False, frozenset(), None


def segment(text: str, *, scheme: RequestScheme | None = None) -> Segmented:
    """Label, join and split ``text`` into :class:`Unit` s (see the module docstring)."""
    scheme = scheme or load_request()
    lines = _lines(text)
    roles = _line_roles(text, lines)
    out = Segmented(text)
    topics: frozenset[str] = frozenset()
    qnum: int | None = None
    para: list[tuple[int, int, bool]] = []  # (start, end, lead) of joined reply lines
    awaiting = False  # a question was quoted and its answer has not started yet

    def flush() -> None:
        for ps, pe, lead in para:
            _emit(text, ps, pe, lead, topics, qnum, out)
        para.clear()

    for i, (s, e) in enumerate(lines):
        role = roles[i]
        if role == "blank":  # a blank line ends a paragraph
            flush()
            continue
        if role not in ("reply", "quoted"):
            if role != "header" or not para:
                flush()
            out.dropped.append((s, e, role))
            if role in ("signature", "rights", "thread"):
                topics, qnum = frozenset(), None
            continue
        s2, quoted = _strip_quote(text, s, e)
        body = text[s2:e]
        row = "\t" in body.strip() or bool(re.search(r"\S(?: {3,}|\s*\|\s*)\S", body) and "|" in body)
        qm = _QUESTION_PREFIX.match(body)
        am = _ANSWER_PREFIX.match(body)
        nm = _NUMBER_PREFIX.match(body)
        content_at = s2 + max((m.end() for m in (qm, am, nm) if m), default=0)
        content = text[content_at:e]
        number = next((int(m.group(1)) for m in (qm, am, nm) if m and m.group(1)), None)
        # A table row "Question<TAB>Answer" or a line "Does ...? Yes" holds both halves.
        qpart, apart = content, ""
        if row:
            cells = [c for c in re.split(r"\t+|\s*\|\s*", content) if c.strip()]
            if len(cells) > 1 and (cells[0].rstrip().endswith("?") or scheme.match(cells[0])[1] >= 0.75):
                cut = content.index(cells[1], content.index(cells[0]) + len(cells[0]))
                qpart, apart = content[:cut], content[cut:]
        elif scheme.match(content)[1] >= 0.75:
            pass
        elif "?" in content[:-1]:
            k = content.rfind("?") + 1
            if content[k:].strip():
                qpart, apart = content[:k], content[k:]
        sm = _SUBQ.match(body)
        if sm and "capabilities" in topics and not am:
            # "a) facial detection or face capture - Yes": a part of question 5, maybe answered.
            flush()
            direct = _SUB_ANSWER_DIRECT.match(body, sm.end())
            if (direct or _SUB_ANSWER.search(body, sm.end())) and not quoted:
                _add(text, s2, e, True, topics, qnum, row, out)
            else:
                out.questions.append(Unit(s2, e, body.strip(), "question", topics, qnum))
            continue
        is_q, qtopics, qn = (False, frozenset(), None)
        if not am:
            is_q, qtopics, qn = _is_question(qpart, scheme, bool(qm or nm))
            if quoted and not is_q and not apart:
                # A quoted line that is not a question is request prose: skip, keep context.
                out.dropped.append((s, e, "quoted"))
                continue
        if is_q:
            flush()
            numbered_q = scheme.by_number(number) if number else None
            if qn is None and numbered_q is not None and (not qtopics or qtopics & numbered_q.topics):
                # "6. For each capability ... is it in use?": too short to match by words; its number
                # and its keywords agree with question 6 of the request.
                qtopics = numbered_q.topics
            topics = qtopics
            qnum = qn or number
            qs = content_at
            out.questions.append(Unit(qs, qs + len(qpart.rstrip()), qpart.strip(), "question", topics, qnum))
            awaiting = True
            if apart.strip():
                a0 = content_at + len(qpart)
                a0 += len(apart) - len(apart.lstrip())
                am2 = _ANSWER_PREFIX.match(text[a0:e])
                if am2:
                    a0 += am2.end()
                para.append((a0, e, True))
                flush()
                awaiting = False
            continue
        if quoted:
            out.dropped.append((s, e, "quoted"))
            continue
        lead = False
        if am or (nm and not is_q) or (qm and not is_q):
            flush()
            if number and (am or nm or qm) and (number != qnum or not topics):
                q = scheme.by_number(number)
                topics = q.topics if q else frozenset()
                qnum = number
            lead = True
            s = content_at
        elif para and (row or _LIST.match(body) or len(text[para[-1][0] : para[-1][1]]) < 50):
            flush()
        elif not para and awaiting:
            lead = True
        awaiting = False
        if para and not lead:
            ps, _pe, plead = para[-1]
            para[-1] = (ps, e, plead)
        else:
            para.append((s, e, lead))
        if row:
            flush()
    flush()
    return out


def segment_parts(parts: list[str], *, scheme: RequestScheme | None = None) -> Segmented:
    """Segment each part (mail body, then each attachment) on its own; offsets are into the parts
    joined by :data:`PART_SEPARATOR`. A signature in the body never swallows an attachment."""
    out = Segmented(PART_SEPARATOR.join(parts))
    offset = 0
    for part in parts:
        seg = segment(part, scheme=scheme)
        shift = offset
        out.units += [_shift(u, shift) for u in seg.units]
        out.questions += [_shift(u, shift) for u in seg.questions]
        out.dropped += [(s + shift, e + shift, r) for s, e, r in seg.dropped]
        offset += len(part) + len(PART_SEPARATOR)
    return out


PART_SEPARATOR = "\n\n"


def _shift(u: Unit, by: int) -> Unit:
    return Unit(u.start + by, u.end + by, u.text, u.role, u.topics, u.qnum, u.lead, u.row)


def _emit(text: str, start: int, end: int, lead: bool, topics, qnum, out: Segmented) -> None:
    chunk = text[start:end]
    row = "\t" in chunk.strip()
    pos = 0
    first = True
    for m in _SENTENCE_END.finditer(chunk):
        _add(text, start + pos, start + m.start(), lead and first, topics, qnum, row, out)
        first = False
        pos = m.end()
    _add(text, start + pos, end, lead and first, topics, qnum, row, out)


def _add(text, s, e, lead, topics, qnum, row, out: Segmented) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.units.append(Unit(s, e, text[s:e], "reply", topics, qnum, lead, row))
