"""Find evidence quotes in a reply's text so the review page can highlight them (pure).

Quotes are stored whitespace-collapsed and possibly cut with an ellipsis (``result.quote``), so each is
found again with a pattern that allows any run of whitespace between its words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    text: str
    fields: tuple[str, ...] = ()  # the codebook fields this stretch of text is evidence for


def _pattern(quote: str) -> re.Pattern[str] | None:
    words = quote.replace("…", " ").split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(w) for w in words))


def segments(text: str, evidence: Mapping[str, Sequence[str]]) -> list[Segment]:
    """Split ``text`` into runs, each tagged with the fields whose evidence covers it."""
    marks: list[set[str]] = [set() for _ in text]
    for field, quotes in evidence.items():
        for quote in quotes:
            pattern = _pattern(quote)
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                for i in range(match.start(), match.end()):
                    marks[i].add(field)
    out: list[Segment] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or marks[i] != marks[start]:
            out.append(Segment(text[start:i], tuple(sorted(marks[start]))))
            start = i
    return out
