"""The catalogue as one immutable, indexed object: makers, brands, capabilities, models, CVEs, OUIs.

Built once by :func:`whoswatching.catalog.load_catalog` and cached; every lookup is a dictionary hit or a
short regex scan, so callers (the coder, the exposure fingerprinting) can call it per row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from whoswatching.catalog import cves as _cves
from whoswatching.catalog.firmware import Firmware
from whoswatching.catalog.identify import ModelIndex, Suggestion, normalise_model
from whoswatching.catalog.schema import (
    Brand,
    Capability,
    CapabilityDetail,
    Cve,
    CveMatch,
    Fact,
    Identification,
    Maker,
    ModelPattern,
    OuiRow,
    ProductLine,
)

if TYPE_CHECKING:
    from whoswatching.catalog.load import Sources

LEGAL_FORMS = ("privatelimited", "coltd", "colimited", "limited", "ltd", "incorporated", "inc", "corporation", "corp",
          "gmbh", "ag", "ab", "plc", "llc", "co")


def name_key(name: str) -> str:
    """Lookup key of a company or brand name: case, spaces, punctuation and legal suffixes ignored.

    ``"Hangzhou Hikvision Digital Technology Co.,Ltd."`` and ``"HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD"``
    share a key, as do ``"Ezviz"`` and ``"EZVIZ"``.
    """
    key = re.sub(r"[^0-9a-z]", "", name.casefold().replace("&", "and"))
    changed = True
    while changed and key:
        changed = False
        for suffix in LEGAL_FORMS:
            if key.endswith(suffix) and len(key) > len(suffix) + 2:
                key = key[: -len(suffix)]
                changed = True
                break
    return key


def mac_prefix(mac: str) -> str | None:
    """The 24-bit OUI of a MAC address in any common notation, as ``"C0:56:E3"``; None if not a MAC."""
    if re.search(r"[^0-9a-fA-F:.\-\s]", mac):
        return None
    digits = re.sub(r"[^0-9a-fA-F]", "", mac)
    if not 6 <= len(digits) <= 16:  # an OUI alone (6) up to EUI-64 (16)
        return None
    d = digits[:6].upper()
    return f"{d[0:2]}:{d[2:4]}:{d[4:6]}"


@dataclass(frozen=True)
class Attribution:
    """Who is behind a name found in a reply: a maker directly, or through a brand or a subsidiary."""

    name: str
    maker: str
    via: str  # "maker" | "brand" | "subsidiary"
    brand: str | None = None
    relation: str | None = None
    grade: str | None = None

    @property
    def counts_as_maker(self) -> bool:
        return self.via != "brand" or self.grade != "weak"


class Catalog:
    """Immutable, indexed catalogue. Build it with ``load_catalog()``, not directly."""

    def __init__(
        self,
        *,
        makers: Mapping[str, Maker],
        brands: Mapping[str, Brand],
        capabilities: Mapping[str, Capability],
        capability_details: Mapping[str, CapabilityDetail],
        product_lines: Mapping[str, ProductLine],
        models: ModelIndex,
        cves: tuple[Cve, ...],
        facts: tuple[Fact, ...],
        oui: tuple[OuiRow, ...],
    ):
        self.makers: Mapping[str, Maker] = MappingProxyType(dict(makers))
        self.brands: Mapping[str, Brand] = MappingProxyType(dict(brands))
        self.capabilities: Mapping[str, Capability] = MappingProxyType(dict(capabilities))
        self.capability_details: Mapping[str, CapabilityDetail] = MappingProxyType(dict(capability_details))
        self.product_lines: Mapping[str, ProductLine] = MappingProxyType(dict(product_lines))
        self.models = models
        self.cves = cves
        self.facts = facts
        self.oui = oui
        self._maker_keys: dict[str, str] = {}
        self._subsidiary_keys: dict[str, str] = {}
        for m in self.makers.values():
            for n in (m.name, *m.aliases):
                self._maker_keys.setdefault(name_key(n), m.name)
            for sub in m.subsidiaries:
                for n in (sub.name, *sub.aliases):
                    self._subsidiary_keys.setdefault(name_key(n), m.name)
        self._brand_keys: dict[str, str] = {}
        for b in self.brands.values():
            for n in (b.name, *b.aliases):
                self._brand_keys.setdefault(name_key(n), b.name)
        self._line_keys = {name_key(n): pl.name for pl in self.product_lines.values() for n in (pl.name, *pl.aliases)}
        self._oui: dict[str, str] = {}
        for row in oui:
            maker = self.maker_for_organisation(row.organisation)
            if maker is not None:
                self._oui[row.prefix.upper()] = maker

    @classmethod
    def from_sources(cls, src: Sources) -> Catalog:
        facts_by_maker: dict[str, list[Fact]] = {}
        for fact in src.facts:
            for name in fact.makers:
                facts_by_maker.setdefault(name, []).append(fact)
        makers = {m.name: m.model_copy(update={"facts": tuple(facts_by_maker.get(m.name, ()))}) for m in src.makers}
        details = {d.name: d for d in src.details}
        caps = {
            c.name: c.model_copy(update={"details": tuple(d.name for d in src.details if d.parent == c.name)})
            for c in src.capabilities
        }
        lines = {pl.name: pl for pl in src.product_lines}
        return cls(
            makers=makers,
            brands={b.name: b for b in src.brands},
            capabilities=caps,
            capability_details=details,
            product_lines=lines,
            models=ModelIndex(src.patterns, src.suffixes, lines, details),
            cves=tuple(sorted(src.cves, key=lambda c: c.id)),
            facts=tuple(src.facts),
            oui=tuple(src.oui),
        )

    # --- names ---------------------------------------------------------------------------------------------

    def find_maker(self, name: str) -> Maker | None:
        """The maker called ``name`` (canonical name or alias, any case/punctuation), or None."""
        canonical = self._maker_keys.get(name_key(name)) if name else None
        return self.makers[canonical] if canonical else None

    def find_brand(self, name: str) -> Brand | None:
        """The brand called ``name`` (case-insensitive, aliases included), or None. Makers are not brands."""
        canonical = self._brand_keys.get(name_key(name)) if name else None
        return self.brands[canonical] if canonical else None

    def find_product_line(self, name: str) -> ProductLine | None:
        canonical = self._line_keys.get(name_key(name)) if name else None
        return self.product_lines[canonical] if canonical else None

    def maker_for_organisation(self, name: str) -> str | None:
        """Canonical maker of a company name: the maker itself or one of its subsidiaries (OUI registrants)."""
        key = name_key(name)
        return self._maker_keys.get(key) or self._subsidiary_keys.get(key)

    def attribute(self, name: str) -> Attribution | None:
        """Resolve any name a reply may use (maker, brand, subsidiary) to the maker behind it."""
        if (maker := self.find_maker(name)) is not None:
            return Attribution(name=name, maker=maker.name, via="maker")
        if (brand := self.find_brand(name)) is not None:
            return Attribution(name=name, maker=brand.maker, via="brand", brand=brand.name,
                               relation=brand.relation, grade=brand.grade)
        if (sub := self._subsidiary_keys.get(name_key(name))) is not None:
            return Attribution(name=name, maker=sub, via="subsidiary")
        return None

    def brands_of(self, maker: str) -> list[Brand]:
        return [b for b in self.brands.values() if b.maker == maker]

    # --- models --------------------------------------------------------------------------------------------

    @staticmethod
    def normalise_model(text: str) -> str:
        return normalise_model(text)

    def identify(self, model: str) -> Identification | None:
        """Maker, product line, kind and marketed capabilities of a model number, or None.

        A leading maker or brand word ("Hikvision DS-2CD2143G2-I", "Dahua IPC-HFW2431S") is dropped
        when the whole text matches no pattern.
        """
        ident = self.models.identify(model)
        if ident is None and model:
            first, _, rest = model.strip().partition(" ")
            if rest and self.attribute(first) is not None:
                ident = self.models.identify(rest)
        brand = self.brands.get(ident.brand) if ident is not None and ident.brand else None
        if ident is None or brand is None:
            return ident
        # A brand's pattern names the maker only as strongly as the brand's evidence grade allows.
        return ident.model_copy(update={
            "maker": ident.made_by if brand.counts_as_maker else None,
            "brand_relation": brand.relation,
            "brand_grade": brand.grade,
        })

    def suggest(self, model: str, *, limit: int = 3) -> list[Suggestion]:
        return self.models.suggest(model, limit=limit)

    @property
    def patterns(self) -> tuple[ModelPattern, ...]:
        return self.models.patterns

    def capability_keywords(self) -> dict[str, tuple[str, ...]]:
        """Capability and detail name -> keywords, for the coder."""
        out = {c.name: c.keywords for c in self.capabilities.values()}
        out.update({d.name: d.keywords for d in self.capability_details.values()})
        return out

    # --- network -------------------------------------------------------------------------------------------

    def oui_blocks(self) -> list[tuple[str, str]]:
        """Every registered block that names a maker, as (hex digits of the block, maker): 6 digits for
        an MA-L, 7 for an MA-M (/28), 9 for an MA-S (/36), unique by the three forms oui.csv allows.
        The SQL engines look MACs up in these."""
        blocks = []
        for key, maker in self._oui.items():
            hexes, _, bits = key.partition("/")
            blocks.append((re.sub(r"[^0-9A-F]", "", hexes)[: int(bits or 24) // 4], maker))
        return blocks

    def oui_maker(self, mac: str) -> str | None:
        """Canonical maker registered for a MAC address's prefix (IEEE registry via oui.csv), or None.

        An OUI names the network card's registrant: OEM units often keep the maker's OUI, but not always.
        An MA-L registration decides first; otherwise the most specific MA-S/MA-M block that holds the MAC.
        """
        prefix = mac_prefix(mac)
        if prefix is None:
            return None
        if prefix in self._oui:
            return self._oui[prefix]
        digits = re.sub(r"[^0-9A-F]", "", mac.upper())
        held = [(len(block), maker) for block, maker in self.oui_blocks() if len(block) > 6 and digits.startswith(block)]
        return max(held)[1] if held else None

    # --- CVEs ----------------------------------------------------------------------------------------------

    def cves_of(self, maker: str) -> list[Cve]:
        canonical = self.find_maker(maker)
        return [c for c in self.cves if canonical is not None and c.maker == canonical.name]

    def cve_status(self, maker: str, model: str | None, firmware: str | Firmware | None) -> list[CveMatch]:
        """Status of each of the maker's CVEs for one device; unknown firmware is never ``affected``.

        ``maker`` may be a maker, an alias or a brand ("Amcrest" -> Dahua's CVEs, the Amcrest ones among
        them). An unknown maker gives an empty list.
        """
        who = self.attribute(maker) if maker else None
        if who is None and model:
            ident = self.identify(model)
            who = Attribution(name=model, maker=ident.maker, via="maker") if ident and ident.maker else None
        if who is None:
            return []
        return _cves.cve_status(self.cves, maker=who.maker, model=model, firmware=firmware)

    def facts_about(self, maker: str | None = None, *, topic: str | None = None) -> list[Fact]:
        m = self.find_maker(maker) if maker else None
        return [
            f for f in self.facts
            if (maker is None or (m is not None and m.name in f.makers)) and (topic is None or f.topic == topic)
        ]
