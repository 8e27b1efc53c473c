"""Stats benchmark: tables for 10,000 coded bodies (target < 1 s) and the full report (target < 10 s).

Baseline, measured in the same run: a bare ``csv.DictReader`` pass over the same file (no validation,
no statistics). The fictional bodies come from ``whoswatching.stats.fictional`` (seeded).
"""

from __future__ import annotations

import csv
import tempfile
import time
from pathlib import Path

from whoswatching.stats.coded import read_coded_csv, rows_to_csv
from whoswatching.stats.fictional import fictional_bodies
from whoswatching.stats.report.build import build_report
from whoswatching.stats.tables import build_tables

N = 10_000


def _timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def run() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "coded.csv"
        path.write_text(rows_to_csv(fictional_bodies(N)), encoding="utf-8")

        def bare_parse() -> int:
            with path.open(newline="", encoding="utf-8") as fh:
                return sum(1 for _ in csv.DictReader(fh))

        t_base, count = _timed(bare_parse)
        t_read, table = _timed(lambda: read_coded_csv(path))
        t_tables, _ = _timed(lambda: build_tables(table))
        t_cold, result = _timed(lambda: build_report(read_coded_csv(path), Path(tmp) / "cold"))
        t_warm, _ = _timed(lambda: build_report(read_coded_csv(path), Path(tmp) / "warm"))
        size = sum(p.stat().st_size for p in result.files)
        print(f"bodies                        {count:>8}")
        print(f"baseline: bare CSV parse      {t_base * 1000:8.1f} ms")
        print(f"read + validate CSV           {t_read * 1000:8.1f} ms")
        print(f"tables (all)                  {t_tables * 1000:8.1f} ms")
        print(f"tables incl. read + validate  {(t_read + t_tables) * 1000:8.1f} ms   (target < 1000 ms)")
        print(f"full report, cold (HTML+XLSX+CSV+JSON+SVG charts, first chart render) "
              f"{t_cold:6.2f} s   (target < 10 s)")
        print(f"full report, warm             {t_warm:8.2f} s   {len(result.files)} files, {size / 1e6:.1f} MB")
