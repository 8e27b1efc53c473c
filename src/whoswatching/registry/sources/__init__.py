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

__all__ = ["SOURCES", "Source", "SourceFormatError", "SourceMeta", "get_source", "read_csv", "unknown_columns"]

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data"

#: Every source, in the order ``registry load-bundled`` imports the bundled ones.
SOURCES = ("councils", "nhs_trusts", "police_forces", "universities", "gias", "csv")


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
