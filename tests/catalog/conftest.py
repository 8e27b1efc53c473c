"""Fixtures for the catalogue tests: the shipped catalogue, and a writable copy of its data to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from whoswatching.catalog import DATA_DIR, load_catalog


@pytest.fixture(scope="session")
def cat():
    return load_catalog()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the shipped data directory that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target
