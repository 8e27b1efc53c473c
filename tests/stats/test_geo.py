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


def test_maps_draw_every_region_grey_where_there_is_no_answer():
    """Vega-Lite drops null values of a continuous field unless ``invalid`` is off: regions without a
    usable answer vanished from the map instead of being drawn grey ("grey = n/a")."""
    from whoswatching.stats.report.charts import choropleth, render_svg, sector_maps

    regions = [
        {"sector": "government", "region": "Northern Ireland", "either_pct": 80.0, "n": 4},
        {"sector": "government", "region": "London", "either_pct": None, "n": 0},
    ]
    svg = render_svg(choropleth(regions, sector="government", denominator="valid"))
    assert svg.count('aria-roledescription="geoshape"') == len(REGIONS)
    assert svg.count("#d0d0d0") == len(REGIONS) - 1
    small = render_svg(sector_maps(regions, denominator="valid"))
    assert small.count('aria-roledescription="geoshape"') == len(REGIONS)
    assert small.count("#d0d0d0") == len(REGIONS) - 1


def test_bar_charts_name_the_groups_they_cannot_draw():
    from whoswatching.stats.report.charts import render_svg, sectors_chart

    rows = [
        {"sector": "council", "n": 2, "either": 1, "either_pct": 50.0, "either_ci95": [9.45, 90.55],
         "hikvision": 1, "hikvision_pct": 50.0, "hikvision_ci95": [9.45, 90.55],
         "dahua": 0, "dahua_pct": 0.0, "dahua_ci95": [0.0, 65.76]},
        {"sector": "police", "n": 0, "either": 0, "either_pct": None, "either_ci95": None,
         "hikvision": 0, "hikvision_pct": None, "hikvision_ci95": None,
         "dahua": 0, "dahua_pct": None, "dahua_ci95": None},
    ]
    svg = render_svg(sectors_chart(rows, "valid"))
    assert "not drawn: Police forces" in svg
    full = render_svg(sectors_chart(rows[:1], "valid"))
    assert "not drawn" not in full
