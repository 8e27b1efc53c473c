"""Query engines. DuckDB (embedded, default) and Apache Spark (optional extra ``spark``) run the same
named SQL files through :func:`whoswatching.exposure.queries.build`; :data:`ENGINES` lists them."""

from __future__ import annotations

ENGINES = ("duckdb", "spark")


def get(name: str):  # -> Backend context manager
    if name == "duckdb":
        from whoswatching.exposure.engines.duckdb import DuckDBBackend

        return DuckDBBackend()
    if name == "spark":
        from whoswatching.exposure.engines.spark import SparkBackend

        return SparkBackend()
    raise ValueError(f"unknown engine {name!r}; choose from {', '.join(ENGINES)}")
