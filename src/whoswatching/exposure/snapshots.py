"""Snapshots: the one door to the exposure domain's stored state (``DATA_DIR/exposure/<name>/``).

A snapshot holds ``records.parquet`` (normalised input), ``resolved.parquet`` (one classified row per
record), ``devices.parquet`` (one row per device attributed to a maker, with its CVE status: what the
reports count), ``observations.parquet`` (records joined to their device) and
``manifest.json`` (created, snapshot date, input hashes and reports, rule version, engine, counts,
skipped). A load writes into a temporary folder and renames it into place only when complete, so a
failed load never leaves a half-written snapshot.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from whoswatching import config
from whoswatching.exposure import engines, ingest
from whoswatching.exposure.catalogue import Resolver
from whoswatching.exposure.catalogue import resolver as default_resolver
from whoswatching.exposure.queries import DIMENSIONS, BuildCounts, aggregate, build, count_query
from whoswatching.exposure.records import COLUMNS, NAMES
from whoswatching.exposure.rules import RuleSet, load_rules

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$")
_ARROW = {"INTEGER": pa.int32(), "BIGINT": pa.int64(), "VARCHAR": pa.string()}
SCHEMA = pa.schema([(name, _ARROW[kind]) for name, kind in COLUMNS])
BATCH = 50_000
LEFTOVERS = ("resolved.parquet", "devices.parquet", "observations.parquet")


class SnapshotError(ValueError):
    """A snapshot name, path or state problem, with what to do next."""


def root(data_dir: Path | None = None) -> Path:
    return (data_dir or config.DATA_DIR) / "exposure"


def folder(name: str, data_dir: Path | None = None) -> Path:
    if not _NAME.match(name):
        raise SnapshotError(f"bad snapshot name {name!r}: use letters, digits, '.', '_' or '-'")
    return root(data_dir) / name


@dataclass(frozen=True)
class Manifest:
    data: dict[str, Any]

    @property
    def stamp(self) -> dict[str, Any]:
        """What every table carries: snapshot, its date, input hashes, rule version."""
        return {
            "snapshot": self.data["name"], "snapshot_date": self.data["snapshot_date"],
            "input_sha256": [i["sha256"] for i in self.data["inputs"]],
            "rule_version": self.data["rule_version"],
        }


def write_records(paths: Sequence[Path], target: Path, *, fmt: str | None,
                  progress: Callable[[int], None] | None = None) -> list[ingest.InputReport]:
    """Ingest every input into one Parquet file; return the per-input reports."""
    reports = []
    with pq.ParquetWriter(target, SCHEMA, compression="zstd") as writer:
        for index, path in enumerate(paths):
            report, rows = ingest.read(path, index=index, fmt=fmt)
            reports.append(report)
            batch: list[dict[str, Any]] = []
            for row in rows:
                batch.append(row)
                if len(batch) >= BATCH:
                    writer.write_table(pa.Table.from_pylist(batch, schema=SCHEMA))
                    if progress:
                        progress(len(batch))
                    batch = []
            if batch:
                writer.write_table(pa.Table.from_pylist(batch, schema=SCHEMA))
                if progress:
                    progress(len(batch))
    return reports


def _is_shodan(path: Path) -> bool:
    try:
        return ingest.detect(path) == "shodan"
    except ingest.UnknownFormat:
        return False


def _fast_build(paths: Sequence[Path], work: Path, *, rules: RuleSet, resolver: Resolver,
                progress: Callable[[int], None] | None) -> tuple[list[ingest.InputReport], BuildCounts, Any, dict[str, Any]] | None:
    """Clean Shodan files: DuckDB reads, classifies and counts them in one pass (``fast.py``).

    Returns None, leaving nothing behind, when DuckDB refuses the input (a bad line, a truncated gzip)
    or a record has no address: the Python ingest then reads the files and reports each problem.
    The normalised records are not stored (the input, identified by its hash, is the record).
    """
    import duckdb

    from whoswatching.exposure.engines.duckdb import DuckDBBackend
    from whoswatching.exposure.fast import shodan_resolved
    from whoswatching.exposure.ingest._lines import sha256_file

    with DuckDBBackend() as db:
        try:
            shodan_resolved(db, paths, rules, resolver)
            counts = aggregate(db, out=work, resolver=resolver)
        except duckdb.Error:
            for leftover in LEFTOVERS:
                (work / leftover).unlink(missing_ok=True)
            return None
        if db.rows("SELECT count(*) FROM resolved WHERE ip IS NULL")[0][0]:
            for leftover in LEFTOVERS:
                (work / leftover).unlink(missing_ok=True)
            return None
        per_input = dict(db.rows("SELECT input, count(*) FROM resolved GROUP BY input"))
        latest = db.rows("SELECT max(timestamp) FROM resolved")[0][0]
        tables = _count_all(db)
    reports = []
    for index, path in enumerate(paths):
        report = ingest.InputReport(path=str(path), sha256=sha256_file(path), format="shodan",
                                    used=int(per_input.get(index, 0)))
        reports.append(report)
        if progress:
            progress(report.used)
    return reports, counts, latest, tables


def snapshot_load(paths: Sequence[Path], *, name: str, engine: str = "duckdb", fmt: str | None = None,
                  data_dir: Path | None = None, rules: RuleSet | None = None, resolver: Resolver | None = None,
                  replace: bool = False, progress: Callable[[int], None] | None = None) -> Manifest:
    """Ingest scan files into a new snapshot, classify and deduplicate with ``engine``."""
    target = folder(name, data_dir)
    if target.exists() and not replace:
        raise SnapshotError(f"snapshot {name!r} exists at {target}; choose another name or pass --replace")
    for path in paths:
        if not path.is_file():
            raise SnapshotError(f"{path}: no such file")
    rules = rules or load_rules()
    resolver = resolver or default_resolver()
    work = target.with_name(f".{name}.loading")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        fast = None
        if engine == "duckdb" and fmt in (None, "shodan") and all(_is_shodan(p) for p in paths):
            fast = _fast_build(paths, work, rules=rules, resolver=resolver, progress=progress)
        if fast is not None:
            reports, counts, latest, tables = fast
        else:
            reports = write_records(paths, work / "records.parquet", fmt=fmt, progress=progress)
            with engines.get(engine) as backend:
                backend.read_parquet("records", work / "records.parquet")
                counts = build(backend, records="records", out=work, rules=rules, resolver=resolver)
                latest = backend.rows("SELECT max(timestamp) FROM resolved")[0][0]
                tables = _count_all(backend)
        manifest = {
            "name": name,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "snapshot_date": (str(latest)[:10] if latest else datetime.now(UTC).date().isoformat()),
            "engine": engine,
            "rule_version": rules.version,
            "inputs": [r.as_dict() for r in reports],
            "counts": {
                "records_used": sum(r.used for r in reports),
                "records_skipped": sum(r.skipped for r in reports),
                "services": counts.records,
                "services_attributed": counts.classified,
                "devices": counts.devices,
            },
            "columns": list(NAMES),
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2), "utf-8")
        _prebuild(work, Manifest(manifest).stamp, tables)
        if target.exists():
            shutil.rmtree(target)
        work.rename(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return Manifest(manifest)


def _count_all(backend: Any) -> dict[str, list[dict[str, Any]]]:
    """Every dimension's counts over the backend's ``maker_devices`` table (pre-built for the web)."""
    return {by: backend.dicts(count_query(by=by)) for by in DIMENSIONS}


def _prebuild(work: Path, stamp: dict[str, Any], tables: dict[str, list[dict[str, Any]]]) -> None:
    """Write every dimension's table to ``reports/<by>.json`` so pages only read files."""
    (work / "reports").mkdir()
    for by, rows in tables.items():
        report = _report(stamp, rows, by=by, top=None)
        (work / "reports" / f"{by}.json").write_text(json.dumps(report.as_dict(), default=str), "utf-8")


