"""The coded-results table: one row per requested body, the input of every statistic.

Two producers build the same :class:`CodedTable`: :func:`read_coded_csv` (analysts' and partners' files,
strictly validated) and, later, a database exporter of accepted codes. Everything in ``stats`` works on
the in-memory table only, so both routes give the same numbers.

CSV format (documented in ``stats/README.md`` and ``docs/stats.md``): required columns
``body, sector, region, nation, responded, refused, uses_hikvision, uses_dahua, uses_other_chinese,
capabilities``; optional ``body_id, kind, not_held, exemptions, law, capabilities_in_use, requested_on,
responded_on, due_on``. Booleans are ``true``/``false``; an empty cell means *unknown*, never false.
Lists are ``;``-separated. Unknown columns are ignored on purpose and named in ``warnings``.
A file with any bad row is rejected whole (no half-applied import), each problem named with its row number.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

#: Version of the codebook (shared/docs/codebook.md) whose field meanings this reader implements.
CODEBOOK_VERSION = "1"

#: Sector codes, identical to ``registry.records.Sector`` (a test keeps them in step; stats may not
#: import the registry domain).
SECTORS = ("school", "fe_college", "university", "police", "nhs_trust", "council", "government", "devolved", "other")
SECTOR_LABELS = {
    "school": "Schools",
    "fe_college": "FE colleges",
    "university": "Universities",
    "police": "Police forces",
    "nhs_trust": "NHS trusts",
    "council": "Councils",
    "government": "Government departments",
    "devolved": "Devolved administrations",
    "other": "Other bodies",
}
NATIONS = ("england", "scotland", "wales", "northern_ireland", "uk")

#: The seed's regions: the nine English regions (ONS names) plus the three other nations.
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
    "Scotland",
    "Wales",
    "Northern Ireland",
)
_REGION_ALIASES = {
    "yorks & humber": "Yorkshire and The Humber",
    "yorkshire & humber": "Yorkshire and The Humber",
    "yorkshire and humber": "Yorkshire and The Humber",
    "yorkshire and the humber": "Yorkshire and The Humber",
    "eastern": "East of England",
    "east": "East of England",
}
REGION_NATION = {r: "england" for r in REGIONS[:9]} | {
    "Scotland": "scotland",
    "Wales": "wales",
    "Northern Ireland": "northern_ireland",
}

#: The codebook's capability names (``capabilities_present``), in the seed's column order.
CAPABILITIES = ("face_detection", "face_recognition", "thermal", "demographic", "behavioural", "object_detection")
CAPABILITY_LABELS = {
    "face_detection": "Face detection",
    "face_recognition": "Face recognition",
    "thermal": "Thermal",
    "demographic": "Demographic",
    "behavioural": "Behavioural",
    "object_detection": "Object detection",
}
KINDS = (
    "substantive", "partial", "refusal", "not_held", "acknowledgement", "clarification",
    "fee_notice", "portal_redirect", "out_of_office", "bounce", "other",
)
LAWS = ("foia", "foisa")

REQUIRED_COLUMNS = (
    "body", "sector", "region", "nation", "responded", "refused",
    "uses_hikvision", "uses_dahua", "uses_other_chinese", "capabilities",
)
OPTIONAL_COLUMNS = (
    "body_id", "kind", "not_held", "exemptions", "law", "capabilities_in_use",
    "requested_on", "responded_on", "due_on",
)


@dataclass(frozen=True, slots=True)
class CodedBody:
    """One requested body and the accepted codes of its reply (``None`` = unknown)."""

    body: str
    sector: str
    region: str = ""
    nation: str = ""
    responded: bool | None = None
    refused: bool | None = None
    uses_hikvision: bool | None = None
    uses_dahua: bool | None = None
    uses_other_chinese: bool | None = None
    capabilities: frozenset[str] = frozenset()
    capabilities_in_use: frozenset[str] | None = None
    body_id: str = ""
    kind: str = ""
    not_held: bool | None = None
    exemptions: tuple[str, ...] = ()
    law: str = ""
    requested_on: date | None = None
    responded_on: date | None = None
    due_on: date | None = None

    @property
    def valid(self) -> bool:
        """Responded and did not refuse: the seed's stated denominator ("did not refuse")."""
        return self.responded is True and self.refused is not True

    @property
    def uses_either(self) -> bool:
        return self.uses_hikvision is True or self.uses_dahua is True

    @property
    def uses_any_chinese(self) -> bool:
        return self.uses_either or self.uses_other_chinese is True


@dataclass(frozen=True)
class CodedTable:
    """The coded bodies plus what identifies the input (hash, codebook version)."""

    rows: tuple[CodedBody, ...]
    source_name: str = "<memory>"
    source_sha256: str = ""
    codebook_version: str = CODEBOOK_VERSION
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def __len__(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based line number in the file; the header is row 1
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column!r}" if self.column else "")
        return f"{where}: {self.reason}"


