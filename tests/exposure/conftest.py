"""Exposure fixtures: the resolver over the real catalogue, or a stand-in built from the shared
brand and OUI lists while the catalogue package is being written (no CVE ranges then)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import SHARED
from whoswatching.exposure.catalogue import Resolver

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class _Brand:
    name: str
    maker: str
    grade: str
    aliases: tuple[str, ...] = ()

    @property
    def counts_as_maker(self) -> bool:
        return self.grade != "weak"


@dataclass(frozen=True)
class _Maker:
    name: str
    aliases: tuple[str, ...]


class StandInCatalog:
    """Brands and OUIs from ../shared/data; makers Hikvision and Dahua; no CVEs."""

    def __init__(self) -> None:
        self.makers = {"Hikvision": _Maker("Hikvision", ("HIKVISION", "Hangzhou Hikvision Digital Technology")),
                       "Dahua": _Maker("Dahua", ("Dahua Technology", "DH"))}
        self.brands = {}
        with (SHARED / "data" / "oem_brands.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                evidence = row["evidence"].lower()
                grade = next((g for g in ("strong", "medium", "weak") if g in evidence.split(":")[0]), "weak")
                maker = row["manufacturer"].split("/")[0].split(" (")[0].strip()
                if maker in self.makers:
                    self.brands[row["brand"]] = _Brand(row["brand"], maker, grade)
        self.ouis = {}
        with (SHARED / "data" / "protocols" / "oui.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                org = row["organisation"].lower()
                maker = "Hikvision" if ("hikvision" in org or "ezviz" in org or "microimage" in org) else (
                    "Dahua" if ("dahua" in org or "huacheng" in org) else None)
                if maker and len(row["prefix"]) == 8:
                    self.ouis[row["prefix"].replace(":", "").upper()] = maker

    def oui_maker(self, mac: str) -> str | None:
        return self.ouis.get(mac[:6])

    def cve_status(self, maker, model, firmware):
        return []


def make_resolver() -> Resolver:
    try:
        from whoswatching.catalog import load_catalog
    except ImportError:
        return Resolver(StandInCatalog())  # type: ignore[arg-type]
    return Resolver(load_catalog())


@pytest.fixture(scope="session")
def resolver() -> Resolver:
    return make_resolver()
