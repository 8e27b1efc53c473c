from __future__ import annotations

import json

from whoswatching.stats.coded import REGIONS
from whoswatching.stats.report.geo import build_regions, load_regions


def test_shipped_map_has_the_twelve_regions():
    geo = load_regions()
    assert sorted(f["properties"]["region"] for f in geo["features"]) == sorted(REGIONS)
    assert "Martin Chorley" in geo["attribution"]


def test_shipped_map_is_rebuilt_exactly_from_the_shared_files(shared_data):
    src = shared_data / "geo"
    eer = json.loads((src / "electoral_gb_topo_eer.json").read_text())
    ni = json.loads((src / "administrative_ni_topo_lgd.json").read_text())
    assert build_regions(eer, ni) == load_regions()


def test_exterior_rings_are_clockwise():
    for f in load_regions()["features"]:
        for poly in f["geometry"]["coordinates"]:
            ring = poly[0]
            area = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))
            assert area < 0, f["properties"]["region"]
