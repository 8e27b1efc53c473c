"""Pure records of the register: sectors, nations, the FOI law a body falls under, name normalisation.

No Django here: sources parse raw files into :class:`BodyRecord` values, services persist them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum


class Sector(StrEnum):
    SCHOOL = "school"
    FE_COLLEGE = "fe_college"
    UNIVERSITY = "university"
    POLICE = "police"
    NHS_TRUST = "nhs_trust"
    COUNCIL = "council"
    GOVERNMENT = "government"
    DEVOLVED = "devolved"
    OTHER = "other"


class Nation(StrEnum):
    ENGLAND = "england"
    SCOTLAND = "scotland"
    WALES = "wales"
    NORTHERN_IRELAND = "northern_ireland"
    UK = "uk"  # UK-wide bodies (FOIA s.3)


class Law(StrEnum):
    FOIA = "foia"  # Freedom of Information Act 2000
    FOISA = "foisa"  # Freedom of Information (Scotland) Act 2002


def law_for(nation: str, sector: str, *, override: str = "") -> Law:
    """The FOI statute a body answers under.

    FOISA 2002 covers Scottish public authorities (councils, universities and colleges, NHS Scotland,
    Police Scotland, the Scottish Government); UK-wide bodies operating in Scotland stay under FOIA
    (WhatDoTheyKnow's FOISA help). Everything else is FOIA 2000. An explicit override wins.
    """
    if override:
        return Law(override)
    if nation == Nation.SCOTLAND and sector != Sector.GOVERNMENT:
        return Law.FOISA
    if nation == Nation.SCOTLAND and sector == Sector.GOVERNMENT:
        # The Scottish Government is "devolved"; a UK department with a Scottish office stays FOIA.
        return Law.FOIA
    return Law.FOIA


def normalise_name(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key for matching body names."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    text = text.replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def slugify(name: str) -> str:
    return normalise_name(name).replace(" ", "-")[:120]


@dataclass(frozen=True)
class BodyRecord:
    """One body as a source describes it, before it is matched to the database."""

    name: str
    sector: Sector
    nation: Nation
    region: str = ""
    identifier_scheme: str = ""
    identifier: str = ""
    body_type: str = ""  # finer type, e.g. "Academy converter", "Foundation trust"
    local_authority: str = ""
    postcode: str = ""
    website: str = ""
    foi_law_override: str = ""
    emails: tuple[str, ...] = field(default_factory=tuple)
    source: str = ""
    source_url: str = ""
