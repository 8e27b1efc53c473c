"""Pure records of the register: sectors, nations, regions, the FOI law a body falls under, names, rows.

No Django here: sources parse raw files into :class:`RowOutcome` values (an :class:`Accepted` row
carrying a :class:`BodyRecord`, a :class:`Rejected` row with its reason, or a :class:`Skipped` row),
and ``registry.importer`` matches them to the database.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property


class Sector(StrEnum):
    SCHOOL = "school"
    FE_COLLEGE = "fe_college"
    UNIVERSITY = "university"
    POLICE = "police"
    NHS_TRUST = "nhs_trust"
    COUNCIL = "council"
    GOVERNMENT = "government"  # UK government departments and their agencies
    DEVOLVED = "devolved"  # devolved governments and parliaments (Scottish Government, Senedd...)
    OTHER = "other"


class Nation(StrEnum):
    ENGLAND = "england"
    SCOTLAND = "scotland"
    WALES = "wales"
    NORTHERN_IRELAND = "northern_ireland"
    UK = "uk"  # UK-wide bodies (FOIA s.3)


#: Stored in ``PublicBody.nation`` when no source says where a body is (the universities register).
NATION_UNKNOWN = ""

#: How people read the enum values.
SECTOR_LABELS = {
    "school": "School", "fe_college": "FE college", "university": "University", "police": "Police",
    "nhs_trust": "NHS trust", "council": "Council", "government": "UK government", "devolved": "Devolved government",
    "other": "Other",
}
NATION_LABELS = {
    "england": "England", "scotland": "Scotland", "wales": "Wales", "northern_ireland": "Northern Ireland",
    "uk": "UK-wide", "": "Unknown", "unknown": "Unknown",
}


class Law(StrEnum):
    FOIA = "foia"  # Freedom of Information Act 2000
    FOISA = "foisa"  # Freedom of Information (Scotland) Act 2002


#: ONS regions of England plus the three other nations, spelled as in ``data/councils.csv``.
REGIONS = (
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
    "Wales",
    "Scotland",
    "Northern Ireland",
)
_REGION_KEYS = {r.lower(): r for r in REGIONS}
_REGION_KEYS.update({"eastern": "East of England", "east of england": "East of England"})


def canonical_region(text: str) -> str:
    """Spell a region as ``REGIONS`` does ("Yorkshire and the Humber" -> "Yorkshire and The Humber").

    Unknown spellings are returned trimmed and unchanged: a region is descriptive, not an enum.
    """
    cleaned = " ".join(text.split())
    return _REGION_KEYS.get(cleaned.lower(), cleaned)


_NATION_WORDS = {
    "england": Nation.ENGLAND,
    "scotland": Nation.SCOTLAND,
    "wales": Nation.WALES,
    "northern ireland": Nation.NORTHERN_IRELAND,
    "northern_ireland": Nation.NORTHERN_IRELAND,
    "ni": Nation.NORTHERN_IRELAND,
    "uk": Nation.UK,
    "united kingdom": Nation.UK,
}


def parse_nation(text: str) -> str:
    """Map "England", "northern_ireland", "UK"... to a :class:`Nation` value; "" stays unknown.

    Raises ``ValueError`` naming the accepted values for anything else.
    """
    key = " ".join(text.split()).lower()
    if not key:
        return NATION_UNKNOWN
    if key in _NATION_WORDS:
        return _NATION_WORDS[key].value
    raise ValueError(f"unknown nation {text!r} (use one of: {', '.join(n.value for n in Nation)}, or leave blank)")


def parse_sector(text: str) -> Sector:
    """Map a sector name (case-insensitive, "FE college" or "fe_college") to :class:`Sector`."""
    key = re.sub(r"[\s-]+", "_", text.strip().lower())
    try:
        return Sector(key)
    except ValueError:
        raise ValueError(
            f"unknown sector {text!r} (use one of: {', '.join(s.value for s in Sector)})"
        ) from None


# --- FOI law ------------------------------------------------------------------------------------------


def law_for(nation: str, sector: str, *, override: str = "") -> Law:
    """The FOI statute a body answers under.

    - An explicit override wins (set it for bodies the rule below gets wrong).
    - FOISA 2002 s.3(1) and Sch. 1 cover *Scottish* public authorities: the Scottish Ministers and
      Parliament (sector ``devolved``), the 32 councils, NHS Scotland, Police Scotland, Scottish
      universities and colleges, schools run by Scottish councils. So a body whose nation is
      ``scotland`` answers under FOISA...
    - ...unless its sector is ``government``: that sector holds UK government departments and their
      agencies, which stay under FOIA 2000 even where they operate in Scotland (WhatDoTheyKnow's FOISA
      help: "UK-wide bodies operating in Scotland stay under FOIA").
    - Every other body (England, Wales, Northern Ireland, UK-wide) answers under FOIA 2000 (s.1, Sch. 1).
    - A body whose nation is unknown is *assumed* to be FOIA; :func:`law_is_assumed` says so and the
      web and CLI show it (set the nation via the plain CSV to settle it).
    """
    if override:
        return Law(override)
    if nation == Nation.SCOTLAND and sector in FOISA_SECTORS_IN_SCOTLAND:
        return Law.FOISA
    return Law.FOIA


#: Sectors whose Scottish bodies are Scottish public authorities under FOISA 2002 Sch. 1.
FOISA_SECTORS_IN_SCOTLAND = frozenset(s.value for s in Sector if s != Sector.GOVERNMENT)


def law_is_assumed(nation: str, *, override: str = "") -> bool:
    """True when the law comes from no override and no known nation (see :func:`law_for`)."""
    return not override and nation == NATION_UNKNOWN


# --- names and addresses ------------------------------------------------------------------------------


def normalise_name(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key for matching body names.

    Apostrophes vanish rather than split words, so "St Mary's" and "St Marys" share a key.
    """
    if not name.isascii():
        name = name.replace("\u2019", "").translate(_LETTERS)
        name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = _APOSTROPHES.sub("", name.lower()).replace("&", " and ")
    return _NON_ALNUM.sub(" ", text).strip()


