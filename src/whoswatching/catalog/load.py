"""Read the catalogue's data files into validated records, strictly (zavod-style ingestion).

Each reader pops the fields it knows, lets pydantic reject unknown keys, and records every bad row as a
:class:`Problem` instead of stopping, so ``whoswatching catalog check`` can list all of them at once.
:func:`load_catalog` refuses to build a catalogue from data with any problem: there is never a
half-loaded catalogue.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel, ValidationError

from whoswatching.catalog.schema import (
    Brand,
    BrandOverride,
    Capability,
    CapabilityDetail,
    Cve,
    CveRanges,
    Fact,
    Maker,
    ModelPattern,
    OuiRow,
    ProductLine,
    Suffix,
)

if TYPE_CHECKING:
    from whoswatching.catalog.index import Catalog

DATA_DIR = Path(__file__).resolve().parent / "data"

try:  # libyaml is ~10x faster; the pure-Python loader gives the same result
    _YamlLoader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _YamlLoader = yaml.SafeLoader


class CatalogError(Exception):
    """The data files have problems; ``problems`` lists every one (file, row, message)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(
            f"the catalogue data has {len(problems)} problem(s); run `whoswatching catalog check`:\n{lines}{more}"
        )


@dataclass(frozen=True)
class Problem:
    file: str
    row: str
    message: str
    check: str = "schema"

    def __str__(self) -> str:
        return f"{self.file} [{self.row}]: {self.message}"


@dataclass
class Sources:
    """Everything read from one data directory, plus the problems met while reading it."""

    path: Path
    makers: list[Maker] = field(default_factory=list)
    brands: list[Brand] = field(default_factory=list)
    capabilities: list[Capability] = field(default_factory=list)
    details: list[CapabilityDetail] = field(default_factory=list)
    product_lines: list[ProductLine] = field(default_factory=list)
    patterns: list[ModelPattern] = field(default_factory=list)
    suffixes: dict[str, list[Suffix]] = field(default_factory=dict)
    cves: list[Cve] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    oui: list[OuiRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, file: str, row: object, message: str, check: str = "schema") -> None:
        self.problems.append(Problem(file, str(row), message, check))


def _yaml(src: Sources, name: str) -> Any:
    path = src.path / name
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_YamlLoader)
    except FileNotFoundError:
        src.problem(name, "-", "file is missing")
    except yaml.YAMLError as exc:
        src.problem(name, "-", f"not valid YAML: {exc}")
    return None


