"""NHS trusts open in the NHS Organisation Data Service "etr" extract; identifier the ODS code.

Region is the ONS region of the trust's headquarters postcode, not of its catchment (``data/SOURCES.md``).
"""

from __future__ import annotations

from collections.abc import Iterator

from whoswatching.registry.records import RowOutcome, Sector
from whoswatching.registry.sources import SourceMeta
from whoswatching.registry.sources._read import CsvFile
from whoswatching.registry.sources._register import COMMON, parse_register

REQUIRED = COMMON
KNOWN = (*COMMON, "postcode")
#: The upper-case ODS name duplicates ``name``; NHS England regions and ICBs are not the ONS regions we file by.
IGNORED = ("name_ods", "nhs_england_region_code", "nhs_england_region", "icb_code", "open_date")


def _extra(row: dict[str, str], fields: dict[str, str]) -> dict[str, str]:
    return {"postcode": row.get("postcode", "")[:12]}


def parse(file: CsvFile, meta: SourceMeta) -> Iterator[RowOutcome]:
    return parse_register(file, sector=Sector.NHS_TRUST, source_url=meta.url, extra=_extra)
