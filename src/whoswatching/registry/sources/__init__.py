"""The sources the register imports from: one module per source plus a ``.yml`` of metadata each.

``SOURCES`` is the one explicit list (house style: explicit registries over discovery). A source
module exposes ``REQUIRED``, ``KNOWN`` and ``IGNORED`` column names and ``parse(file, meta)``, which
yields one :class:`~whoswatching.registry.records.RowOutcome` per data row and never touches the
database. Its ``.yml`` gives publisher, url, licence, bundled file and count assertions
(:class:`SourceMeta`, checked by pydantic when loaded).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType

import yaml
from pydantic import BaseModel, ConfigDict

from whoswatching.registry.sources._read import CsvFile, SourceFormatError, read_csv, unknown_columns

__all__ = ["BUNDLED", "SOURCES", "Source", "check_bundled", "check_file", "SourceFormatError", "SourceMeta", "get_source", "read_csv", "unknown_columns"]

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data"

#: Every source, in the order ``registry load-bundled`` imports the bundled ones.
SOURCES = ("councils", "nhs_trusts", "police_forces", "universities", "gias", "csv")
#: The sources whose files ship in ``registry/data/`` (loaded by ``whoswatching setup``).
BUNDLED = ("councils", "nhs_trusts", "police_forces", "universities")


class RowCountAssertion(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min: int = 0
    max: int | None = None


class SourceMeta(BaseModel):
    """The ``<source>.yml`` schema."""

    model_config = ConfigDict(extra="forbid")
    name: str
    title: str
    publisher: str
    url: str
    licence: str
    attribution: str = ""
    frequency: str = ""
    module: str
    bundled_file: str | None = None  # file name under registry/data/, when the package ships one
    notes: str = ""
    assertions: dict[str, RowCountAssertion] = {}


@dataclass(frozen=True)
class Source:
    meta: SourceMeta
    module: ModuleType

    @property
    def name(self) -> str:
        return self.meta.name

    @property
    def bundled_path(self) -> Path | None:
        return DATA / self.meta.bundled_file if self.meta.bundled_file else None

    def read(self, path: Path | None = None) -> CsvFile:
        """Read ``path`` (or the bundled file) with this source's required columns checked."""
        target = path or self.bundled_path
        if target is None:
            raise SourceFormatError(f"{self.name}: this source ships no file; give the path of a file to import")
        if not Path(target).is_file():
            raise SourceFormatError(f"{self.name}: no such file {str(target)!r}")
        return read_csv(Path(target), required=self.module.REQUIRED, name=self.name)

    def unknown_columns(self, file: CsvFile) -> list[str]:
        if getattr(self.module, "IGNORE_OTHER_COLUMNS", False):
            return []
        return unknown_columns(file.header, self.module.KNOWN, self.module.IGNORED)

    def check_counts(self, counts: dict[str, int]) -> list[str]:
        """Assertions from the ``.yml`` (zavod style) against the import's counts; failures as text."""
        failures = []
        for key, rule in self.meta.assertions.items():
            value = counts.get(key, 0)
            if value < rule.min or (rule.max is not None and value > rule.max):
                bound = f"{rule.min}..{rule.max if rule.max is not None else ''}"
                failures.append(f"assertion failed: {key} = {value}, expected {bound}")
        return failures


def check_file(source: Source, path: Path | None = None) -> list[str]:
    """Check a source file without a database: parse it, then the ``.yml`` count assertions,
    rejected rows, duplicate identifiers and unknown columns. Returns the problems (empty = OK)."""
    from whoswatching.registry.records import Accepted, Rejected

    file = source.read(path)
    outcomes = list(source.module.parse(file, source.meta))
    accepted = [o for o in outcomes if isinstance(o, Accepted)]
    rejected = [o for o in outcomes if isinstance(o, Rejected)]
    problems = [f"row {o.row}: {o.reason}" for o in rejected[:20]]
    seen: dict[tuple[str, str], int] = {}
    for o in accepted:
        key = (o.record.identifier_scheme, o.record.identifier)
        if o.record.identifier and key in seen:
            problems.append(f"row {o.row}: duplicate identifier {key[0]} {key[1]} (first on row {seen[key]})")
        seen.setdefault(key, o.row)
    unknown = source.unknown_columns(file)
    if unknown:
        problems.append(f"unknown columns: {', '.join(unknown)}")
    counts = {"rows": len(outcomes), "accepted": len(accepted), "rejected": len(rejected)}
    return problems + source.check_counts(counts)


def check_bundled() -> dict[str, list[str]]:
    """:func:`check_file` for every bundled register; no database needed."""
    return {name: check_file(get_source(name)) for name in BUNDLED}


@cache
def get_source(name: str) -> Source:
    """The source called ``name``; ``KeyError`` naming the known sources otherwise."""
    if name not in SOURCES:
        raise KeyError(f"unknown source {name!r}; choose from {', '.join(SOURCES)}")
    raw = yaml.safe_load((HERE / f"{name}.yml").read_text(encoding="utf-8"))
    meta = SourceMeta.model_validate(raw)
    module = importlib.import_module(f"whoswatching.registry.sources.{meta.module}")
    return Source(meta=meta, module=module)


def all_sources() -> tuple[Source, ...]:
    return tuple(get_source(name) for name in SOURCES)