class CodedInputError(ValueError):
    """The coded-results file was rejected; ``errors`` names every bad row (nothing was used)."""

    def __init__(self, errors: list[RowError], *, source: str = "") -> None:
        self.errors = errors
        self.source = source
        shown = "\n".join(f"  {e}" for e in errors[:50])
        more = f"\n  ... and {len(errors) - 50} more" if len(errors) > 50 else ""
        super().__init__(
            f"{source or 'input'}: rejected, {len(errors)} problem(s); fix them and run again "
            f"(empty cells mean unknown):\n{shown}{more}"
        )


_BOOLS = {"": None, "true": True, "false": False}
_BAD = object()
_BOOL_COLUMNS = ("responded", "refused", "uses_hikvision", "uses_dahua", "uses_other_chinese", "not_held")
_REGION_LOOKUP = {r.lower(): r for r in REGIONS} | _REGION_ALIASES


def parse_bool(text: str) -> bool | None:
    """``true``/``false`` (any case); empty is unknown. Anything else raises ``ValueError``."""
    try:
        return _BOOLS[text.strip().lower()]
    except KeyError:
        raise ValueError(f"{text!r} is not a boolean: write true, false, or leave empty for unknown") from None


def normalise_region(text: str) -> str:
    """The canonical region name for ``text`` ('' stays unknown); ``ValueError`` when not a region."""
    t = " ".join(text.split()).lower()
    if not t:
        return ""
    try:
        return _REGION_LOOKUP[t]
    except KeyError:
        raise ValueError(f"unknown region {text!r}; use one of: {', '.join(REGIONS)}") from None


def _split_list(text: str) -> list[str]:
    return [p.strip() for p in text.split(";") if p.strip()]


def _parse_date(text: str) -> date | None:
    t = text.strip()
    return date.fromisoformat(t) if t else None


def _parse_capabilities(text: str) -> frozenset[str]:
    caps = [c.lower().replace(" ", "_") for c in _split_list(text)]
    bad = [c for c in caps if c not in CAPABILITIES]
    if bad:
        raise ValueError(f"unknown capability {', '.join(bad)}; use codebook names: {', '.join(CAPABILITIES)}")
    return frozenset(caps)


#: The codebook's form of an exemption: ``LAW sN(M)(x)`` for FOIA/FOISA sections (``FOIA s31(1)(a)``),
#: ``LAW N(M)(x)`` for EIR/EISR regulations (``EIR 12(5)(a)``) (shared/docs/codebook.md, ``exemptions``).
_EXEMPTION = re.compile(r"(?i)^(?:(FOIA|FOISA) s|(EIR|EISR) )(\d+[A-Z]?(?:\([0-9A-Za-z]{1,4}\))*)$")


def _parse_exemptions(text: str) -> tuple[str, ...]:
    out, bad = [], []
    for item in _split_list(text):
        m = _EXEMPTION.match(" ".join(item.split()))
        if m is None:
            bad.append(item)
            continue
        law = (m.group(1) or m.group(2)).upper()
        out.append(f"{law} {'s' if m.group(1) else ''}{m.group(3)}")
    if bad:
        raise ValueError(f"{', '.join(repr(b) for b in bad)} not written as the codebook does: "
                         "'FOIA s24(1)', 'FOISA s35(1)', 'EIR 12(5)(a)' (';' between several)")
    return tuple(out)


