"""Model numbers: normalise them, and identify maker, product line and capabilities from patterns.

The codebook (``models`` field) fixes the normal form: upper case, no spaces. Patterns are regular
expressions over that form, tried in descending ``priority`` (then longest regex first), and a maker's
suffix rules add what a model-number fragment is publicly known to mean.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from whoswatching.catalog.schema import CapabilityDetail, Identification, ModelPattern, ProductLine, Suffix

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"), "-")
_LENS = re.compile(r"\((\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?MM)\)$")
_EDGE = " \t\r\n\"'`.,;:!?[]{}<>"


def normalise_model(text: str) -> str:
    """Normal form of a model number: upper case, no whitespace, ASCII hyphens, no trailing lens spec.

    ``" ds-2cd2143g2-i "`` -> ``"DS-2CD2143G2-I"``; ``"DS-2CD2143G2-I (2.8mm)"`` -> ``"DS-2CD2143G2-I"``.
    Parentheses that are part of the model (``DS-2DE3404W-DE(T5)``) are kept.
    """
    model = re.sub(r"\s+", "", text.translate(_DASHES)).upper().strip(_EDGE)
    return _LENS.sub("", model).rstrip("-")


@dataclass(frozen=True)
class Suggestion:
    """A near miss for a model no pattern matches."""

    maker: str
    pattern: str
    example: str
    score: float


class ModelIndex:
    """The compiled patterns and suffix rules, in match order."""

    def __init__(
        self,
        patterns: Iterable[ModelPattern],
        suffixes: Mapping[str, Sequence[Suffix]],
        product_lines: Mapping[str, ProductLine],
        details: Mapping[str, CapabilityDetail],
    ):
        ordered = sorted(patterns, key=lambda p: (-p.priority, -len(p.regex), p.id))
        self.patterns: tuple[ModelPattern, ...] = tuple(ordered)
        self._compiled = tuple((p, re.compile(p.regex, re.IGNORECASE)) for p in ordered)
        self._suffixes = {
            maker: tuple((s, re.compile(s.regex, re.IGNORECASE)) for s in rules) for maker, rules in suffixes.items()
        }
        self._lines = product_lines
        self._details = details
        self._cache: dict[str, Identification | None] = {}

    def match(self, model: str) -> ModelPattern | None:
        """The first pattern that matches the normalised model, or None."""
        for pattern, rx in self._compiled:
            if rx.match(model):
                return pattern
        return None

    def identify(self, text: str) -> Identification | None:
        """What the catalogue knows about a model number, or None when no pattern matches (memoised)."""
        model = normalise_model(text)
        if not model:
            return None
        if model not in self._cache:
            if len(self._cache) >= 100_000:  # a scan of junk strings must not grow it without bound
                self._cache.clear()
            self._cache[model] = self._identify(model)
        return self._cache[model]

    def _identify(self, model: str) -> Identification | None:
        pattern = self.match(model)
        if pattern is None:
            return None
        hits = [s for s, rx in self._suffixes.get(pattern.maker, ()) if rx.search(model)]
        line_name = pattern.product_line or next((s.product_line for s in hits if s.product_line), None)
        line = self._lines.get(line_name) if line_name else None
        details = _unique([*pattern.capability_details, *(d for s in hits for d in s.capability_details)])
        # A line named by the pattern itself brings what the line is marketed with; a line inferred from a
        # suffix convention brings only the suffix's own details (it may not hold for every model).
        marketed = line if line is not None and pattern.product_line else None
        if marketed is not None:
            details = _unique([*details, *marketed.capability_details])
        parents = [self._details[d].parent for d in details if d in self._details]
        caps = _unique([*pattern.capabilities, *(marketed.capabilities if marketed else ()), *(p for p in parents if p)])
        notes = [f"{s.id}: {s.meaning}" for s in hits]
        if marketed is not None:
            notes.append(
                f"capabilities are those the {marketed.name} line is marketed with ({marketed.source}); "
                "they say what the product can do, not what a body has switched on"
            )
        return Identification(
            model=model,
            maker=pattern.maker,
            made_by=pattern.maker,
            brand=pattern.brand,
            product_line=line_name,
            kind=pattern.kind,
            series=pattern.series,
            capabilities=tuple(caps),
            capability_details=tuple(details),
            features=tuple(_unique(f for s in hits for f in s.features)),
            pattern=pattern.id,
            suffixes=tuple(s.id for s in hits),
            source_urls=tuple(
                _unique([pattern.source_url, *(s.source_url for s in hits), *([line.source_url] if line else [])])
            ),
            notes=tuple(notes),
        )

    def suggest(self, text: str, *, limit: int = 3) -> list[Suggestion]:
        """The patterns whose examples look most like ``text`` (for "did you mean" errors)."""
        model = normalise_model(text)
        best: dict[str, Suggestion] = {}
        for pattern in self.patterns:
            for example in pattern.examples:
                ex = normalise_model(example)
                score = difflib.SequenceMatcher(None, model, ex).ratio()
                # a shared prefix is what model families share: weigh it in
                prefix = len(_common_prefix(model, ex)) / max(len(ex), 1)
                score = round(0.6 * score + 0.4 * prefix, 3)
                if pattern.id not in best or score > best[pattern.id].score:
                    best[pattern.id] = Suggestion(pattern.maker, pattern.id, example, score)
        return sorted(best.values(), key=lambda s: -s.score)[:limit]


def _common_prefix(a: str, b: str) -> str:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return a[:n]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
