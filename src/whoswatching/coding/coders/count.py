"""``camera_count``: the total number of cameras the body states, where it states one.

Read from "N cameras" phrases (digits or words up to ninety-nine, "approximately 40 CCTV cameras") in
the body's own sentences, or "N units" in a sentence that names cameras ("Hikvision cameras, model
DS-2CD2143G2-I, 14 units": the request asks for the number of units of each model). In order: a number marked as the total ("in total", "total of", "altogether",
"Total: 46" in a table); else the parts of one sentence added up ("32 internal and 14 external
cameras" = 46); else the one number stated; when sentences state different numbers, the largest (the others are
usually parts: "40 cameras ... 12 of the cameras are Hikvision"), with a lower confidence. "We have no CCTV" is 0. Numbers of days, pounds, percentages or
hours are never cameras.
"""

from __future__ import annotations

import re

from whoswatching.coding.coders import Reply
from whoswatching.coding.coders.makers import _NO_CCTV
from whoswatching.coding.result import Code

_WORDS = {
    w: i
    for i, w in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
    )
}
_TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_NUM = r"(\d{1,3}(?:,\d{3})*|\d+|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_COUNT = re.compile(
    rf"(?<![£$€\d.,/-])\b{_NUM}\s+(?:x\s+)?(?:of (?:our|the|its|these|which)\s+)?(?:(?!(?:and|or|of|with|in|at|on|per|sites?|buildings?)\b)[A-Za-z][\w-]*\s+){{0,3}}?"
    r"(?:cctv\s+)?(?:cameras?|camerâu|gamerâu|chamerâu|camera units)\b(?!\s+(?:records?|footage|systems?|locations?|sites?|images?))",
    re.I,
)
# "cameras (62 in total)", "cameras - total 62"
_COUNT_AFTER = re.compile(
    rf"\bcameras?\b[^.;]{{0,12}}?\(?\s*{_NUM}\s+in total\b|\b(?:total )?(?:number|no\.?) of (?:cctv )?cameras?\s*[:\t|=–—-]\s*{_NUM}\b",
    re.I,
)
# "32 internal and 14 external cameras": the parts of one count, added up.
_PAIR = re.compile(rf"\b{_NUM}\s+([a-z-]+)\s+(?:and|&|plus)\s+{_NUM}\s+(?:[a-z-]+\s+)?(?:cctv\s+)?cameras?\b", re.I)
# "14 units" in a sentence that names cameras (the request asks for "the number of units of each model")
_UNITS = re.compile(rf"(?<![£$€\d.,/-])\b{_NUM}\s+(?:camera\s+)?units?\b(?!\s+of\s+(?:storage|recorders?|nvrs?|dvrs?))", re.I)
_CAMERA_WORD = re.compile(r"\bcameras?\b", re.I)
_TOTAL = re.compile(r"\b(?:in total|total(?: of)?|altogether|overall|all together|combined|cyfanswm)\b", re.I)
_TOTAL_ROW = re.compile(rf"^\s*(?:total|cyfanswm)[^\t\d]*[\t:|]\s*{_NUM}\s*$", re.I)
_TYPED_ONE = re.compile(r"^\S+\s+(?!(?:cctv|security|surveillance|external|internal|camera)\b)[a-z]", re.I)
_IF = re.compile(r"\b(?:whether|if|would|could|up to|plans? to|intends? to)\b[^.;]*$", re.I)
_NOT_CAMERAS = re.compile(r"^\s*(?:days?|working|hours?|%|per ?cent|years?|months?|weeks?|minutes?)\b", re.I)
_ANSWER_NUM = re.compile(rf"^\W*(?:approximately|approx\.?|around|about|roughly|c\.|circa)?\s*{_NUM}\b(?!\s*(?:%|days?|hours?|£))", re.I)


def _value(token: str) -> int | None:
    t = token.lower().replace(",", "")
    if t.isdigit():
        return int(t)
    if t in _WORDS:
        return _WORDS[t]
    parts = re.split(r"[- ]", t)
    if parts[0] in _TENS:
        return _TENS[parts[0]] + (_WORDS.get(parts[1], 0) if len(parts) > 1 else 0)
    return None


def code(reply: Reply, decided) -> list[Code]:
    totals: list[tuple[int, tuple[int, int]]] = []
    sentence_sums: list[tuple[int, tuple[int, int]]] = []
    zero: tuple[int, int] | None = None
    for unit in reply.seg.units:
        text = unit.text
        span = (unit.start, unit.end)
        m = _TOTAL_ROW.match(text) if unit.row else None
        if m:
            v = _value(m.group(1))
            if v is not None:
                totals.append((v, span))
                continue
        values: list[int] = []
        marked = None
        for m in _COUNT.finditer(text):
            if _IF.search(text[max(0, m.start() - 40) : m.start()]):
                continue
            v = _value(m.group(1))
            if v is None:
                continue
            if v == 1 and _TYPED_ONE.search(m.group(0)):
                # "one Dahua thermal camera": a specialist device beside the system, not its total.
                continue
            values.append(v)
            before = re.split(r"[;.:]", text[max(0, m.start() - 30) : m.start()])[-1]
            after = re.split(r"[;.,]", text[m.end() : m.end() + 15])[0]
            if marked is None and _TOTAL.search(before + m.group(0) + after):
                marked = v
        if not values and _CAMERA_WORD.search(text):
            # "uses Hikvision cameras, model DS-2CD2143G2-I, 14 units": units of the cameras the sentence names
            for m in _UNITS.finditer(text):
                v = _value(m.group(1))
                if v is not None and not _IF.search(text[max(0, m.start() - 40) : m.start()]):
                    values.append(v)
        mp = _PAIR.search(text)
        if mp and _value(mp.group(1)) is not None and _value(mp.group(3)) is not None:
            values = [_value(mp.group(1)) + _value(mp.group(3))]  # type: ignore[operator]
        ma = _COUNT_AFTER.search(text)
        if ma and _value(ma.group(1) or ma.group(2)) is not None:
            marked = _value(ma.group(1) or ma.group(2))
        if marked is not None:
            totals.append((marked, span))
        elif values:
            sentence_sums.append((sum(values) if len(values) > 1 and " and " in text else max(values), span))
        elif "count" in unit.topics and unit.lead:
            m = _ANSWER_NUM.match(text)
            if m and _value(m.group(1)) is not None and not _NOT_CAMERAS.match(text[m.end() :]):
                sentence_sums.append((_value(m.group(1)), span))  # type: ignore[arg-type]
        if _NO_CCTV.search(text) and not values:
            zero = span
    if totals:
        distinct = {v for v, _ in totals}
        if len(distinct) == 1:
            return [Code("camera_count", totals[0][0], 0.9, tuple(s for _, s in totals))]
        return [Code("camera_count", max(distinct), 0.5, tuple(s for _, s in totals))]
    if sentence_sums:
        distinct = {v for v, _ in sentence_sums}
        if len(distinct) == 1:
            return [Code("camera_count", sentence_sums[0][0], 0.85, tuple(s for _, s in sentence_sums))]
        return [Code("camera_count", max(distinct), 0.6, tuple(s for v, s in sentence_sums if v == max(distinct)))]
    if zero is not None:
        return [Code("camera_count", 0, 0.8, (zero,))]
    return [Code("camera_count", None, 0.75)]