def parse_row(raw: dict[str, str]) -> tuple[CodedBody, list[tuple[str, str]]]:
    """Build one :class:`CodedBody` from a CSV row; return it with the (column, reason) problems found."""
    problems: list[tuple[str, str]] = []
    values: dict[str, object] = {}

    def take(column: str, parse, default=None):  # noqa: ANN001 - tiny local adapter
        text = raw.get(column)
        if not text:
            return default  # empty cell: unknown
        try:
            return parse(text)
        except ValueError as exc:
            problems.append((column, str(exc)))
            return default

    body = (raw.get("body") or "").strip()
    if not body:
        problems.append(("body", "body name is empty"))
    sector = (raw.get("sector") or "").strip().lower()
    if sector not in SECTORS:
        problems.append(("sector", f"unknown sector {raw.get('sector')!r}; use one of: {', '.join(SECTORS)}"))
    region = take("region", normalise_region, "")
    nation_text = (raw.get("nation") or "").strip().lower().replace(" ", "_")
    nation = nation_text
    if nation_text and nation_text not in NATIONS:
        problems.append(("nation", f"unknown nation {raw.get('nation')!r}; use one of: {', '.join(NATIONS)}"))
        nation = ""
    if region and not nation_text:
        nation = REGION_NATION[region]
    elif region and nation and REGION_NATION[region] != nation:
        problems.append(("nation", f"region {region!r} is in {REGION_NATION[region]}, not {nation}"))
    for col in _BOOL_COLUMNS:
        text = raw.get(col)
        v = _BOOLS.get(text.strip().lower(), _BAD) if text else None
        if v is _BAD:
            problems.append((col, f"{text!r} is not a boolean: write true, false, or leave empty for unknown"))
            v = None
        values[col] = v
    caps = take("capabilities", _parse_capabilities, frozenset())
    in_use_text = raw.get("capabilities_in_use")
    in_use = take("capabilities_in_use", _parse_capabilities, frozenset()) if in_use_text else None
    if in_use and caps is not None and not in_use <= caps:
        problems.append(("capabilities_in_use",
                         f"lists {', '.join(sorted(in_use - caps))} which capabilities does not: in use implies present"))
    kind = (raw.get("kind") or "").strip().lower()
    if kind and kind not in KINDS:
        problems.append(("kind", f"unknown kind {kind!r}; use one of: {', '.join(KINDS)}"))
    law = (raw.get("law") or "").strip().lower()
    if law and law not in LAWS:
        problems.append(("law", f"unknown law {law!r}; use foia or foisa"))
    dates = {c: take(c, _parse_date) for c in ("requested_on", "responded_on", "due_on")}
    # Consistency: codes of a reply need a reply. A refusal is a response.
    if values["refused"] is True and values["responded"] is not True:
        problems.append(("refused", "refused is true but responded is not true (a refusal is a response)"))
    if values["responded"] is not True:
        coded = [c for c in ("uses_hikvision", "uses_dahua", "uses_other_chinese") if values[c] is not None]
        if coded or caps:
            problems.append((coded[0] if coded else "capabilities",
                             "brand or capability codes given but responded is not true"))
    if dates["responded_on"] and values["responded"] is False:
        problems.append(("responded_on", "a response date is given but responded is false"))
    if dates["requested_on"] and dates["responded_on"] and dates["responded_on"] < dates["requested_on"]:
        problems.append(("responded_on", "responded_on is before requested_on"))
    row = CodedBody(
        body=body,
        sector=sector,
        region=region or "",
        nation=nation,
        responded=values["responded"],  # type: ignore[arg-type]
        refused=values["refused"],  # type: ignore[arg-type]
        uses_hikvision=values["uses_hikvision"],  # type: ignore[arg-type]
        uses_dahua=values["uses_dahua"],  # type: ignore[arg-type]
        uses_other_chinese=values["uses_other_chinese"],  # type: ignore[arg-type]
        capabilities=caps or frozenset(),
        capabilities_in_use=in_use,
        body_id=(raw.get("body_id") or "").strip(),
        kind=kind,
        not_held=values["not_held"],  # type: ignore[arg-type]
        exemptions=take("exemptions", _parse_exemptions, ()),
        law=law,
        requested_on=dates["requested_on"],
        responded_on=dates["responded_on"],
        due_on=dates["due_on"],
    )
    return row, problems


def read_coded_csv(path: str | Path, *, codebook_version: str = CODEBOOK_VERSION) -> CodedTable:
    """Read and validate a coded-results CSV; raise :class:`CodedInputError` naming every bad row."""
    data = Path(path).read_bytes()
    return parse_coded_csv(data, source_name=Path(path).name, codebook_version=codebook_version)


