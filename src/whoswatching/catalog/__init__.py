"""The catalogue: makers, brands, product lines, model-number patterns, capabilities, CVEs, OUIs, facts.

Pure Python data with a schema and a source on every fact (no Django). Use it through
:func:`load_catalog`, which validates the shipped data once and caches an immutable :class:`Catalog`::

    from whoswatching.catalog import load_catalog
    cat = load_catalog()
    cat.identify("DS-2CD2143G2-I").maker          # "Hikvision"
    cat.find_brand("ezviz").maker                   # "Hikvision"
    cat.cve_status("Hikvision", "DS-2CD2132F-I", "V5.4.0 build 160530")

The interface is a contract with the coding and exposure domains (docs/catalog.md): add, never rename.
"""

from whoswatching.catalog.firmware import Firmware, parse_firmware
from whoswatching.catalog.identify import normalise_model
from whoswatching.catalog.index import Attribution, Catalog, mac_prefix, name_key
from whoswatching.catalog.load import DATA_DIR, CatalogError, load_catalog
from whoswatching.catalog.schema import (
    AffectedRange,
    Brand,
    Capability,
    CapabilityDetail,
    Cve,
    CveMatch,
    Fact,
    Identification,
    Maker,
    ProductLine,
)

__all__ = [
    "DATA_DIR",
    "AffectedRange",
    "Attribution",
    "Brand",
    "Capability",
    "CapabilityDetail",
    "Catalog",
    "CatalogError",
    "Cve",
    "CveMatch",
    "Fact",
    "Firmware",
    "Identification",
    "Maker",
    "ProductLine",
    "load_catalog",
    "mac_prefix",
    "name_key",
    "normalise_model",
    "parse_firmware",
]