def snapshot_manifest(name: str, *, data_dir: Path | None = None) -> Manifest:
    path = folder(name, data_dir) / "manifest.json"
    if not path.exists():
        known = ", ".join(snapshot_names(data_dir=data_dir)) or "none yet"
        raise SnapshotError(f"no snapshot {name!r} (known: {known}); create it with `whoswatching exposure load`")
    return Manifest(json.loads(path.read_text("utf-8")))


def snapshot_names(*, data_dir: Path | None = None) -> list[str]:
    base = root(data_dir)
    return sorted(p.name for p in base.iterdir() if (p / "manifest.json").exists()) if base.exists() else []


@dataclass(frozen=True)
class Report:
    stamp: dict[str, Any]
    by: str
    columns: tuple[str, ...]
    rows: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {**self.stamp, "by": self.by, "units": UNITS, "rows": self.rows}


UNITS = {
    "ips": "distinct IP addresses (the seed's 'networks')",
    "services": "distinct IP:port/transport whose own banner identified the maker",
    "devices": "devices deduplicated by serial, MAC or ONVIF UUID, else by IP",
}


def _ordered(rows: list[dict[str, Any]], *, by: str, top: int | None) -> list[dict[str, Any]]:
    """Sort per maker by IPs, devices, services, then the dimension; with ``top``, rank and keep N."""
    columns = DIMENSIONS[by]
    rows = sorted(rows, key=lambda r: (r["maker"] or "", -r["ips"], -r["devices"], -r["services"],
                                       tuple((r[c] is None, str(r[c] or "")) for c in columns)))
    if not top:
        return rows
    seen: dict[str, int] = {}
    kept = []
    for row in rows:
        seen[row["maker"]] = seen.get(row["maker"], 0) + 1
        if seen[row["maker"]] <= top:
            kept.append({"rank": seen[row["maker"]], **row})
    return kept


