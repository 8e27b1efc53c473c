"""The catalogue's public interface (docs/catalog.md, catalog-contract): names other domains rely on."""

from __future__ import annotations

import whoswatching.catalog as catalog
from whoswatching.catalog import load_catalog


def test_exported_members():
    assert set(catalog.__all__) == {
        "DATA_DIR", "AffectedRange", "Attribution", "Brand", "Capability", "CapabilityDetail", "Catalog",
        "CatalogError", "Cve", "CveMatch", "Fact", "Firmware", "Identification", "Maker", "ProductLine",
        "load_catalog", "mac_prefix", "name_key", "normalise_model", "parse_firmware",
    }
    for name in catalog.__all__:
        assert getattr(catalog, name) is not None


def test_contract_fields_and_methods():
    cat = load_catalog()
    for attr in ("makers", "brands", "capabilities", "product_lines", "cves", "facts", "capability_details"):
        assert hasattr(cat, attr), attr
    for method in ("find_maker", "find_brand", "normalise_model", "identify", "oui_maker", "cve_status"):
        assert callable(getattr(cat, method)), method
    maker = cat.makers["Hikvision"]
    assert {"name", "aliases", "country", "chinese", "state_owned", "facts"} <= set(type(maker).model_fields)
    brand = cat.brands["Ezviz"]
    assert {"name", "maker", "relation", "grade", "evidence", "source_url"} <= set(type(brand).model_fields)
    assert isinstance(brand.counts_as_maker, bool)
    ident = cat.identify("DS-2CD2143G2-I")
    assert {"model", "maker", "product_line", "kind", "capabilities", "capability_details", "pattern"} <= set(
        type(ident).model_fields
    )
    cap = cat.capabilities["thermal"]
    assert {"name", "label", "keywords", "details"} <= set(type(cap).model_fields)
    line = cat.product_lines["WizMind"]
    assert {"name", "maker", "capabilities", "capability_details", "source_url"} <= set(type(line).model_fields)
    cve = cat.cves[0]
    assert {"id", "maker", "title", "cvss", "published", "known_exploited", "affected", "source_url"} <= set(
        type(cve).model_fields
    )
    assert {"model_pattern", "min_version", "max_version", "fixed_in"} <= set(type(cve.affected[0]).model_fields)
    match = cat.cve_status("Hikvision", "DS-2CD2143G2-I", None)[0]
    assert {"cve_id", "status", "known_exploited", "reason"} <= set(type(match).model_fields)
    fw = catalog.parse_firmware("V5.4.0 build 160530")
    assert (fw.version, fw.build is not None, fw.raw) == ((5, 4, 0), True, "V5.4.0 build 160530")
