"""The columns the four bundled registers share (``data/SOURCES.md``), parsed strictly into records.

Every register file has ``name, sector, region, nation, official_code, code_scheme, source``; each
source module names its extra columns as read or deliberately ignored and maps them onto the record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from whoswatching.registry.records import (
    Accepted,
    BodyRecord,
    Rejected,
    RowOutcome,
    Sector,
    canonical_region,
    parse_nation,
)
from whoswatching.registry.sources._read import CsvFile

COMMON = ("name", "sector", "region", "nation", "official_code", "code_scheme", "source")

#: The registers' ``code_scheme`` texts mapped to the short scheme names stored on bodies.
SCHEMES = {
    "ONS GSS": "GSS",
    "NHS ODS org code": "ODS",
    "ONS Police Force Area (PFA23)": "PFA",
    "UKPRN": "UKPRN",
}

Extra = Callable[[dict[str, str], dict[str, str]], dict[str, str]]


def parse_register(
    file: CsvFile, *, sector: Sector, source_url: str, extra: Extra | None = None
) -> Iterator[RowOutcome]:
    """Parse a register file; ``extra(row, fields)`` returns more record fields from its own columns."""
    for number, row in file.rows():
        if "\0extra" in row:
            yield Rejected(number, "more cells than header columns (unquoted comma?)")
            continue
        name = " ".join(row["name"].split())
        if not name:
            yield Rejected(number, "no name")
            continue
        if row["sector"] != sector.value:
            yield Rejected(number, f"sector {row['sector']!r} in the {sector.value} register (expected {sector.value!r})")
            continue
        try:
            nation = parse_nation(row["nation"])
        except ValueError as exc:
            yield Rejected(number, str(exc))
            continue
        code = row["official_code"]
        scheme = SCHEMES.get(row["code_scheme"], row["code_scheme"])
        if bool(code) != bool(scheme):
            yield Rejected(number, "official_code and code_scheme must both be given or both be blank")
            continue
        fields = {
            "name": name,
            "sector": sector,
            "nation": nation,
            "region": canonical_region(row["region"]),
            "identifier_scheme": scheme,
            "identifier": code,
            "source": row["source"][:300],
            "source_url": source_url,
        }
        if extra is not None:
            try:
                fields.update(extra(row, fields))
            except ValueError as exc:
                yield Rejected(number, str(exc))
                continue
        yield Accepted(number, BodyRecord(**fields))
