"""UK universities with a UKPRN (a heuristic subset of the DfE degree-institution list); identifier UKPRN.

The source gives no region or nation. Nation is derived only when the name itself says it
("University of the West of Scotland", "University of South Wales"); every other university keeps an
unknown nation and an unknown region, so its FOI law is shown as *assumed* FOIA until someone sets
the nation (plain CSV import). Place names are not guessed from: "Glasgow" in a name is not evidence
the register can cite.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from whoswatching.registry.records import Nation, RowOutcome, Sector
from whoswatching.registry.sources import SourceMeta
from whoswatching.registry.sources._read import CsvFile
from whoswatching.registry.sources._register import COMMON, parse_register

REQUIRED = COMMON
KNOWN = COMMON
#: HESA teacher-training code, DfE reference id and the selection note of the bundled subset.
IGNORED = ("hesa_itt_code", "dfe_reference_id", "selection")

_NATION_IN_NAME = (
    (re.compile(r"\bScotland\b"), Nation.SCOTLAND),
    (re.compile(r"\bWales\b"), Nation.WALES),
    (re.compile(r"\bNorthern Ireland\b"), Nation.NORTHERN_IRELAND),
)


def nation_from_name(name: str) -> str:
    """The nation a name states outright, else ""."""
    found = {nation.value for pattern, nation in _NATION_IN_NAME if pattern.search(name)}
    return found.pop() if len(found) == 1 else ""


def _extra(row: dict[str, str], fields: dict[str, str]) -> dict[str, str]:
    if fields["nation"]:
        return {}
    nation = nation_from_name(fields["name"])
    if not nation:
        return {}
    region = {"scotland": "Scotland", "wales": "Wales", "northern_ireland": "Northern Ireland"}[nation]
    return {"nation": nation, "region": region, "derivation": f"nation {nation}: stated in the name"}


def parse(file: CsvFile, meta: SourceMeta) -> Iterator[RowOutcome]:
    return parse_register(file, sector=Sector.UNIVERSITY, source_url=meta.url, extra=_extra)
