"""Fixtures for the registry tests: CSV writers and paths to the bundled and sample files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from whoswatching.registry.sources import DATA

HERE = Path(__file__).resolve().parent
GIAS_SAMPLE = HERE / "data" / "gias_sample.csv"

PLAIN_HEADER = ["name", "sector", "region", "nation", "identifier_scheme", "identifier", "email", "email_state",
                "is_primary", "foi_law", "website", "source"]


def csv_bytes(header: list[str], rows: list[list[str]], *, encoding: str = "utf-8") -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode(encoding)


@pytest.fixture
def write_csv(tmp_path):
    """write_csv(name, header, rows, encoding="utf-8") -> Path"""

    def write(name: str, header: list[str], rows: list[list[str]], *, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(csv_bytes(header, rows, encoding=encoding))
        return path

    return write


@pytest.fixture
def councils_rows() -> tuple[list[str], list[list[str]]]:
    """Header and rows of the bundled councils register, to make altered copies of it."""
    with (DATA / "councils.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def plain_row(**values: str) -> list[str]:
    return [values.get(column, "") for column in PLAIN_HEADER]