def parse_coded_csv(data: bytes, *, source_name: str = "<bytes>", codebook_version: str = CODEBOOK_VERSION) -> CodedTable:
    """Validate coded-results CSV bytes (UTF-8, optional BOM) into a :class:`CodedTable`."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CodedInputError([RowError(0, "", f"not UTF-8 ({exc}); save the file as UTF-8 CSV")],
                              source=source_name) from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise CodedInputError([RowError(1, c, "required column is missing") for c in missing], source=source_name)
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise CodedInputError([RowError(1, c, "column appears more than once") for c in dupes], source=source_name)
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    ignored = [h for h in header if h not in known]
    warnings = [f"ignored unknown column {h!r}" for h in ignored]
    errors: list[RowError] = []
    rows: list[CodedBody] = []
    seen: dict[tuple[str, str], int] = {}
    for line_no, raw in enumerate(reader, start=2):
        if None in raw:
            errors.append(RowError(line_no, "", f"{len(raw[None])} more cell(s) than the header has columns"))
        row, problems = parse_row(raw)
        errors.extend(RowError(line_no, col, reason) for col, reason in problems)
        key = (row.body_id, "") if row.body_id else (row.body.casefold(), row.sector)
        if row.body and key in seen:
            errors.append(RowError(line_no, "body_id" if row.body_id else "body",
                                   f"duplicate body {row.body!r} (first seen on row {seen[key]}); one row per body"))
        else:
            seen[key] = line_no
        rows.append(row)
    if errors:
        raise CodedInputError(errors, source=source_name)
    return CodedTable(
        rows=tuple(rows),
        source_name=source_name,
        source_sha256=hashlib.sha256(data).hexdigest(),
        codebook_version=codebook_version,
        warnings=tuple(warnings),
    )


#: Reply kinds that answer the request (a refusal and "not held" are answers too); the others
#: (acknowledgement, clarification, fee notice, portal redirect, out of office, bounce) are not responses.
RESPONSE_KINDS = ("substantive", "partial", "refusal", "not_held")
NON_RESPONSE_KINDS = ("acknowledgement", "clarification", "fee_notice", "portal_redirect", "out_of_office", "bounce")


def from_codebook(
    *,
    body: str,
    sector: str,
    region: str = "",
    nation: str = "",
    codes: Mapping[str, Any] | None,
    body_id: str = "",
    law: str = "",
    requested_on: date | None = None,
    responded_on: date | None = None,
    due_on: date | None = None,
) -> CodedBody:
    """One body's accepted codes (a codebook JSON object, shared/docs/codebook.md) as a :class:`CodedBody`.

    For the database exporter: ``codes`` is the accepted coding of the body's latest answer, ``None`` when
    nothing came back. ``responded`` follows ``kind`` (:data:`RESPONSE_KINDS` true,
    :data:`NON_RESPONSE_KINDS` false, ``other`` unknown); an empty ``other_chinese_brands`` list is unknown,
    not "no". Validated exactly like a CSV row; raises :class:`CodedInputError` on bad codes."""
    codes = codes or {}
    kind = str(codes.get("kind") or "")
    responded = True if kind in RESPONSE_KINDS else False if (kind in NON_RESPONSE_KINDS or not codes) else None

    def b(v: Any) -> str:
        return "" if v is None else ("true" if v else "false")

    answered = responded is True
    raw = {
        "body": body, "sector": sector, "region": region, "nation": nation, "body_id": body_id, "kind": kind,
        "responded": b(responded),
        "refused": b(codes.get("refused")) if answered else "",
        "uses_hikvision": b(codes.get("uses_hikvision")) if answered else "",
        "uses_dahua": b(codes.get("uses_dahua")) if answered else "",
        "uses_other_chinese": "true" if answered and codes.get("other_chinese_brands") else "",
        "capabilities": ";".join(codes.get("capabilities_present") or []) if answered else "",
        "capabilities_in_use": ";".join(codes.get("capabilities_in_use") or []) if answered else "",
        "not_held": b(codes.get("not_held")) if answered else "",
        "exemptions": ";".join(codes.get("exemptions") or []),
        "law": law,
        "requested_on": requested_on.isoformat() if requested_on else "",
        "responded_on": responded_on.isoformat() if responded_on and answered else "",
        "due_on": due_on.isoformat() if due_on else "",
    }
    row, problems = parse_row(raw)
    if problems:
        raise CodedInputError([RowError(0, col, f"{body}: {reason}") for col, reason in problems],
                              source="accepted codes")
    return row


def table_from_rows(rows: Iterable[CodedBody], *, source_name: str = "<memory>",
                    codebook_version: str = CODEBOOK_VERSION) -> CodedTable:
    """Wrap rows from another producer (e.g. a database export); the hash covers their CSV form."""
    rows = tuple(rows)
    return CodedTable(rows=rows, source_name=source_name, source_sha256=hashlib.sha256(
        rows_to_csv(rows).encode()).hexdigest(), codebook_version=codebook_version)


def _fmt_bool(v: bool | None) -> str:
    return "" if v is None else ("true" if v else "false")


def rows_to_csv(rows: Iterable[CodedBody]) -> str:
    """Write rows in the coded-results CSV format (all columns), the inverse of :func:`parse_coded_csv`."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
    for r in rows:
        w.writerow([
            r.body, r.sector, r.region, r.nation, _fmt_bool(r.responded), _fmt_bool(r.refused),
            _fmt_bool(r.uses_hikvision), _fmt_bool(r.uses_dahua), _fmt_bool(r.uses_other_chinese),
            ";".join(c for c in CAPABILITIES if c in r.capabilities),
            r.body_id, r.kind, _fmt_bool(r.not_held), ";".join(r.exemptions), r.law,
            "" if r.capabilities_in_use is None else ";".join(c for c in CAPABILITIES if c in r.capabilities_in_use),
            r.requested_on.isoformat() if r.requested_on else "",
            r.responded_on.isoformat() if r.responded_on else "",
            r.due_on.isoformat() if r.due_on else "",
        ])
    return out.getvalue()
