"""Exposure fixtures: the resolver over the real catalogue (brands, OUI prefixes, CVE ranges)."""

from __future__ import annotations

from pathlib import Path

import pytest

from whoswatching.exposure.catalogue import Resolver

DATA = Path(__file__).parent / "data"


def make_resolver() -> Resolver:
    from whoswatching.catalog import load_catalog

    return Resolver(load_catalog())


@pytest.fixture(scope="session")
def resolver() -> Resolver:
    return make_resolver()