_APOSTROPHES = re.compile(r"['`]")
#: Letters NFKD does not decompose to ASCII (ligatures, stroked letters), spelled out instead of dropped.
_LETTERS = str.maketrans({"Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "ß": "ss", "Ø": "O", "ø": "o",
                          "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Þ": "Th", "þ": "th"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    return normalise_name(name).replace(" ", "-")[:120].strip("-")


_LOCAL_PART = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_DOMAIN_LABEL = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")


def normalise_email(text: str) -> str:
    """Check an FOI address and return it with its domain lower-cased.

    Accepts the RFC 5321 dot-atom form (no quoted local parts, no IP-literal domains: no FOI office
    uses them) with at least one dot in the domain. Raises ``ValueError`` saying what is wrong.
    """
    address = text.strip()
    if not address:
        raise ValueError("empty email address")
    if any(ch.isspace() for ch in address) or address.count("@") != 1:
        raise ValueError(f"malformed email address {text!r} (need exactly one @ and no spaces)")
    local, domain = address.split("@")
    if len(address) > 254 or len(local) > 64:
        raise ValueError(f"malformed email address {text!r} (too long)")
    if not _LOCAL_PART.match(local):
        raise ValueError(f"malformed email address {text!r} (bad characters before the @)")
    labels = domain.split(".")
    if len(labels) < 2 or not all(_DOMAIN_LABEL.match(label) for label in labels):
        raise ValueError(f"malformed email address {text!r} (bad domain {domain!r})")
    return f"{local}@{domain.lower()}"


# --- rows ---------------------------------------------------------------------------------------------


class ContactState(StrEnum):
    UNVERIFIED = "unverified"
    VERIFIED = "verified"  # a reply came from it, or staff checked it
    BOUNCING = "bouncing"  # at least one bounce, still tried
    INVALID = "invalid"  # permanently failed; not used


@dataclass(frozen=True)
class ContactRecord:
    """An FOI address a source gives for a body. ``None`` means "leave the stored value as it is"."""

    email: str
    state: ContactState | None = None
    is_primary: bool | None = None
    source: str = ""  # where the address was found


@dataclass(frozen=True)
class BodyRecord:
    """One body as a source describes it, before it is matched to the database.

    Blank strings mean "the source says nothing": they never blank a value already stored.
    """

    name: str
    sector: Sector
    nation: str = NATION_UNKNOWN  # a Nation value or NATION_UNKNOWN
    region: str = ""
    identifier_scheme: str = ""
    identifier: str = ""
    body_type: str = ""  # finer type, e.g. "Academy converter", "Non-metropolitan district"
    local_authority: str = ""
    postcode: str = ""
    website: str = ""
    foi_law_override: str = ""
    derivation: str = ""  # how region/nation were derived when the source does not state them
    contacts: tuple[ContactRecord, ...] = field(default_factory=tuple)
    source: str = ""
    source_url: str = ""

    @cached_property
    def name_key(self) -> str:
        return normalise_name(self.name)


@dataclass(frozen=True)
class Accepted:
    row: int  # spreadsheet row number: the header is row 1
    record: BodyRecord


@dataclass(frozen=True)
class Rejected:
    row: int
    reason: str


@dataclass(frozen=True)
class Skipped:
    """A well-formed row the register does not take (closed school, independent school...)."""

    row: int
    reason: str


RowOutcome = Accepted | Rejected | Skipped
