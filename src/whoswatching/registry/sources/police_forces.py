"""Police forces: 43 territorial forces of England and Wales, Police Scotland, PSNI and four national forces.

Identifier: the ONS Police Force Area code (E&W territorial forces only). The four national bodies
(British Transport Police, Civil Nuclear Constabulary, Ministry of Defence Police, National Crime
Agency) have a blank nation in the file; their ``force_type`` says "national", so they are stored with
nation ``uk`` (FOIA 2000 Sch. 1 lists each of them) and that derivation is recorded on the body.
"""

from __future__ import annotations

from collections.abc import Iterator

from whoswatching.registry.records import Nation, RowOutcome, Sector
from whoswatching.registry.sources import SourceMeta
from whoswatching.registry.sources._read import CsvFile
from whoswatching.registry.sources._register import COMMON, parse_register

REQUIRED = (*COMMON, "force_type")
KNOWN = (*REQUIRED, "home_page", "region_derivation")
#: Other registers' ids: kept in the bundled file for people, not stored on bodies.
IGNORED = ("pfa_name", "police_uk_id", "wdtk_id", "wikidata_id")


def _extra(row: dict[str, str], fields: dict[str, str]) -> dict[str, str]:
    force_type = row["force_type"]
    extra = {"body_type": force_type, "website": row.get("home_page", ""), "derivation": row.get("region_derivation", "")}
    if not fields["nation"] and "national" in force_type:
        extra["nation"] = Nation.UK.value
        extra["derivation"] = f"nation uk: force_type {force_type!r} in the source (a UK-wide body)"
    return extra


def parse(file: CsvFile, meta: SourceMeta) -> Iterator[RowOutcome]:
    return parse_register(file, sector=Sector.POLICE, source_url=meta.url, extra=_extra)
