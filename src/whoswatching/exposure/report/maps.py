"""A choropleth of Great Britain's local authority districts coloured by a city report's counts.

Scan data names cities, not areas: a city is placed on the district whose name matches once
"City of" and similar affixes are removed ("Bristol" -> "Bristol, City of", "Glasgow" -> "Glasgow
City"); "London" colours every London borough (codes E09...), since scanners do not name boroughs.
Cities that match no district are listed under the map, never dropped silently.
Boundaries: exposure/data/geo/SOURCES.md (CC BY 4.0, OS and ONS data).
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import altair as alt

from whoswatching.exposure.snapshots import Report

ATTRIBUTION = ("Boundaries: Martin Chorley, UK-GeoJSON (CC BY 4.0); contains OS data © Crown copyright and "
               "database right; ONS data © Crown copyright.")
_AFFIX = re.compile(r"(,\s*city of$|^city of\s+|\s+city$)")


def _key(name: str) -> str:
    return _AFFIX.sub("", name.strip().lower()).strip()


@cache
def districts() -> dict[str, Any]:
    text = resources.files("whoswatching.exposure.data.geo").joinpath("administrative_gb_topo_lad.json").read_text("utf-8")
    return json.loads(text)


@cache
def city_codes() -> dict[str, tuple[str, ...]]:
    """Normalised city name -> district codes."""
    codes: dict[str, list[str]] = {}
    for geometry in districts()["objects"]["lad"]["geometries"]:
        props = geometry["properties"]
        for name in (props.get("LAD13NM"), props.get("LAD13NMW")):
            if name:
                codes.setdefault(_key(name), []).append(props["LAD13CD"])
        if props["LAD13CD"].startswith("E09"):
            codes.setdefault("london", []).append(props["LAD13CD"])
    return {k: tuple(dict.fromkeys(v)) for k, v in codes.items()}


def placed(report: Report, *, unit: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows per district code (summed over makers) and the cities that match no district."""
    totals: dict[str, int] = {}
    labels: dict[str, str] = {}
    unmapped = []
    for row in report.rows:
        city = row.get("city")
        if row.get("country") != "GB" or not city:
            continue
        codes = city_codes().get(_key(city))
        if not codes:
            unmapped.append(city)
            continue
        for code in codes:
            totals[code] = totals.get(code, 0) + int(row[unit])
            labels[code] = city
    rows = [{"code": code, unit: count, "city": labels[code]} for code, count in sorted(totals.items())]
    return rows, sorted(set(unmapped))


def uk_map(report: Report, *, unit: str = "devices") -> alt.Chart:
    if report.by != "city":
        raise ValueError("the UK map needs a city report: use --by city")
    rows, unmapped = placed(report, unit=unit)
    stamp = report.stamp
    subtitle = [f"snapshot {stamp['snapshot']} ({stamp['snapshot_date']}), rules {stamp['rule_version']}", ATTRIBUTION]
    if unmapped:
        subtitle.append("not on the map (no matching district): " + ", ".join(unmapped[:12])
                        + (f" and {len(unmapped) - 12} more" if len(unmapped) > 12 else ""))
    shapes = alt.Data(values=districts(), format=alt.DataFormat(feature="lad", type="topojson"))
    return (
        alt.Chart(shapes, title=alt.TitleParams(f"{unit} by city (Great Britain)", subtitle=subtitle))
        .mark_geoshape(stroke="white", strokeWidth=0.2)
        .transform_lookup(lookup="properties.LAD13CD", from_=alt.LookupData(alt.Data(values=rows), "code", [unit, "city"]))
        .encode(color=alt.Color(f"{unit}:Q", scale=alt.Scale(scheme="reds"), title=unit),
                tooltip=[alt.Tooltip("properties.LAD13NM:N", title="district"), alt.Tooltip("city:N"),
                         alt.Tooltip(f"{unit}:Q")])
        .project(type="mercator")
        .properties(width=500, height=700)
    )


def save_map(report: Report, path: Path, *, unit: str = "devices") -> Path:
    if path.suffix.lower() not in (".html", ".png", ".svg", ".json"):
        raise ValueError(f"map format {path.suffix!r} not supported: use .html, .png, .svg or .json")
    uk_map(report, unit=unit).save(str(path))
    return path
