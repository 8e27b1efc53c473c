"""Charts for the report as Vega-Lite specifications rendered to SVG by vl-convert (no browser, no CDN).

Every chart states its denominator in its title and draws the Wilson 95% interval as a rule; groups with
a zero denominator are left out of bars (and named in the chart's subtitle) and drawn grey ("n/a") on the map.
"""

from __future__ import annotations

import re
from typing import Any

import vl_convert

from whoswatching.stats.coded import REGIONS, SECTOR_LABELS
from whoswatching.stats.report.geo import ATTRIBUTION, load_regions

VL_VERSION = "5.20"
_MEASURES = (("either", "Hikvision or Dahua"), ("hikvision", "Hikvision"), ("dahua", "Dahua"))
_COLOURS = ["#b2182b", "#ef8a62", "#67a9cf"]
_FONT = {"config": {"font": "DejaVu Sans", "view": {"stroke": None}, "axis": {"labelFontSize": 11}}}


_SVG_IDS = re.compile(r"\b((?:gradient|clip|pattern)_\d+)\b")


def render_svg(spec: dict[str, Any], *, id_prefix: str = "c") -> str:
    """One SVG document for a Vega-Lite spec, deterministic for the same spec.

    Vega numbers gradient and clip-path ids with a process-wide counter; they are renamed in order of
    appearance under ``id_prefix`` so repeated runs give the same bytes and inline SVGs never clash."""
    svg = vl_convert.vegalite_to_svg(vl_spec=spec | _FONT, vl_version=VL_VERSION)
    names: dict[str, str] = {}

    def rename(m: re.Match[str]) -> str:
        return names.setdefault(m.group(1), f"{id_prefix}-{m.group(1).split('_')[0]}-{len(names)}")

    return _SVG_IDS.sub(rename, svg)


def _bar_values(rows: list[dict[str, Any]], label_key: str, label: Any) -> list[dict[str, Any]]:
    values = []
    for r in rows:
        for key, name in _MEASURES:
            pct = r.get(f"{key}_pct")
            if pct is None:
                continue
            lo, hi = r[f"{key}_ci95"]
            values.append({"group": label(r[label_key]), "measure": name, "pct": pct, "lo": lo, "hi": hi,
                           "count": r[key], "n": r["n"]})
    return values


def grouped_bars(rows: list[dict[str, Any]], *, label_key: str, label: Any, title: str, subtitle: str) -> dict[str, Any]:
    """Horizontal grouped bars (either / Hikvision / Dahua) with 95% interval rules."""
    order = [label(r[label_key]) for r in rows if r.get("n")]
    missing = [label(r[label_key]) for r in rows if not r.get("n")]
    if missing:  # say which groups have no bar, rather than letting them vanish
        subtitle = [subtitle, f"n/a (no answer in the denominator), not drawn: {', '.join(missing)}"]
    y = {"field": "group", "type": "nominal", "sort": order, "title": None}
    colour = {"field": "measure", "type": "nominal", "sort": [m[1] for m in _MEASURES],
              "scale": {"range": _COLOURS}, "legend": {"orient": "bottom", "title": None}}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": title, "subtitle": subtitle, "anchor": "start"},
        "width": 520,
        "height": {"step": 14},
        "data": {"values": _bar_values(rows, label_key, label)},
        "encoding": {"y": y, "yOffset": {"field": "measure", "sort": [m[1] for m in _MEASURES]}},
        "layer": [
            {"mark": {"type": "bar"},
             "encoding": {"x": {"field": "pct", "type": "quantitative", "title": "% (95% interval)",
                                "scale": {"domain": [0, 100]}},
                          "color": colour}},
            {"mark": {"type": "rule", "color": "#222"},
             "encoding": {"x": {"field": "lo", "type": "quantitative"}, "x2": {"field": "hi"}}},
        ],
    }


def sectors_chart(sectors: list[dict[str, Any]], denominator: str) -> dict[str, Any]:
    return grouped_bars(sectors, label_key="sector", label=lambda s: SECTOR_LABELS.get(s, s),
                        title="Use of Hikvision and Dahua by sector",
                        subtitle=f"% of {denominator} (bodies that responded" +
                                 (" and did not refuse)" if denominator == "valid" else ")"))


def regions_chart(regions: list[dict[str, Any]], sector: str, denominator: str) -> dict[str, Any]:
    rows = [r for r in regions if r["sector"] == sector]
    name = "All sectors" if sector == "all" else SECTOR_LABELS.get(sector, sector)
    return grouped_bars(rows, label_key="region", label=lambda r: r,
                        title=f"{name}: use of Hikvision and Dahua by region", subtitle=f"% of {denominator}")


