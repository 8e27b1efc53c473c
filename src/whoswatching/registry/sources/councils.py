"""UK principal councils (mySociety's register of local authority names and codes); identifier ONS GSS.

The bundled file's selection and its one correction (Lincolnshire's region) are in ``data/SOURCES.md``;
the correction note is kept on the body as its derivation.
"""

from __future__ import annotations

from collections.abc import Iterator

from whoswatching.registry.records import RowOutcome, Sector
from whoswatching.registry.sources import SourceMeta
from whoswatching.registry.sources._read import CsvFile
from whoswatching.registry.sources._register import COMMON, parse_register

REQUIRED = (*COMMON, "authority_type")
KNOWN = (*REQUIRED, "region_note")
#: Read by people, not by the register: codes of other registers and parent bodies.
IGNORED = ("local_authority_code", "nice_name", "county_la", "combined_authority", "wdtk_id", "gov_uk_slug")


def _extra(row: dict[str, str], fields: dict[str, str]) -> dict[str, str]:
    return {"body_type": row["authority_type"], "derivation": row.get("region_note", "")}


def parse(file: CsvFile, meta: SourceMeta) -> Iterator[RowOutcome]:
    return parse_register(file, sector=Sector.COUNCIL, source_url=meta.url, extra=_extra)
