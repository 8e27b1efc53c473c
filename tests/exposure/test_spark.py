"""DuckDB and Spark give identical tables on the same input (Spark in local mode on 127.0.0.1)."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from tests.exposure.conftest import DATA
from whoswatching.exposure.queries import DIMENSIONS
from whoswatching.exposure.snapshots import folder, snapshot_load, snapshot_report

pytest.importorskip("pyspark")
pytestmark = pytest.mark.slow


def test_duckdb_and_spark_give_identical_tables(tmp_path, resolver, monkeypatch):
    monkeypatch.setenv("SPARK_LOCAL_IP", "127.0.0.1")
    inputs = [DATA / "labelled.jsonl", DATA / "scans" / "censys-host.json", DATA / "scans" / "nmap.xml"]
    data_dir = tmp_path / "data"
    snapshot_load(inputs, name="duck", engine="duckdb", data_dir=data_dir, resolver=resolver)
    snapshot_load(inputs, name="spark", engine="spark", data_dir=data_dir, resolver=resolver)
    key = [("input", "ascending"), ("record", "ascending"), ("port", "ascending")]
    duck = pq.read_table(folder("duck", data_dir) / "resolved.parquet").sort_by(key)
    spark = pq.read_table(folder("spark", data_dir) / "resolved.parquet").sort_by(key)
    assert duck.to_pylist() == spark.select(duck.column_names).to_pylist()
    for by in DIMENSIONS:
        expected = snapshot_report("duck", by=by, data_dir=data_dir).rows
        assert snapshot_report("spark", by=by, data_dir=data_dir, engine="spark").rows == expected, by
        assert snapshot_report("duck", by=by, data_dir=data_dir, engine="spark").rows == expected, by
