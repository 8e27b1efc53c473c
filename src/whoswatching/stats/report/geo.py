"""The regions map: a small GeoJSON of the nine English regions, Scotland, Wales and Northern Ireland.

Built once (``python -m whoswatching.stats.report.geo SHARED_GEO_DIR``) from Martin Chorley's UK-GeoJSON
TopoJSON files (CC BY 4.0; OS and ONS data, Crown copyright) and shipped as
``stats/data/geo/uk_regions.geo.json`` with its licence texts; the product never reads the originals.

Steps: decode the TopoJSON arcs (TopoJSON spec, "Arcs" and "Transforms": delta-encoded, quantized
positions), simplify each arc once with Douglas-Peucker (Douglas & Peucker 1973, Cartographica 10(2))
so shared borders stay shared, dissolve the eleven Northern Ireland districts into one outline by dropping
the arcs two districts share, and drop islands smaller than a threshold.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

#: EER13NM in the source -> the seed's region names.
EER_TO_REGION = {"Eastern": "East of England"}
ATTRIBUTION = ("Boundaries: Martin Chorley, UK-GeoJSON (CC BY 4.0); contains OS data © Crown copyright and "
               "database right; ONS data © Crown copyright.")
TOLERANCE = 0.01  # degrees, about 1 km
MIN_ISLAND_AREA = 0.004  # square degrees; smaller rings (other than a region's largest) are dropped
Point = tuple[float, float]


def _decode_arcs(topo: dict[str, Any]) -> list[list[Point]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """Keep the endpoints and every point farther than ``tolerance`` from the simplified line (iterative)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, idx = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            d = abs(dy * (px - x1) - dx * (py - y1)) / norm if norm else ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            if d > best:
                best, idx = d, i
        if idx >= 0 and best > tolerance:
            keep[idx] = True
            stack += [(a, idx), (idx, b)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _ring(arc_ids: list[int], arcs: list[list[Point]]) -> list[Point]:
    pts: list[Point] = []
    for i in arc_ids:
        seg = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        pts.extend(seg if not pts else seg[1:])
    return pts


def _area(ring: list[Point]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def _polygons(geom: dict[str, Any]) -> list[list[list[int]]]:
    if geom["type"] == "Polygon":
        return [geom["arcs"]]
    if geom["type"] == "MultiPolygon":
        return geom["arcs"]
    return []


def _dissolve(polys: list[list[list[int]]]) -> list[list[int]]:
    """Outer rings of the union: drop arcs used twice, then chain the rest end to start."""
    uses = Counter(i if i >= 0 else ~i for poly in polys for ring in poly for i in ring)
    edges = [i for poly in polys for ring in poly for i in ring if uses[i if i >= 0 else ~i] == 1]
    return [[e] for e in edges]  # single-arc chains; joined geometrically in _chain


def _chain(arc_ids: list[int], arcs: list[list[Point]]) -> list[list[Point]]:
    segs = [arcs[i] if i >= 0 else list(reversed(arcs[~i])) for i in arc_ids]
    rings: list[list[Point]] = []
    while segs:
        ring = list(segs.pop(0))
        while ring[0] != ring[-1]:
            nxt = next((k for k, s in enumerate(segs) if s[0] == ring[-1]), None)
            if nxt is None:
                break
            ring.extend(segs.pop(nxt)[1:])
        rings.append(ring)
    return rings


def _signed_area(ring: list[Point]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)) / 2


def _clean(rings: list[list[Point]]) -> list[list[list[float]]]:
    """Drop degenerate and tiny rings; wind the first ring clockwise and the rest anticlockwise, as d3-geo
    (Vega's projection code) needs for spherical polygons smaller than a hemisphere."""
    rings = [r for r in rings if len(r) >= 4]
    if not rings:
        return []
    biggest = max(rings, key=_area)
    kept = [r for r in rings if r is biggest or _area(r) >= MIN_ISLAND_AREA]
    out = []
    for i, r in enumerate(kept):
        clockwise = _signed_area(r) < 0
        if clockwise != (i == 0):
            r = list(reversed(r))
        out.append([[round(x, 3), round(y, 3)] for x, y in r])
    return out


def build_regions(eer: dict[str, Any], ni: dict[str, Any]) -> dict[str, Any]:
    """GeoJSON FeatureCollection with one feature per region (``properties.region``, ``properties.code``)."""
    features = []
    for topo, kind in ((eer, "eer"), (ni, "lgd")):
        arcs = [douglas_peucker(a, TOLERANCE) for a in _decode_arcs(topo)]
        geoms = topo["objects"][kind]["geometries"]
        if kind == "eer":
            for g in geoms:
                name = g["properties"]["EER13NM"]
                polys = [_clean([_ring(ring, arcs) for ring in poly]) for poly in _polygons(g)]
                polys = [p for p in polys if p]
                polys = [p for p in polys if _area([tuple(x) for x in p[0]]) >= MIN_ISLAND_AREA] or polys[:1]
                features.append({"region": EER_TO_REGION.get(name, name), "code": g["properties"]["EER13CD"],
                                 "polys": polys})
        else:
            outline = _chain([e[0] for e in _dissolve([p for g in geoms for p in _polygons(g)])], arcs)
            outline = [r for r in outline if len(r) >= 4]
            biggest = max(outline, key=_area)
            polys = [_clean([r]) for r in outline if r is biggest or _area(r) >= MIN_ISLAND_AREA]
            features.append({"region": "Northern Ireland", "code": "N92000002", "polys": polys})
    order = sorted(features, key=lambda f: f["code"])
    return {
        "type": "FeatureCollection",
        "attribution": ATTRIBUTION,
        "features": [
            {"type": "Feature", "properties": {"region": f["region"], "code": f["code"]},
             "geometry": {"type": "MultiPolygon", "coordinates": f["polys"]}}
            for f in order
        ],
    }


def load_regions(*, coarse: bool = False) -> dict[str, Any]:
    """The shipped regions GeoJSON; ``coarse`` simplifies it further (0.03 degree, no small islands) for
    small multiples, where detail costs render time and bytes but cannot be seen."""
    text = resources.files("whoswatching.stats").joinpath("data", "geo", "uk_regions.geo.json").read_text("utf-8")
    geo = json.loads(text)
    if coarse:
        for f in geo["features"]:
            polys = []
            for poly in f["geometry"]["coordinates"]:
                rings = [douglas_peucker([(x, y) for x, y in ring], 0.03) for ring in poly]
                if len(rings[0]) >= 4 and _area(rings[0]) >= 0.05:
                    polys.append([[[round(x, 2), round(y, 2)] for x, y in r] for r in rings if len(r) >= 4])
            if polys:
                f["geometry"]["coordinates"] = polys
    return geo


def main(argv: list[str]) -> int:
    src = Path(argv[0]) if argv else Path("../shared/data/geo")
    eer = json.loads((src / "electoral_gb_topo_eer.json").read_text("utf-8"))
    ni = json.loads((src / "administrative_ni_topo_lgd.json").read_text("utf-8"))
    out = Path(__file__).resolve().parent.parent / "data" / "geo" / "uk_regions.geo.json"
    out.write_text(json.dumps(build_regions(eer, ni), separators=(",", ":")) + "\n", "utf-8")
    print(f"wrote {out} ({out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
