"""Pydantic schemas of the catalogue's data files and of the objects the catalogue hands out.

Every file under ``catalog/data/`` is validated row by row against one of these models when it is
loaded (strict: unknown keys are an error, so a typo in a YAML key never goes unnoticed). The same
models are the public, immutable objects of :class:`whoswatching.catalog.Catalog`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Relation = Literal["own", "oem"]
Grade = Literal["strong", "medium", "weak"]
Kind = Literal[
    "camera", "ptz", "thermal", "nvr", "dvr", "xvr", "encoder", "intercom", "storage", "access_control",
    "software", "doorbell", "other",
]
CveStatus = Literal["affected", "likely", "unknown", "not_affected"]


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:  # pydantic reports ValueError as a validation error; re.error is not one
        raise ValueError(f"not a valid regex: {exc}") from None
    return value


class Record(BaseModel):
    """Base of every data row: frozen, and strict about unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Fact(Record):
    """One sourced statement about a maker: ownership, a ban, an investigation, an incident."""

    id: str
    makers: tuple[str, ...]
    topic: Literal["ownership", "ban", "investigation", "human_rights", "security", "market", "other"]
    date: dt.date | None = None
    text: str
    source: str = Field(description="where the catalogue got it: a seed section and footnote, or a URL title")
    source_url: str
    after_seed: bool = Field(False, description="happened after the seed report (7 Feb 2022)")


class Subsidiary(Record):
    """A company a maker owns or controls that registers MAC prefixes or sells products."""

    name: str
    aliases: tuple[str, ...] = ()
    note: str = ""
    source_url: str


class Maker(Record):
    """A manufacturer of cameras or recorders. ``facts`` is filled in by the loader from facts.yml."""

    name: str
    aliases: tuple[str, ...] = ()
    country: str = Field(description="ISO 3166-1 alpha-2 code of the head office")
    chinese: bool
    state_owned: bool | None = Field(None, description="state-linked shareholding per a cited fact; None = not assessed")
    website: str = ""
    subsidiaries: tuple[Subsidiary, ...] = ()
    source_url: str
    facts: tuple[Fact, ...] = ()


class Brand(Record):
    """A label sold by, or made by, a maker, with the strength of the evidence for the link."""

    name: str
    maker: str
    relation: Relation
    grade: Grade
    evidence: str
    source_url: str
    aliases: tuple[str, ...] = ()
    scope: str = Field("", description="which part of the brand's range the link covers, e.g. 'IP lines'")
    other_makers: tuple[str, ...] = Field((), description="other makers the evidence names for a mixed range")
    manufacturer_text: str = Field("", description="the source row's manufacturer cell, verbatim")

    @property
    def counts_as_maker(self) -> bool:
        """A weak link never stands in for the maker on its own (codebook: ``oem_brands``)."""
        return self.grade != "weak"


class BrandOverride(Record):
    """brands.yml: additions to an oem_brands.csv row (aliases, the canonical name) or a new brand."""

    row: str = Field(description="the brand cell of oem_brands.csv this row amends, or a new brand's name")
    name: str | None = None
    aliases: tuple[str, ...] = ()
    scope: str | None = None
    relation: Relation | None = None
    note: str = ""


class CapabilityDetail(Record):
    """A specific analytic (``anpr``, ``heat_map``...) kept in ``capability_details``."""

    name: str
    label: str
    parent: str | None = Field(description="the codebook capability it counts under, or None")
    keywords: tuple[str, ...] = ()


class Capability(Record):
    """One of the codebook's ``capabilities_present`` values."""

    name: str
    label: str
    definition: str
    keywords: tuple[str, ...] = ()
    details: tuple[str, ...] = ()


class ProductLine(Record):
    """A marketed product line and the analytics it is marketed with (never built by us)."""

    name: str
    maker: str
    aliases: tuple[str, ...] = ()
    description: str
    kinds: tuple[Kind, ...] = ()
    capabilities: tuple[str, ...] = ()
    capability_details: tuple[str, ...] = ()
    source: str
    source_url: str


class Suffix(Record):
    """A model-number fragment with a public meaning (``-I`` = infrared, ``G2`` = generation 2)."""

    id: str
    regex: str
    meaning: str
    product_line: str | None = None
    capability_details: tuple[str, ...] = ()
    features: tuple[str, ...] = ()
    confidence: Literal["documented", "convention"] = "documented"
    source_url: str

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        return _regex(value)