def _csv(src: Sources, name: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    path = src.path / name
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                src.problem(name, "header", f"missing column(s) {', '.join(missing)}")
                return []
            return list(reader)
    except FileNotFoundError:
        src.problem(name, "-", "file is missing")
        return []


def _validate(src: Sources, name: str, row: object, model: type[BaseModel], data: Any) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        msgs = "; ".join(f"{'.'.join(str(x) for x in e['loc']) or '(row)'}: {e['msg']}" for e in exc.errors())
        src.problem(name, row, msgs)
        return None


def _rows(src: Sources, name: str, data: Any, key: str | None = None) -> list[Any]:
    if key is not None:
        data = data.get(key) if isinstance(data, dict) else None
    if data is None:
        return []
    if not isinstance(data, list):
        src.problem(name, key or "-", "expected a list")
        return []
    return data


# --- oem_brands.csv --------------------------------------------------------------------------------------

_GRADE_WORDS = ("weak", "medium", "strong")  # ordered weakest first: a mixed grade takes the weaker
_OEM_WORDS = re.compile(r"\b(oem|supplier|partnership|rebrand)", re.IGNORECASE)
_OWN_WORDS = re.compile(r"\bown\b", re.IGNORECASE)


def parse_grade(evidence: str) -> str | None:
    """The grade word that opens an evidence cell: "Ownership (strong): ..." -> "strong".

    Only the head before the first colon is read. A mixed head ("Weak-medium") gives the weaker grade, so
    the catalogue never overstates a link.
    """
    head = evidence.split(":", 1)[0].lower()
    for word in _GRADE_WORDS:
        if re.search(rf"\b{word}\b", head):
            return word
    return None


def parse_relation(manufacturer: str, evidence: str) -> str:
    """"own" when the maker owns the label, else "oem" (made or supplied for another label).

    The manufacturer cell's note wins ("Hikvision (OEM)", "Dahua (own consumer brand)", "supplier
    since"); otherwise an evidence head of "Ownership"/"Own sub-brand" means own; anything else is oem.
    """
    note = manufacturer[manufacturer.find("(") :] if "(" in manufacturer else ""
    if _OEM_WORDS.search(note):
        return "oem"
    if _OWN_WORDS.search(note):
        return "own"
    head = evidence.split(":", 1)[0].lower()
    return "own" if head.startswith(("ownership", "own ")) else "oem"


def parse_makers(manufacturer: str) -> tuple[str, ...]:
    """Maker names in a manufacturer cell: "Dahua or Uniview (OEM, mixed)" -> ("Dahua", "Uniview")."""
    bare = manufacturer.split("(", 1)[0]
    return tuple(part.strip() for part in re.split(r"\s+or\s+|/", bare) if part.strip())


def _read_brands(src: Sources) -> None:
    name = "oem_brands.csv"
    overrides: dict[str, BrandOverride] = {}
    for i, row in enumerate(_rows(src, "brands.yml", _yaml(src, "brands.yml"))):
        ov = _validate(src, "brands.yml", i + 1, BrandOverride, row)
        if ov is not None:
            overrides[ov.row] = ov
    seen_rows: set[str] = set()
    for i, row in enumerate(_csv(src, name, ("brand", "manufacturer", "evidence", "source_url")), start=2):
        cell = row.pop("brand", "").strip()
        manufacturer = row.pop("manufacturer", "").strip()
        evidence = row.pop("evidence", "").strip()
        source_url = row.pop("source_url", "").strip()
        seen_rows.add(cell)
        grade = parse_grade(evidence)
        makers = parse_makers(manufacturer)
        if grade is None:
            src.problem(name, f"line {i} {cell}", "evidence does not open with a grade word (strong/medium/weak)")
            continue
        if not makers:
            src.problem(name, f"line {i} {cell}", "manufacturer cell names no maker")
            continue
        ov = overrides.get(cell) or BrandOverride(row=cell)
        bare, _, scope = cell.partition("(")
        brand = _validate(src, name, f"line {i} {cell}", Brand, {
            "name": ov.name or bare.strip(),
            "maker": makers[0],
            "other_makers": makers[1:],
            "relation": ov.relation or parse_relation(manufacturer, evidence),
            "grade": grade,
            "evidence": evidence,
            "source_url": source_url,
            "aliases": ov.aliases,
            "scope": ov.scope if ov.scope is not None else scope.rstrip(") ").strip(),
            "manufacturer_text": manufacturer,
        })
        if brand is not None:
            src.brands.append(brand)
    for cell in overrides.keys() - seen_rows:
        src.problem("brands.yml", cell, "amends a brand that oem_brands.csv does not list", "references")


# --- cves.csv + cve_ranges.yml ---------------------------------------------------------------------------

_CVSS = re.compile(r"^\s*(\d{1,2}(?:\.\d)?)\b")


def _read_cves(src: Sources) -> None:
    ranges: dict[str, CveRanges] = {}
    for i, row in enumerate(_rows(src, "cve_ranges.yml", _yaml(src, "cve_ranges.yml"))):
        r = _validate(src, "cve_ranges.yml", row.get("id", i + 1) if isinstance(row, dict) else i + 1, CveRanges, row)
        if r is not None:
            ranges[r.id] = r
    name = "cves.csv"
    cols = ("cve", "vendor", "title", "cvss", "published", "affected", "fixed_in", "source_url")
    seen: set[str] = set()
    for row in _csv(src, name, cols):
        cve_id = row.pop("cve", "").strip()
        seen.add(cve_id)
        r = ranges.get(cve_id)
        if r is None:
            src.problem(name, cve_id, f"no entry in cve_ranges.yml: draft one with `whoswatching catalog cve-draft "
                        f"{cve_id}`, review it, then add it", "references")
            continue
        cvss_text = row.pop("cvss", "").strip()
        m = _CVSS.match(cvss_text)
        published = row.pop("published", "").strip()
        cve = _validate(src, name, cve_id, Cve, {
            "id": cve_id,
            "maker": r.maker,
            "brand": r.brand,
            "vendor_text": row.pop("vendor", "").strip(),
            "title": row.pop("title", "").strip(),
            "cvss": float(m.group(1)) if m else None,
            "cvss_text": cvss_text,
            "published": date.fromisoformat(published) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", published) else None,
            "known_exploited": r.known_exploited,
            "kev_date_added": r.kev_date_added,
            "kev_source_url": r.kev_source_url,
            "affected": r.affected,
            "affected_text": row.pop("affected", "").strip(),
            "fixed_in_text": row.pop("fixed_in", "").strip(),
            "source_url": row.pop("source_url", "").strip(),
        })
        if cve is not None:
            src.cves.append(cve)
    for cve_id in ranges.keys() - seen:
        src.problem("cve_ranges.yml", cve_id, "structures a CVE that cves.csv does not list", "references")


# --- YAML files ------------------------------------------------------------------------------------------


def _read_patterns(src: Sources) -> None:
    models = src.path / "models"
    files = sorted(models.glob("*.yml")) if models.is_dir() else []
    if not files:
        src.problem("models/", "-", "no model-pattern files")
    for path in files:
        name = f"models/{path.name}"
        data = _yaml(src, name)
        blocks = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
        for block in blocks:
            if not isinstance(block, dict) or "maker" not in block:
                src.problem(name, "-", "each block needs a `maker`")
                continue
            maker = block.pop("maker")
            for row in _rows(src, name, block.pop("patterns", None)):
                row = {**row, "maker": maker} if isinstance(row, dict) else row
                rid = row.get("id", "?") if isinstance(row, dict) else "?"
                pattern = _validate(src, name, rid, ModelPattern, row)
                if pattern is not None:
                    src.patterns.append(pattern)
            for row in _rows(src, name, block.pop("suffixes", None)):
                rid = row.get("id", "?") if isinstance(row, dict) else "?"
                suffix = _validate(src, name, rid, Suffix, row)
                if suffix is not None:
                    src.suffixes.setdefault(maker, []).append(suffix)
            for key in block:
                src.problem(name, maker, f"unknown key {key!r}")


def read_sources(path: Path | None = None) -> Sources:
    """Read and validate every file of a data directory; problems are collected, never raised."""
    src = Sources(path=Path(path) if path is not None else DATA_DIR)
    if not src.path.is_dir():
        src.problem(str(src.path), "-", "is not a directory: pass --data a catalogue data directory")
        return src
    for i, row in enumerate(_rows(src, "makers.yml", _yaml(src, "makers.yml"))):
        rid = row.get("name", i + 1) if isinstance(row, dict) else i + 1
        maker = _validate(src, "makers.yml", rid, Maker, row)
        if maker is not None:
            src.makers.append(maker)
    caps = _yaml(src, "capabilities.yml")
    if isinstance(caps, dict):
        for key in caps.keys() - {"source", "capabilities", "details"}:
            src.problem("capabilities.yml", key, f"unknown top-level key {key!r}")
    for row in _rows(src, "capabilities.yml", caps, "capabilities"):
        cap = _validate(src, "capabilities.yml", row.get("name", "?"), Capability, row)
        if cap is not None:
            src.capabilities.append(cap)
    for row in _rows(src, "capabilities.yml", caps, "details"):
        detail = _validate(src, "capabilities.yml", row.get("name", "?"), CapabilityDetail, row)
        if detail is not None:
            src.details.append(detail)
    for row in _rows(src, "product_lines.yml", _yaml(src, "product_lines.yml")):
        line = _validate(src, "product_lines.yml", row.get("name", "?"), ProductLine, row)
        if line is not None:
            src.product_lines.append(line)
    for row in _rows(src, "facts.yml", _yaml(src, "facts.yml")):
        fact = _validate(src, "facts.yml", row.get("id", "?"), Fact, row)
        if fact is not None:
            src.facts.append(fact)
    for i, row in enumerate(_csv(src, "oui.csv", ("prefix", "organisation", "source")), start=2):
        oui = _validate(src, "oui.csv", f"line {i}", OuiRow, {k: (v or "").strip() for k, v in row.items()})
        if oui is not None:
            src.oui.append(oui)
    _read_brands(src)
    _read_cves(src)
    _read_patterns(src)
    return src


@functools.lru_cache(maxsize=8)
def _load_cached(path: Path) -> Catalog:
    from whoswatching.catalog.checks import referential  # both modules import this one
    from whoswatching.catalog.index import Catalog  # noqa: F811 - runtime import; the index imports this module

    src = read_sources(path)
    referential(src)  # a dangling reference would make lookups lie: refuse, as for schema errors
    if src.problems:
        raise CatalogError(src.problems)
    return Catalog.from_sources(src)


def load_catalog(path: str | Path | None = None) -> Catalog:
    """The catalogue of ``path`` (default: the data shipped in the package), loaded once and cached.

    Raises :class:`CatalogError` listing every problem if the data does not validate.
    """
    return _load_cached(Path(path).resolve() if path is not None else DATA_DIR)
