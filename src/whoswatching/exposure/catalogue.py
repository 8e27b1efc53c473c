"""The exposure domain's view of the catalogue: brand -> maker (by evidence grade), MAC -> maker, CVEs.

Only this module talks to :mod:`whoswatching.catalog`. Both classifiers (Python and SQL) resolve
through the same :class:`Resolver`: the SQL engines receive its answers as constant maps in the
query (every counted brand, every maker's MAC blocks) and a small table (the distinct
maker/model/firmware triples seen), so the two paths cannot drift apart.

Brand rule (catalog contract): a brand whose OEM evidence grade is ``weak`` is reported as the
brand seen and never counted under a maker. Maker names and aliases count as their own brand.
Confidence factors: a maker inferred from a ``medium`` brand is scaled by 0.85, from a MAC prefix
by 0.8 (an OUI names the NIC registrant, not necessarily the box).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

GRADE_FACTOR = {"own": 1.0, "strong": 1.0, "medium": 0.85}
OUI_FACTOR = 0.8
STATUS_ORDER = ("affected", "likely", "unknown", "not_affected")


def brand_key(brand: str | None) -> str | None:
    return brand.strip(" ").lower() or None if brand else None


def mac_key(mac: str | None) -> str | None:
    if not mac:
        return None
    hexdigits = "".join(ch for ch in mac.upper() if ch in "0123456789ABCDEF")
    return hexdigits if len(hexdigits) == 12 else None


@dataclass(frozen=True)
class CveSummary:
    """The CVE position of one maker/model/firmware: worst status, KEV flag, and the matches."""

    status: str | None
    known_exploited: bool
    cves: tuple[dict[str, object], ...] = ()


@dataclass
class Resolver:
    """Catalogue lookups with memoisation; one per run."""

    catalog: Any  # whoswatching.catalog.Catalog (imported lazily: the catalogue loads data files)
    brands: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (maker, grade)
    weak: set[str] = field(default_factory=set)
    _oui: dict[str, str | None] = field(default_factory=dict)
    _cve: dict[tuple[str | None, str | None, str | None], CveSummary] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for brand in self.catalog.brands.values():
            for name in (brand.name, *getattr(brand, "aliases", ())):
                key = brand_key(name)
                if key and brand.counts_as_maker:
                    self.brands[key] = (brand.maker, brand.grade)
                elif key:
                    self.weak.add(key)
        for maker in self.catalog.makers.values():
            for name in (maker.name, *maker.aliases):
                key = brand_key(name)
                if key:
                    self.brands[key] = (maker.name, "own")
                    self.weak.discard(key)

    def brand_maker(self, brand: str | None) -> tuple[str, str] | None:
        key = brand_key(brand)
        return self.brands.get(key) if key else None

    def oui_maker(self, mac: str | None) -> str | None:
        """Maker of a MAC's registered block. Blocks are at most 36 bits (MA-S), so the first nine hex
        digits decide (the SQL engines look the blocks up themselves: :meth:`oui_blocks`)."""
        key = mac_key(mac)
        return None if key is None else self.prefix_maker(key[:9])

    def prefix_maker(self, prefix9: str) -> str | None:
        if prefix9 not in self._oui:
            self._oui[prefix9] = self.catalog.oui_maker(prefix9 + "000")
        return self._oui[prefix9]

    def oui_blocks(self) -> list[tuple[str, str]]:
        """Every MAC block registered to a maker, (hex digits, maker), for the SQL engines' MAC lookup."""
        return self.catalog.oui_blocks()

    def cve(self, maker: str | None, model: str | None, firmware: str | None) -> CveSummary:
        """Worst CVE status for a device; unknown firmware is never 'affected' (catalogue rule)."""
        if maker is None:
            return CveSummary(None, False)
        key = (maker, model, firmware)
        if key not in self._cve:
            matches = [m for m in self.catalog.cve_status(maker, model, firmware) if m.status != "not_affected"]
            statuses = {m.status for m in matches}
            worst = next((s for s in STATUS_ORDER if s in statuses), "not_affected")
            kev = any(m.known_exploited for m in matches if m.status in ("affected", "likely"))
            cves = tuple({"id": m.cve_id, "status": m.status, "known_exploited": m.known_exploited,
                          "reason": m.reason} for m in matches)
            self._cve[key] = CveSummary(worst, kev, cves)
        return self._cve[key]


@cache
def resolver() -> Resolver:
    from whoswatching.catalog import load_catalog

    return Resolver(load_catalog())
