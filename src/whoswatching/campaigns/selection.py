"""Choosing the bodies of a campaign: filters and uploaded lists (pure).

Filters select by sector, region, nation and FOI law (values as in ``registry.records``). An uploaded
list is a CSV (or one value per line) of body slugs, official identifiers (URN, ODS code, GSS code, ...)
or names. With a header row naming ``slug``, ``identifier`` (or ``urn``, ``ods_code``, ``gss_code``) or
``name``, those columns are used; without one, each row's first cell is tried as a slug, then an
identifier, then a name. Names match case-, accent- and punctuation-insensitively; a name shared by two
bodies is ambiguous and reported, never guessed. Every row that matches nothing is reported with its line
number and the reason, so a list of thousands can be fixed and uploaded again.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from whoswatching.registry.records import Law, Nation, Sector, normalise_name

MAX_LIST_ROWS = 100_000

_ID_HEADERS = ("identifier", "urn", "ukprn", "ods_code", "ods", "gss_code", "gss", "code")
_SLUG_HEADERS = ("slug",)
_NAME_HEADERS = ("name", "body", "body_name", "establishmentname", "organisation")


class SelectionError(ValueError):
    """A filter value or uploaded list that cannot be used; the message says what is allowed."""


@dataclass(frozen=True)
class BodyRow:
    """What selection needs to know of one registered body."""

    id: int
    slug: str
    name: str
    sector: str = ""
    region: str = ""
    nation: str = ""
    identifier: str = ""
    law: str = ""


@dataclass(frozen=True)
class BodyFilter:
    sectors: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    nations: tuple[str, ...] = ()
    laws: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return not (self.sectors or self.regions or self.nations or self.laws)

    def validate(self) -> BodyFilter:
        """Raise :class:`SelectionError` naming any unknown sector, nation or law and the allowed values."""
        for label, values, enum in (
            ("sector", self.sectors, Sector),
            ("nation", self.nations, Nation),
            ("law", self.laws, Law),
        ):
            known = {e.value for e in enum}
            for value in values:
                if value not in known:
                    raise SelectionError(f"unknown {label} {value!r}; choose from {', '.join(sorted(known))}")
        return self

    def matches(self, row: BodyRow) -> bool:
        if self.sectors and row.sector not in self.sectors:
            return False
        if self.nations and row.nation not in self.nations:
            return False
        if self.laws and row.law not in self.laws:
            return False
        return not self.regions or row.region.casefold() in {r.casefold() for r in self.regions}

    def describe(self) -> str:
        parts = [
            f"{k}={','.join(v)}"
            for k, v in (
                ("sector", self.sectors),
                ("region", self.regions),
                ("nation", self.nations),
                ("law", self.laws),
            )
            if v
        ]
        return "; ".join(parts) or "all bodies"


@dataclass(frozen=True)
class ListRow:
    line: int
    slug: str = ""
    identifier: str = ""
    name: str = ""
    auto: str = ""

    @property
    def shown(self) -> str:
        return self.slug or self.identifier or self.name or self.auto


@dataclass(frozen=True)
class UnmatchedRow:
    line: int
    value: str
    reason: str


@dataclass
class ListMatch:
    ids: list[int] = field(default_factory=list)
    unmatched: list[UnmatchedRow] = field(default_factory=list)
    repeated: int = 0  # rows naming a body an earlier row already named


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    for i, cell in enumerate(header):
        if cell in names:
            return i
    return None


def parse_body_list(text: str) -> list[ListRow]:
    """Rows of an uploaded list; raise :class:`SelectionError` if it is empty or too long."""
    text = text.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    # (physical line number, cells) of every non-blank row, so reports point at the uploaded file's lines.
    rows: list[tuple[int, list[str]]] = []
    for cells in reader:
        if any(c.strip() for c in cells):
            rows.append((reader.line_num, cells))
        if len(rows) > MAX_LIST_ROWS:
            raise SelectionError(f"the list has more than {MAX_LIST_ROWS} rows; split it into smaller files")
    if not rows:
        raise SelectionError("the list is empty: upload a CSV with a slug, identifier or name column")
    header = [c.strip().lower().replace(" ", "_") for c in rows[0][1]]
    cols = {
        "slug": _column(header, _SLUG_HEADERS),
        "identifier": _column(header, _ID_HEADERS),
        "name": _column(header, _NAME_HEADERS),
    }
    out: list[ListRow] = []
    if any(c is not None for c in cols.values()):
        for line, row in rows[1:]:
            values = {k: (row[i].strip() if i is not None and i < len(row) else "") for k, i in cols.items()}
            out.append(ListRow(line=line, **values))
        return out
    for line, row in rows:
        out.append(ListRow(line=line, auto=row[0].strip()))
    return out


def match_body_list(rows: Iterable[ListRow], bodies: Iterable[BodyRow]) -> ListMatch:
    """Match list rows to bodies; every row that matches no body, or more than one, is reported."""
    by_slug: dict[str, int] = {}
    by_identifier: dict[str, set[int]] = defaultdict(set)
    by_name: dict[str, set[int]] = defaultdict(set)
    for body in bodies:
        by_slug[body.slug.lower()] = body.id
        if body.identifier:
            by_identifier[body.identifier.strip().lower()].add(body.id)
        by_name[normalise_name(body.name)].add(body.id)

    result = ListMatch()
    seen: set[int] = set()

    def lookup(kind: str, value: str) -> tuple[set[int], str]:
        if kind == "slug":
            found = by_slug.get(value.lower())
            return ({found} if found else set()), f"no body with slug {value!r}"
        if kind == "identifier":
            return by_identifier.get(value.strip().lower(), set()), f"no body with identifier {value!r}"
        return by_name.get(normalise_name(value), set()), f"no body named {value!r}"

    for row in rows:
        attempts = [(k, getattr(row, k)) for k in ("slug", "identifier", "name") if getattr(row, k)]
        if row.auto:
            attempts = [(k, row.auto) for k in ("slug", "identifier", "name")]
        if not attempts:
            result.unmatched.append(UnmatchedRow(row.line, "", "empty row: no slug, identifier or name"))
            continue
        reasons: list[str] = []
        chosen: int | None = None
        for kind, value in attempts:
            ids, reason = lookup(kind, value)
            if len(ids) == 1:
                chosen = next(iter(ids))
                break
            if len(ids) > 1:
                reasons.append(
                    f"{kind} {value!r} is ambiguous: {len(ids)} bodies; use the slug or identifier"
                )
            else:
                reasons.append(reason)
        if chosen is None:
            reason = next((r for r in reasons if "ambiguous" in r), None) or (
                f"no body with slug, identifier or name {row.auto!r}" if row.auto else "; ".join(reasons)
            )
            result.unmatched.append(UnmatchedRow(row.line, row.shown, reason))
        elif chosen in seen:
            result.repeated += 1
        else:
            seen.add(chosen)
            result.ids.append(chosen)
    return result
