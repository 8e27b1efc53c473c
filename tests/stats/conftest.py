from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def small_csv() -> Path:
    return DATA / "coded_small.csv"


@pytest.fixture
def write_csv(tmp_path):
    """Write CSV text to a file and return its path."""

    def _write(text: str, name: str = "coded.csv") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


HEADER = "body,sector,region,nation,responded,refused,uses_hikvision,uses_dahua,uses_other_chinese,capabilities\n"
