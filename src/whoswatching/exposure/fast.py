"""The DuckDB fast path for Shodan files: ``read_json`` -> normalised records without a Python loop.

Used by :func:`whoswatching.exposure.snapshots.snapshot_load` when the engine is DuckDB and every
input is Shodan JSON lines. DuckDB reads strictly: any line it cannot parse (invalid UTF-8, a line
over 16 MiB, JSON that is not an object, a truncated gzip stream) raises, and the load falls back to
the Python ingest (``ingest/shodan.py``), which skips and counts each bad line. So a clean file
takes the fast path and a damaged one is still read, with every skip reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb

from whoswatching.exposure.catalogue import Resolver
from whoswatching.exposure.engines.duckdb import DuckDBBackend
from whoswatching.exposure.ingest._lines import is_gzip
from whoswatching.exposure.queries import resolve_query, sql
from whoswatching.exposure.records import MAX_TEXT, NAMES
from whoswatching.exposure.rules import RuleSet

FastPathError = duckdb.Error


def shodan_query(path: Path, *, index: int, numbered: bool = True) -> str:
    """normalise_shodan.sql over one file; ``numbered=False`` leaves ``record`` NULL (see shodan_resolved)."""
    text = str(path)
    if "'" in text:
        raise ValueError(f"path with a quote is not supported: {text!r}")
    return sql("normalise_shodan", path=f"'{text}'", compression="'gzip'" if is_gzip(path) else "'none'",
               input=str(index), max_text=str(MAX_TEXT),
               record="ordinality" if numbered else "CAST(NULL AS BIGINT)",
               ordinality="WITH ORDINALITY" if numbered else "")


def shodan_resolved(db: DuckDBBackend, paths: Sequence[Path], rules: RuleSet, resolver: Resolver, *,
                    table: str = "resolved") -> None:
    """Read, normalise, classify and resolve Shodan files in one parallel DuckDB pass into view ``table``.

    Numbering lines in the scan (``WITH ORDINALITY``) would run the whole pass on one thread, so the
    scan is left unnumbered and each file is inserted in turn, in file order
    (``preserve_insertion_order``), into ``<table>_rows``; a row's ``record`` is then its rowid minus
    the rows of the files before it, plus one: the same line ordinal as :func:`shodan_fast_path`
    (tests/exposure/test_snapshots.py compares both). Raises ``duckdb.Error`` on bad input.
    """
    db.con.execute("SET preserve_insertion_order = true")
    rows, starts = f"{table}_rows", []
    for index, path in enumerate(paths):
        query = resolve_query(f"({shodan_query(path, index=index, numbered=False)})", rules, "duckdb", resolver)
        starts.append(db.rows(f"SELECT count(*) FROM {rows}")[0][0] if index else 0)
        if index:
            db.con.execute(f"INSERT INTO {rows} {query}")
        else:
            db.table(rows, query)
    start = "CASE input " + " ".join(f"WHEN {i} THEN {s}" for i, s in enumerate(starts)) + " END"
    db.view(table, f"SELECT * REPLACE (CAST(rowid + 1 - {start} AS BIGINT) AS record) FROM {rows}")


def shodan_fast_path(db: DuckDBBackend, paths: Sequence[Path], *, table: str = "records") -> None:
    """Define view ``table`` over Shodan files in DuckDB (read when queried; raises on bad input).

    ``preserve_insertion_order`` stays on for the connection so ``record`` follows file order.
    """
    db.con.execute("SET preserve_insertion_order = true")
    union = "\nUNION ALL\n".join(f"SELECT * FROM ({shodan_query(p, index=i)})" for i, p in enumerate(paths))
    db.view(table, f"SELECT {', '.join(NAMES)} FROM ({union})")


def shodan_to_parquet(paths: Sequence[Path], target: Path, *, index_offset: int = 0) -> dict[int, int] | None:
    """Write Shodan files to normalised Parquet in DuckDB; records per input, or None to fall back.

    None means DuckDB refused something (bad line, truncated gzip) or a record lacks an IP: the
    Python ingest then reads the files and reports each problem.
    """
    with DuckDBBackend() as db:
        try:
            shodan_fast_path(db, paths)
            db.con.execute(f"COPY records TO '{target}' (FORMAT parquet, COMPRESSION zstd)")
        except FastPathError:
            target.unlink(missing_ok=True)
            return None
        db.read_parquet("written", target)
        if db.rows("SELECT count(*) FROM written WHERE ip IS NULL")[0][0]:
            target.unlink(missing_ok=True)
            return None
        return {int(i): int(n) for i, n in db.rows("SELECT input, count(*) FROM written GROUP BY input")}
