"""Bar charts of a report with altair, saved as HTML, PNG or SVG (vl-convert, offline).

Maps: country counts are drawn as a bar chart (no world geometry ships offline); a choropleth of UK
cities would need a city -> area lookup the scan data does not carry, so cities are bars too.
"""

from __future__ import annotations

from pathlib import Path

import altair as alt

from whoswatching.exposure.snapshots import Report

LABELS = {"country": "country", "city": "city", "asn": "org", "model": "model", "firmware": "firmware",
          "cve": "cve_status", "brand": "brand", "maker": "maker"}


def bar_chart(report: Report, *, unit: str = "ips") -> alt.Chart:
    label = LABELS[report.by]
    rows = [{"maker": r["maker"], "label": str(r.get(label) or "(unknown)"), unit: r[unit]} for r in report.rows]
    stamp = report.stamp
    title = alt.TitleParams(
        f"{unit} by {report.by}",
        subtitle=[f"snapshot {stamp['snapshot']} ({stamp['snapshot_date']}), rules {stamp['rule_version']}"],
    )
    return (
        alt.Chart(alt.Data(values=rows), title=title)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort="-x", title=report.by),
            x=alt.X(f"{unit}:Q", title=unit),
            color=alt.Color("maker:N"),
            row=alt.Row("maker:N", title=None),
            tooltip=["maker:N", "label:N", f"{unit}:Q"],
        )
        .resolve_scale(y="independent")
    )


def save_chart(report: Report, path: Path, *, unit: str = "ips") -> Path:
    """Write the chart; the format follows the suffix (.html, .png, .svg, .json)."""
    chart = bar_chart(report, unit=unit)
    suffix = path.suffix.lower()
    if suffix not in (".html", ".png", ".svg", ".json"):
        raise ValueError(f"chart format {suffix!r} not supported: use .html, .png, .svg or .json")
    chart.save(str(path))
    return path
