"""The Apache Spark engine (optional extra ``spark``): the same named SQL as DuckDB, in Spark SQL.

Differences from DuckDB, all handled in ``compile.py`` and here:

- regular expressions are java.util.regex (``RLIKE``, ``regexp_extract``) instead of RE2; rule
  patterns keep to the subset both read alike (``rules.check_portable``);
- string literals keep backslashes only with ``spark.sql.parser.escapedStringLiterals=true``;
- ``regexp_replace`` replaces every match without a flag;
- no ``read_json`` fast path: records are always read from the snapshot's ``records.parquet``;
- Parquet outputs are folders of part files (DuckDB reads them with a glob).

The session runs in local mode bound to 127.0.0.1 with the UI off (``SPARK_LOCAL_IP``); set
``WHOSWATCHING_SPARK_MASTER`` to submit to a cluster instead.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def session(master: str | None = None):  # -> pyspark.sql.SparkSession
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - depends on the optional extra
        raise RuntimeError("the Spark engine needs PySpark: pip install 'whoswatching[spark]'") from exc
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    master = master or os.environ.get("WHOSWATCHING_SPARK_MASTER") or "local[2]"
    return (
        SparkSession.builder.master(master)
        .appName("whoswatching-exposure")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.parser.escapedStringLiterals", "true")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.log.level", "ERROR")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.default.parallelism", "2")
        # classify.sql has one boolean per rule, pre-filter and capture group: inferring constraints
        # across them exhausts the driver's heap; they only prune, so turning it off changes no result
        .config("spark.sql.constraintPropagation.enabled", "false")
        .getOrCreate()
    )


class SparkBackend:
    dialect = "spark"

    def __init__(self, master: str | None = None) -> None:
        self.spark = session(master)
        self._cached: list[Any] = []

    def __enter__(self) -> SparkBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        for frame in self._cached:
            frame.unpersist()
        self._cached.clear()

    def read_parquet(self, name: str, path: Path) -> None:
        self.spark.read.parquet(str(path)).createOrReplaceTempView(name)

    def table(self, name: str, query: str) -> None:
        frame = self.spark.sql(query).cache()
        frame.count()
        self._cached.append(frame)
        frame.createOrReplaceTempView(name)

    def view(self, name: str, query: str) -> None:
        self.spark.sql(query).createOrReplaceTempView(name)

    def register(self, name: str, columns: list[tuple[str, str]], rows: list[tuple[Any, ...]]) -> None:
        schema = ", ".join(f"{c} {t}" for c, t in columns)
        self.spark.createDataFrame(rows, schema=schema).createOrReplaceTempView(name)

    def rows(self, query: str) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.spark.sql(query).collect()]

    def dicts(self, query: str) -> list[dict[str, Any]]:
        return [row.asDict() for row in self.spark.sql(query).collect()]

    def write_parquet(self, name: str, path: Path) -> None:
        self.spark.table(name).coalesce(1).write.mode("overwrite").parquet(str(path))