class ModelPattern(Record):
    """A regular expression over normalised model numbers, with example models that must match it."""

    id: str
    maker: str
    brand: str | None = None
    regex: str
    kind: Kind
    series: str
    product_line: str | None = None
    capabilities: tuple[str, ...] = ()
    capability_details: tuple[str, ...] = ()
    priority: int = Field(0, description="higher is tried first; specific patterns beat generic ones")
    examples: tuple[str, ...] = Field(min_length=1)
    counter_examples: tuple[str, ...] = ()
    source_url: str

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        return _regex(value)


class Identification(Record):
    """What the catalogue knows about one model number.

    ``maker`` is who made it as far as the evidence goes: the pattern's maker, or None when the pattern
    belongs to a brand whose link to that maker is graded weak (codebook ``oem_brands``: a weak grade never
    stands in for the maker). ``made_by`` is the pattern's maker whatever the grade, to show beside it.
    """

    model: str
    maker: str | None
    made_by: str
    brand: str | None
    brand_relation: str | None = None
    brand_grade: str | None = None
    product_line: str | None
    kind: str
    series: str
    capabilities: tuple[str, ...]
    capability_details: tuple[str, ...]
    features: tuple[str, ...]
    pattern: str
    suffixes: tuple[str, ...]
    source_urls: tuple[str, ...]
    notes: tuple[str, ...] = ()


class AffectedRange(Record):
    """Part of a CVE: models (regex over normalised model numbers) and the firmware that is affected.

    A range with ``model_pattern`` None covers every model of the CVE's maker but can only ever give
    ``likely``/``unknown``. Version bounds are inclusive; ``builds`` lists exact affected builds where the
    record gives no range; ``build_before``/``build_from`` bound the firmware build date.
    """

    model_pattern: str | None = None
    model_text: str
    min_version: str | None = None
    max_version: str | None = None
    builds: tuple[str, ...] = ()
    build_from: dt.date | None = None
    build_before: dt.date | None = None
    fixed_in: str | None = None

    @field_validator("model_pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        return None if value is None else _regex(value)

    @property
    def structured(self) -> bool:
        return self.model_pattern is not None and bool(
            self.min_version or self.max_version or self.builds or self.build_from or self.build_before
        )


class CveRanges(Record):
    """cve_ranges.yml: the structured reading of one cves.csv row."""

    id: str
    maker: str
    brand: str | None = None
    known_exploited: bool = False
    kev_date_added: dt.date | None = None
    kev_source_url: str | None = None
    affected: tuple[AffectedRange, ...] = ()
    note: str = ""


class Cve(Record):
    """A published vulnerability, with raw text from cves.csv and the structured ranges."""

    id: str
    maker: str
    brand: str | None
    vendor_text: str
    title: str
    cvss: float | None
    cvss_text: str
    published: dt.date | None
    known_exploited: bool
    kev_date_added: dt.date | None
    kev_source_url: str | None
    affected: tuple[AffectedRange, ...]
    affected_text: str
    fixed_in_text: str
    source_url: str


class CveMatch(Record):
    """The status of one CVE for one device."""

    cve_id: str
    status: CveStatus
    known_exploited: bool
    reason: str
    cvss: float | None = None
    title: str = ""


_OUI_PREFIX = re.compile(r"[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){2}(?::[0-9A-Fa-f]/28|:[0-9A-Fa-f]{2}:[0-9A-Fa-f]/36)?")


class OuiRow(Record):
    """oui.csv: one IEEE-registered MAC prefix and the organisation registered to it.

    ``prefix`` is an MA-L (``"C0:56:E3"``, 24 bits), an MA-M (``"B0:B3:53:6/28"``) or an MA-S
    (``"70:B3:D5:12:3/36"``) assignment, the three block sizes of the IEEE registry.
    """

    prefix: str
    organisation: str
    source: str

    @field_validator("prefix")
    @classmethod
    def _registry_block(cls, value: str) -> str:
        if not _OUI_PREFIX.fullmatch(value):
            raise ValueError(f"{value!r} is not an IEEE block: use XX:XX:XX, XX:XX:XX:X/28 or XX:XX:XX:XX:X/36")
        return value
