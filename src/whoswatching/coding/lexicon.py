"""The names the coder looks for, compiled once from the catalogue.

Maker names and aliases, brand names and aliases (with the maker, relation and evidence grade the
catalogue gives them) and a model-number shape whose candidates the catalogue identifies. Built once per
process (:func:`load_lexicon` is cached), so coding a reply never reloads the catalogue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from whoswatching.catalog import Catalog, load_catalog

#: Misspellings and product names seen in replies that mean the maker itself (not in the catalogue,
#: which lists legal names and official aliases). Hik-Connect and DMSS are the makers' own apps.
EXTRA_MAKER_NAMES = {
    "Hikvision": ("Hikvison", "Hikivision", "Hikvission", "Hik-Connect", "HikCentral", "iVMS-4200"),
    "Dahua": ("Dahau", "DMSS", "SmartPSS"),
}
#: Names matched only with the exact capitals given (common words or short acronyms).
_CASE_SENSITIVE_MAX = 4
_COMMON_WORDS = frozenset({"hills", "luma", "swann", "das", "hik", "lts", "tvt", "unv", "sony"})


@dataclass(frozen=True)
class Name:
    """What a matched name stands for: a maker, or a brand of a maker."""

    text: str
    maker: str
    chinese: bool
    brand: str | None = None
    relation: str | None = None
    grade: str | None = None


@dataclass(frozen=True)
class Lexicon:
    catalog: Catalog
    names: dict[str, Name]  # lower-cased name -> Name
    pattern: re.Pattern[str]  # case-insensitive names
    exact: re.Pattern[str] | None  # case-sensitive names
    _identified: dict[str, tuple[str, Any]] = field(default_factory=dict, compare=False, repr=False)

    def identify(self, token: str) -> tuple[str, Any]:
        """(normalised model number, catalogue Identification or None), cached per token."""
        hit = self._identified.get(token)
        if hit is None:
            norm = self.catalog.normalise_model(token)
            hit = (norm, self.catalog.identify(norm))
            if len(self._identified) < 100_000:
                self._identified[token] = hit
        return hit

    def find(self, text: str) -> list[tuple[int, int, Name]]:
        """Every maker or brand name in ``text`` as (start, end, Name), in order, not overlapping."""
        hits = [(m.start(), m.end(), self.names[_key(m.group(0))]) for m in self.pattern.finditer(text)]
        if self.exact is not None:
            for m in self.exact.finditer(text):
                if not any(s <= m.start() < e for s, e, _ in hits):
                    hits.append((m.start(), m.end(), self.names[_key(m.group(0))]))
        hits.sort(key=lambda h: h[0])
        return hits


def _key(text: str) -> str:
    return " ".join(text.split()).lower()


def _alternation(names: list[str]) -> str:
    parts = []
    for n in sorted(names, key=len, reverse=True):
        parts.append(r"\s+".join(re.escape(w) for w in n.split()))
    return "|".join(parts)


def build_lexicon(catalog: Catalog) -> Lexicon:
    names: dict[str, Name] = {}
    for maker in catalog.makers.values():
        for text in (maker.name, *maker.aliases, *EXTRA_MAKER_NAMES.get(maker.name, ())):
            names.setdefault(_key(text), Name(text, maker.name, maker.chinese))
    for brand in catalog.brands.values():
        maker = catalog.makers.get(brand.maker)
        chinese = bool(maker and maker.chinese)
        for text in (brand.name, *brand.aliases):
            if _key(text) in names:
                continue
            names[_key(text)] = Name(text, brand.maker, chinese, brand.name, brand.relation, brand.grade)
    loose, exact = [], []
    for key, name in names.items():
        if len(key) <= _CASE_SENSITIVE_MAX or key in _COMMON_WORDS:
            exact.append(name.text)
        else:
            loose.append(name.text)
    pattern = re.compile(rf"(?<![\w-])(?:{_alternation(loose)})(?![\w])", re.I)
    exact_rx = re.compile(rf"(?<![\w-])(?:{_alternation(exact)})(?![\w])") if exact else None
    return Lexicon(catalog, names, pattern, exact_rx)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The lexicon of the shipped catalogue (cached for the process)."""
    return build_lexicon(load_catalog())
