"""Named SQL files (``exposure/sql/*.sql``) and the build pipeline shared by every engine.

Each ``.sql`` file opens with a comment stating its purpose and inputs; placeholders in braces are
filled here. :func:`build` runs classify -> resolve -> devices -> maker devices (+ observations) on any
:class:`Backend`, with the catalogue's answers (through :class:`~whoswatching.exposure.catalogue.Resolver`)
written into the resolve query as constant maps (every counted brand and MAC block), then as a small
table of the maker/model/firmware triples the devices hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from whoswatching.exposure.catalogue import GRADE_FACTOR, OUI_FACTOR, Resolver
from whoswatching.exposure.compile import (
    DIALECTS,
    extract_columns,
    fired_column,
    gate_columns,
    match_columns,
    witness_columns,
    yield_columns,
)
from whoswatching.exposure.rules import RuleSet

#: Report dimensions: name -> grouping columns of maker_devices.sql (all device attributes).
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "maker": (),
    "country": ("country",),
    "city": ("country", "city"),
    "asn": ("asn", "org"),
    "model": ("model",),
    "firmware": ("model", "firmware"),
    "cve": ("cve_status",),
    "brand": ("brand",),
}


def sql(name: str, **params: str) -> str:
    """The text of ``sql/<name>.sql`` with its placeholders filled."""
    text = resources.files("whoswatching.exposure.sql").joinpath(f"{name}.sql").read_text("utf-8")
    return text.format(**params)


class Backend(Protocol):
    """What an engine offers the pipeline: materialise SQL, register small tables, fetch, read, write."""

    dialect: str

    def read_parquet(self, name: str, path: Path) -> None: ...
    def table(self, name: str, query: str) -> None: ...
    def view(self, name: str, query: str) -> None: ...
    def register(self, name: str, columns: list[tuple[str, str]], rows: list[tuple[Any, ...]]) -> None: ...
    def rows(self, query: str) -> list[tuple[Any, ...]]: ...
    def write_parquet(self, name: str, path: Path) -> None: ...


@dataclass(frozen=True)
class BuildCounts:
    records: int
    classified: int
    devices: int


def classify_query(source: str, rules: RuleSet, dialect: str) -> str:
    """classify.sql over ``source`` with the compiled rule set for ``dialect``."""
    compiled = DIALECTS[dialect]
    return sql("classify", source=source, gates=gate_columns(rules, compiled),
               witnesses=witness_columns(rules, compiled), matches=match_columns(rules, compiled),
               fired=fired_column(rules), extracts=extract_columns(rules, compiled),
               yields=yield_columns(rules, compiled))


def _struct(dialect: str, fields: list[tuple[str, str]]) -> str:
    """A struct constructor with named fields: DuckDB ``struct_pack``, Spark ``named_struct``."""
    if dialect == "spark":
        return "named_struct(" + ", ".join(f"'{name}', {expr}" for name, expr in fields) + ")"
    return "struct_pack(" + ", ".join(f"{name} := {expr}" for name, expr in fields) + ")"


def devices_query(resolved: str, keys: str, dialect: str) -> str:
    """devices.sql over ``resolved`` and device ``keys``, its ordering keys and geography struct built for ``dialect``."""
    evidence = _struct(dialect, [("c", "COALESCE(-confidence, CAST('Infinity' AS DOUBLE))"), ("i", "input"),
                                 ("r", "record")])
    recency = _struct(dialect, [("c", "country IS NOT NULL"), ("h", "timestamp IS NOT NULL"),
                                ("t", "COALESCE(timestamp, '')"), ("i", "input"), ("r", "record")])
    geo = _struct(dialect, [(c, c) for c in ("country", "city", "asn", "org")])
    return sql("devices", resolved=resolved, keys=keys, evidence=evidence, recency=recency, geo=geo)


def _text(value: str) -> str:
    """A string literal both engines read alike, a quote spelled ``chr(39)`` (no escape rules to differ)."""
    return " || chr(39) || ".join(f"'{part}'" for part in value.split("'"))


def _lookup(dialect: str, pairs: list[tuple[str, str]], key: str, value_type: str) -> str:
    """``key`` looked up in a constant map of ``pairs`` (NULL when absent), as an expression.

    An expression rather than a join: DuckDB cannot estimate how many rows ``read_json`` gives, so
    it planned each join with the small map as the probe side and built a hash table of every record.
    """
    if not pairs:
        return f"CAST(NULL AS {value_type})"
    if dialect == "spark":
        entries = ", ".join(f"{_text(k)}, {v}" for k, v in pairs)
        return f"map({entries})[{key}]"
    entries = ", ".join(f"{_text(k)}: {v}" for k, v in pairs)
    return f"MAP {{{entries}}}[{key}]"


def resolve_query(records: str, rules: RuleSet, dialect: str, resolver: Resolver) -> str:
    """resolve.sql over classify.sql over ``records``: one row per record with its maker and the rules.

    The catalogue's answers do not depend on the data, so they are written into the query as
    constant maps: every counted brand (its maker, grade and confidence factor) and every maker's
    MAC blocks (MA-L, MA-M, MA-S).
    """
    brand_type = ("STRUCT<maker: STRING, grade: STRING, factor: DOUBLE>" if dialect == "spark"
                  else "STRUCT(maker VARCHAR, grade VARCHAR, factor DOUBLE)")
    brands = [(key, _struct(dialect, [("maker", _text(maker)), ("grade", _text(grade)),
                                      ("factor", f"CAST({GRADE_FACTOR[grade]!r} AS DOUBLE)")]))
              for key, (maker, grade) in sorted(resolver.brands.items())]
    blocks = [(prefix, _text(maker)) for prefix, maker in sorted(resolver.oui_blocks())]
    oui = [_lookup(dialect, blocks, f"substr(c.mac, 1, {n})", "STRING") for n in (6, 9, 7)]
    return sql("resolve", classified=f"({classify_query(records, rules, dialect)})", oui_factor=repr(OUI_FACTOR),
               brand=_lookup(dialect, brands, "lower(c.brand)", brand_type),
               oui6=oui[0], oui9=oui[1], oui7=oui[2])


def build(backend: Backend, *, records: str, out: Path | None, rules: RuleSet, resolver: Resolver) -> BuildCounts:
    """Classify the ``records`` table; write ``resolved``, ``devices`` and ``observations`` Parquet under ``out``.

    With ``out=None`` nothing is written: the tables stay in the backend (callers that only want counts).
    """
    backend.table("resolved", resolve_query(records, rules, backend.dialect, resolver))
    return aggregate(backend, out=out, resolver=resolver)


def aggregate(backend: Backend, *, out: Path | None, resolver: Resolver) -> BuildCounts:
    """From a ``resolved`` relation (resolve.sql's columns): device keys, devices, maker devices.

    ``maker_devices`` (what :func:`count_query` counts) stays in the backend; with ``out``, it and
    ``resolved`` are written to Parquet along with ``observations`` (each record with its device),
    which is only built to be written.
    """
    backend.table("device_keys", sql("device_keys", resolved="resolved"))
    backend.table("devices", devices_query("resolved", "device_keys", backend.dialect))
    triples = backend.rows("SELECT DISTINCT maker, model, firmware FROM devices WHERE maker IS NOT NULL")
    cve_rows = []
    for maker, model, firmware in sorted(triples, key=lambda t: tuple("" if v is None else v for v in t)):
        summary = resolver.cve(maker, model, firmware)
        ids = ",".join(str(c["id"]) for c in summary.cves) or None
        cve_rows.append((maker, model, firmware, summary.status, summary.known_exploited, ids))
    backend.register("cve_map", [("maker", "STRING"), ("model", "STRING"), ("firmware", "STRING"),
                                 ("cve_status", "STRING"), ("known_exploited", "BOOLEAN"), ("cve_ids", "STRING")],
                     cve_rows)
    backend.table("maker_devices", sql("maker_devices", devices="devices"))
    if out is not None:  # the per-record export, only built to be written
        backend.view("observations", sql("observations", resolved="resolved", keys="device_keys",
                                         devices="maker_devices"))
        backend.write_parquet("resolved", out / "resolved.parquet")
        backend.write_parquet("maker_devices", out / "devices.parquet")
        backend.write_parquet("observations", out / "observations.parquet")
    total, classified = backend.rows("SELECT count(*), count(maker) FROM resolved")[0]
    devices = backend.rows("SELECT count(*) FROM maker_devices")[0][0]
    return BuildCounts(records=int(total), classified=int(classified), devices=int(devices))


def count_query(*, by: str, devices: str = "maker_devices", country: str | None = None,
                maker: str | None = None) -> str:
    """The count.sql text for one dimension, optionally filtered to a country and/or maker."""
    if by not in DIMENSIONS:
        raise ValueError(f"unknown dimension {by!r}; choose from {', '.join(DIMENSIONS)}")
    columns = DIMENSIONS[by]
    where = ["1 = 1"]
    for column, value in (("country", country), ("maker", maker)):
        if value is not None:
            if "'" in value:
                raise ValueError(f"quote in filter value {value!r}")
            where.append(f"{column} = '{value}'")
    extra = "".join(f", {c}" for c in columns)
    return sql("count", devices=devices, dimensions_select=extra, dimensions_group=extra,
               where=" AND ".join(where))