def choropleth(regions: list[dict[str, Any]], *, sector: str, denominator: str) -> dict[str, Any]:
    """Map of the share using Hikvision or Dahua per region (grey where the denominator is zero/absent)."""
    geo = load_regions()
    by_region = {r["region"]: r for r in regions if r["sector"] == sector}
    features = []
    for f in geo["features"]:
        row = by_region.get(f["properties"]["region"])
        pct = None if row is None else row.get("either_pct")
        label = "n/a" if pct is None else f"{pct:.1f}% of {row['n']}"  # type: ignore[index]
        features.append({"type": "Feature", "geometry": f["geometry"],
                         "properties": {"region": f["properties"]["region"], "pct": pct, "label": label}})
    name = "All sectors" if sector == "all" else SECTOR_LABELS.get(sector, sector)
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": f"{name}: share using Hikvision or Dahua", "subtitle": [f"% of {denominator}; grey = n/a",
                  ATTRIBUTION], "anchor": "start", "subtitleFontSize": 9},
        "width": 380,
        "height": 560,
        "projection": {"type": "transverseMercator", "rotate": [2, 0, 0]},
        "layer": [
            {"data": {"values": {"type": "FeatureCollection", "features": features}, "format": {"type": "json", "property": "features"}},
             "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 0.7, "invalid": None},
             "encoding": {
                 "color": {"condition": {"test": "datum.properties.pct === null", "value": "#d0d0d0"},
                           "field": "properties.pct", "type": "quantitative", "title": "%",
                           "scale": {"scheme": "reds", "domain": [0, 100]}},
                 "tooltip": [{"field": "properties.region", "title": "region"},
                             {"field": "properties.label", "title": "share"}],
             }},
        ],
    }


def sector_maps(regions: list[dict[str, Any]], *, denominator: str) -> dict[str, Any] | None:
    """Small multiples: the map once per sector, concatenated so it is one render, not one per sector."""
    geo = load_regions(coarse=True)
    sectors = [s for s in dict.fromkeys(r["sector"] for r in regions) if s != "all"]
    if not sectors:
        return None
    by_key = {(r["sector"], r["region"]): r for r in regions}
    panels = []
    for sector in sectors:
        features = []
        for f in geo["features"]:
            row = by_key.get((sector, f["properties"]["region"]))
            pct = None if row is None else row.get("either_pct")
            features.append({"type": "Feature", "geometry": f["geometry"], "properties": {
                "region": f["properties"]["region"], "pct": pct,
                "label": "n/a" if pct is None else f"{pct:.1f}% of {row['n']}"}})  # type: ignore[index]
        panels.append({
            "title": {"text": SECTOR_LABELS.get(sector, sector), "fontSize": 11},
            "width": 170, "height": 250,
            "data": {"values": {"type": "FeatureCollection", "features": features},
                     "format": {"type": "json", "property": "features"}},
            "projection": {"type": "transverseMercator", "rotate": [2, 0, 0]},
            "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 0.4, "invalid": None},
            "encoding": {
                "color": {"condition": {"test": "datum.properties.pct === null", "value": "#d0d0d0"},
                          "field": "properties.pct", "type": "quantitative", "title": "%",
                          "scale": {"scheme": "reds", "domain": [0, 100]}},
                "tooltip": [{"field": "properties.region", "title": "region"},
                            {"field": "properties.label", "title": "share"}],
            },
        })
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": "Share using Hikvision or Dahua, by sector and region", "anchor": "start",
                  "subtitle": [f"% of {denominator}; grey = n/a", ATTRIBUTION], "subtitleFontSize": 9},
        "concat": panels,
        "columns": 4,
        "resolve": {"scale": {"color": "shared"}},
    }


def region_order(regions: list[dict[str, Any]]) -> list[str]:
    present = {r["region"] for r in regions}
    return [r for r in REGIONS if r in present]


def km_chart(response_times: list[dict[str, Any]]) -> dict[str, Any]:
    """Kaplan-Meier step curves: share of requests still unanswered by days since sending."""
    values = [{"sector": SECTOR_LABELS.get(c["sector"], "All sectors"), "days": p["days"],
               "still_open": 100 * p["still_open"]}
              for c in response_times for p in c["curve"]]
    starts = [{"sector": SECTOR_LABELS.get(c["sector"], "All sectors"), "days": 0, "still_open": 100.0}
              for c in response_times]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": "Requests still unanswered (Kaplan-Meier)", "anchor": "start",
                  "subtitle": "open requests censored at the as-of date"},
        "width": 520, "height": 260,
        "data": {"values": starts + values},
        "mark": {"type": "line", "interpolate": "step-after"},
        "encoding": {
            "x": {"field": "days", "type": "quantitative", "title": "days since the request"},
            "y": {"field": "still_open", "type": "quantitative", "title": "% still unanswered",
                  "scale": {"domain": [0, 100]}},
            "color": {"field": "sector", "type": "nominal", "legend": {"orient": "right", "title": None}},
            "order": {"field": "days", "type": "quantitative"},
        },
    }
