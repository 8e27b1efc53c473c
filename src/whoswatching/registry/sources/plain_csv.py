"""The plain CSV format: add bodies the registers lack, and add or verify FOI contact addresses.

Columns (header row required; only ``name`` and ``sector`` must be present, the rest are optional)::

    name,sector,region,nation,identifier_scheme,identifier,email,email_state,is_primary,foi_law,
    website,source,body_type,local_authority,postcode

A row matches an existing body by ``identifier_scheme`` + ``identifier`` when given, else by sector and
normalised name; otherwise it creates a body. Blank cells leave stored values alone. Several rows may
name the same body to give it several addresses. Full reference: docs/registry.md.
"""

from __future__ import annotations

from collections.abc import Iterator

from whoswatching.registry.records import (
    Accepted,
    BodyRecord,
    ContactRecord,
    ContactState,
    Law,
    Rejected,
    RowOutcome,
    canonical_region,
    normalise_email,
    parse_nation,
    parse_sector,
)
from whoswatching.registry.sources import SourceMeta
from whoswatching.registry.sources._read import CsvFile
from whoswatching.registry.sources._register import SCHEMES

#: Schemes whose codes are upper-case letters and digits (ONS, NHS ODS): "e06000008" means "E06000008".
UPPER_CASE_SCHEMES = {"GSS", "ODS", "PFA"}

REQUIRED = ("name", "sector")
OPTIONAL = (
    "region",
    "nation",
    "identifier_scheme",
    "identifier",
    "email",
    "email_state",
    "is_primary",
    "foi_law",
    "website",
    "source",
    "body_type",
    "local_authority",
    "postcode",
)
KNOWN = (*REQUIRED, *OPTIONAL)
IGNORED = ("notes",)  # free-text notes for the people preparing the file
#: Set on bodies this file creates, never on register bodies it adds an address to.
CREATE_ONLY_FIELDS = ("source", "source_url")

_TRUE = {"1", "true", "yes", "y"}
_FALSE = {"0", "false", "no", "n"}
LIMITS = {"name": 300, "region": 100, "identifier": 60, "identifier_scheme": 40, "body_type": 120,
          "local_authority": 120, "postcode": 12, "website": 300, "source": 300}


class RowError(ValueError):
    pass


def _flag(text: str) -> bool | None:
    key = text.strip().lower()
    if not key:
        return None
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise RowError(f"is_primary {text!r} is not yes/no (use 1/0, true/false, yes/no or leave blank)")


def _contact(row: dict[str, str], source: str) -> tuple[ContactRecord, ...]:
    email, state, primary = row.get("email", ""), row.get("email_state", ""), row.get("is_primary", "")
    if not email:
        if state or primary:
            raise RowError("email_state or is_primary given without an email")
        return ()
    try:
        address = normalise_email(email)
    except ValueError as exc:
        raise RowError(str(exc)) from None
    try:
        parsed_state = ContactState(state.strip().lower()) if state.strip() else None
    except ValueError:
        raise RowError(
            f"email_state {state!r} is not one of {', '.join(s.value for s in ContactState)}"
        ) from None
    return (ContactRecord(email=address, state=parsed_state, is_primary=_flag(primary), source=source),)


def record_from_row(row: dict[str, str], *, source_default: str) -> BodyRecord:
    """One plain-CSV row as a record; ``RowError`` says what is wrong with it."""
    name = " ".join(row["name"].split())
    if not name:
        raise RowError("no name")
    for column, limit in LIMITS.items():
        if len(row.get(column, "")) > limit:
            raise RowError(f"{column} longer than {limit} characters")
    try:
        sector = parse_sector(row["sector"])
        nation = parse_nation(row.get("nation", ""))
    except ValueError as exc:
        raise RowError(str(exc)) from None
    scheme = row.get("identifier_scheme", "")
    scheme = SCHEMES.get(scheme, scheme).upper()
    identifier = row.get("identifier", "")
    if scheme in UPPER_CASE_SCHEMES:
        identifier = identifier.upper()
    if bool(scheme) != bool(identifier):
        raise RowError("identifier and identifier_scheme must both be given or both be blank")
    law = row.get("foi_law", "").strip().lower()
    if law and law not in {x.value for x in Law}:
        raise RowError(f"foi_law {row['foi_law']!r} is not foia or foisa (or blank to derive it)")
    website = row.get("website", "")
    if website and not website.lower().startswith(("http://", "https://")):
        raise RowError(f"website {website!r} must start with http:// or https://")
    return BodyRecord(
        name=name,
        sector=sector,
        nation=nation,
        region=canonical_region(row.get("region", "")),
        identifier_scheme=scheme,
        identifier=identifier,
        body_type=row.get("body_type", ""),
        local_authority=row.get("local_authority", ""),
        postcode=row.get("postcode", ""),
        website=website,
        foi_law_override=law,
        contacts=_contact(row, row.get("source", "") or source_default),
        source=row.get("source", "") or source_default,
    )


def parse(file: CsvFile, meta: SourceMeta) -> Iterator[RowOutcome]:
    for number, row in file.rows():
        if "\0extra" in row:
            yield Rejected(number, "more cells than header columns (unquoted comma?)")
            continue
        try:
            yield Accepted(number, record_from_row(row, source_default="plain CSV import"))
        except RowError as exc:
            yield Rejected(number, str(exc))
