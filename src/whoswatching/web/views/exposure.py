"""Public exposure pages: render the tables a snapshot load pre-built (``reports/<by>.json``).

Nothing is counted inside a request: the page reads the snapshot's manifest and one pre-built
table, then filters by country and keeps the top N rows per maker. No IP address is ever shown.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from whoswatching.exposure.queries import DIMENSIONS
from whoswatching.exposure.snapshots import (
    UNITS,
    SnapshotError,
    snapshot_manifest,
    snapshot_names,
    snapshot_prebuilt,
)

COUNT_COLUMNS = ("ips", "services", "devices", "devices_affected", "devices_likely", "devices_unknown",
                 "devices_known_exploited")


def index(request):
    snapshots = []
    for name in snapshot_names():
        try:
            snapshots.append(snapshot_manifest(name).data)
        except (SnapshotError, ValueError, KeyError):
            continue
    return render(request, "exposure/index.html", {"snapshots": snapshots})


def snapshot(request, name: str):
    by = request.GET.get("by", "country")
    if by not in DIMENSIONS:
        by = "country"
    country = (request.GET.get("country") or "").strip().upper()[:2] or None
    try:
        top = max(1, min(int(request.GET.get("top", "10")), 100))
    except ValueError:
        top = 10
    try:
        manifest = snapshot_manifest(name)
        report = snapshot_prebuilt(name, by=by, top=top, country=country)
    except SnapshotError as exc:
        raise Http404(str(exc)) from exc
    labels = [c for c in report.columns if c not in COUNT_COLUMNS and c not in ("rank", "maker")]
    rows = [{"rank": r.get("rank"), "maker": r["maker"], "labels": [r.get(c) for c in labels],
             "counts": [r.get(c) for c in COUNT_COLUMNS]} for r in report.rows]
    return render(request, "exposure/snapshot.html", {
        "manifest": manifest.data, "stamp": report.stamp, "by": by, "dimensions": list(DIMENSIONS),
        "country": country or "", "top": top, "labels": labels, "count_columns": COUNT_COLUMNS, "rows": rows,
        "units": UNITS,
    })
