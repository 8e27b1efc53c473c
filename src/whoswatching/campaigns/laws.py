"""Per-law facts (time limits, working-day definition, reviews, complaints) from ``data/laws/*.yml``.

Each file cites the section it encodes; rules that changed over time are listed as dated
``versions`` (e.g. FOISA's 60-working-day limit of 7 April - 26 May 2020).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

LAWS_DIR = Path(__file__).parent / "data" / "laws"
LAWS = ("foia", "foisa", "eir", "eisr")


class UnknownLawError(ValueError):
    pass


@dataclass(frozen=True)
class LawVersion:
    start: date
    end: date | None
    working_days: int
    citation: str = ""


@dataclass(frozen=True)
class LawRules:
    law: str
    title: str
    working_day: str
    citation_time_limit: str
    citation_working_day: str
    source_url: str
    versions: tuple[LawVersion, ...]
    raw: dict = field(repr=False, compare=False, hash=False, default_factory=dict)

    def section(self, name: str) -> dict | None:
        return self.raw.get(name)

    def base_version(self) -> LawVersion:
        """The open-ended version in force today (the one without an end date)."""
        return next(v for v in self.versions if v.end is None)

    def temporary_versions(self) -> tuple[LawVersion, ...]:
        return tuple(v for v in self.versions if v.end is not None)


@lru_cache(maxsize=8)
def law_rules(law: str) -> LawRules:
    """Load one law's facts; ``law`` is ``foia``, ``foisa``, ``eir`` or ``eisr``."""
    key = (law or "").strip().lower()
    if key not in LAWS:
        raise UnknownLawError(f"unknown law {law!r}; expected one of: {', '.join(LAWS)}")
    raw = yaml.safe_load((LAWS_DIR / f"{key}.yml").read_text(encoding="utf-8"))
    versions = tuple(
        LawVersion(
            start=date.fromisoformat(str(v["from"])),
            end=date.fromisoformat(str(v["to"])) if v.get("to") else None,
            working_days=int(v["working_days"]),
            citation=v.get("citation", raw["citation_time_limit"]),
        )
        for v in raw["versions"]
    )
    return LawRules(
        law=key,
        title=raw["title"],
        working_day=raw["working_day"],
        citation_time_limit=raw["citation_time_limit"],
        citation_working_day=raw["citation_working_day"],
        source_url=raw["source_url"],
        versions=versions,
        raw=raw,
    )