def _report(stamp: dict[str, Any], rows: list[dict[str, Any]], *, by: str, top: int | None) -> Report:
    rows = _ordered(rows, by=by, top=top)
    columns = tuple(rows[0].keys()) if rows else ("maker", *DIMENSIONS[by], "ips", "services", "devices")
    return Report(stamp=stamp, by=by, columns=columns, rows=rows)


def snapshot_report(name: str, *, by: str = "country", top: int | None = None, country: str | None = None,
                    maker: str | None = None, engine: str = "duckdb", data_dir: Path | None = None) -> Report:
    """Count a snapshot per maker and ``by``; with ``top``, the N largest rows per maker (by IPs)."""
    manifest = snapshot_manifest(name, data_dir=data_dir)
    query = count_query(by=by, country=country.upper() if country else None, maker=maker)
    devices = folder(name, data_dir) / "devices.parquet"
    if not devices.exists():
        raise SnapshotError(f"snapshot {name!r} was written by an older version (no devices.parquet); "
                            "reload it with `whoswatching exposure load ... --replace`")
    with engines.get(engine) as backend:
        backend.read_parquet("maker_devices", devices)
        rows = backend.dicts(query)
    return _report(manifest.stamp, rows, by=by, top=top)


def snapshot_prebuilt(name: str, *, by: str, top: int | None = None, country: str | None = None,
                      data_dir: Path | None = None) -> Report:
    """A report from the tables written at load time (for web pages: no query runs in a request)."""
    if by not in DIMENSIONS:
        raise SnapshotError(f"unknown dimension {by!r}; choose from {', '.join(DIMENSIONS)}")
    manifest = snapshot_manifest(name, data_dir=data_dir)
    path = folder(name, data_dir) / "reports" / f"{by}.json"
    if not path.exists():
        raise SnapshotError(f"snapshot {name!r} has no pre-built {by} table; reload it with --replace")
    rows = json.loads(path.read_text("utf-8"))["rows"]
    if country:
        rows = [r for r in rows if r.get("country") == country.upper()]
    return _report(manifest.stamp, rows, by=by, top=top)
