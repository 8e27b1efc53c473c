"""The DuckDB engine (embedded, the default): RE2 regular expressions, vectorised, multi-threaded.

Differences from Spark (see ``engines/spark.py``): DuckDB calls ``regexp_matches`` where Spark writes
``RLIKE``, and ``regexp_replace`` needs the ``'g'`` flag; both are produced by ``compile.py``.
DuckDB also offers the Shodan fast path (``sql/normalise_shodan.sql``): ``read_json`` straight from
the (gzip) file, used by ``load`` when the whole file parses cleanly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb


def _literal_path(path: Path) -> str:
    text = str(path)
    if "'" in text:
        raise ValueError(f"path with a quote is not supported: {text!r}")
    return f"'{text}'"


class DuckDBBackend:
    dialect = "duckdb"

    def __init__(self, *, threads: int | None = None, memory_limit: str | None = None) -> None:
        self.con = duckdb.connect(":memory:")
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        if memory_limit:
            self.con.execute(f"SET memory_limit = '{memory_limit}'")
        self.con.execute("SET preserve_insertion_order = false")

    def __enter__(self) -> DuckDBBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.con.close()

    def read_parquet(self, name: str, path: Path) -> None:
        target = path / "*.parquet" if path.is_dir() else path
        self.con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet({_literal_path(target)})")

    def view(self, name: str, query: str) -> None:
        self.con.execute(f"CREATE OR REPLACE VIEW {name} AS {query}")

    def table(self, name: str, query: str) -> None:
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {query}")

    def register(self, name: str, columns: list[tuple[str, str]], rows: list[tuple[Any, ...]]) -> None:
        spec = ", ".join(f"{c} {t}" for c, t in columns)
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({spec})")
        if rows:
            self.con.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' for _ in columns)})", rows)

    def rows(self, query: str) -> list[tuple[Any, ...]]:
        return self.con.execute(query).fetchall()

    def dicts(self, query: str) -> list[dict[str, Any]]:
        cursor = self.con.execute(query)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def write_parquet(self, name: str, path: Path) -> None:
        self.con.execute(f"COPY {name} TO {_literal_path(path)} (FORMAT parquet, COMPRESSION snappy)")
