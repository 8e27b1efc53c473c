"""Shape a built ``report.json``'s tables for the public pages (pure: no Django).

Each table becomes ``{"title", "note", "columns", "rows": [{"label", "cells": [Cell...]}]}`` where a cell
carries the count, the percentage with its Wilson 95% interval and its denominator, and the link to the
drill-down page listing the bodies counted (measure names as in ``publishing.drilldown``). Nothing is
computed here beyond formatting: every number is read from the built report.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from whoswatching.publishing.drilldown import NATION_LABELS
from whoswatching.stats.coded import CAPABILITIES, CAPABILITY_LABELS, SECTOR_LABELS

#: (column title, count key, pct prefix or None, measure, what the % is of)
BRAND_COLUMNS: tuple[tuple[str, str, str | None, str, str], ...] = (
    ("Requests", "requests", None, "requests", ""),
    ("Responses", "responses", "response_rate", "responses", "of requests"),
    ("No response", "_no_response", "non_response_rate", "non_response", "of requests"),
    ("Refused", "refused", "refusal_rate", "refused", "of responses"),
    ("Denominator (n)", "n", None, "n", ""),
    ("Hikvision", "hikvision", "hikvision", "hikvision", "of n"),
    ("Dahua", "dahua", "dahua", "dahua", "of n"),
    ("Hikvision and/or Dahua", "either", "either", "either", "of n"),
    ("Other Chinese-made", "other_chinese", "other_chinese", "other_chinese", "of n"),
    ("Brands not stated", "brand_unknown", None, "brand_unknown", ""),
)


def _pct(row: dict[str, Any], prefix: str | None) -> dict[str, Any]:
    if not prefix:
        return {"pct": "", "ci": ""}
    pct, ci = row.get(f"{prefix}_pct"), row.get(f"{prefix}_ci95")
    return {"pct": "n/a" if pct is None else f"{pct:.1f}%",
            "ci": "" if not ci else f"{ci[0]:.1f}–{ci[1]:.1f}%"}


def _link(cell_url: str, **query: str) -> str:
    return f"{cell_url}?{urlencode(query)}"


def _brand_table(title: str, note: str, rows: list[dict[str, Any]], *, label, query, denominator: str,
                 cell_url: str) -> dict[str, Any]:
    out_rows = []
    for row in rows:
        # Known non-responses: an unknown response is never counted as none (stats.counts).
        row = {**row, "_no_response": row["requests"] - row["responses"] - row.get("response_unknown", 0)}
        cells = []
        for _title, key, prefix, measure, of in BRAND_COLUMNS:
            count = row.get(key)
            cells.append({"count": count, "of": of, **_pct(row, prefix),
                          "url": _link(cell_url, denominator=denominator, measure=measure, **query(row))
                          if count else ""})
        out_rows.append({"label": label(row), "cells": cells})
    return {"title": title, "note": note, "columns": [c[0] for c in BRAND_COLUMNS], "rows": out_rows}


def _sector_label(code: str) -> str:
    return "All bodies" if code == "all" else SECTOR_LABELS.get(code, code)


def page_tables(report_tables: dict[str, Any], *, denominator: str, cell_url: str) -> list[dict[str, Any]]:
    """The tables of the publication page, in reading order."""
    out = []
    overall = report_tables.get("overall", {}).get("rows", [])
    out.append(_brand_table(
        "All bodies", "Every requested body; non-response is shown, not hidden.", overall,
        label=lambda r: "All bodies", query=lambda r: {"dim": "overall", "sector": "all"},
        denominator=denominator, cell_url=cell_url))
    out.append(_brand_table(
        "By sector", "", report_tables.get("sectors", {}).get("rows", []),
        label=lambda r: _sector_label(r["sector"]), query=lambda r: {"dim": "sector", "sector": r["sector"]},
        denominator=denominator, cell_url=cell_url))
    nations = [r for r in report_tables.get("nations", {}).get("rows", []) if r.get("sector") == "all"]
    out.append(_brand_table(
        "By nation", "All sectors together.", nations,
        label=lambda r: NATION_LABELS.get(r["nation"], r["nation"]),
        query=lambda r: {"dim": "nation", "sector": "all", "group": r["nation"]},
        denominator=denominator, cell_url=cell_url))
    regions = report_tables.get("regions", {}).get("rows", [])
    for sector in dict.fromkeys(r["sector"] for r in regions):
        out.append(_brand_table(
            f"By region: {_sector_label(sector).lower() if sector != 'all' else 'all bodies'}", "",
            [r for r in regions if r["sector"] == sector], label=lambda r: r["region"],
            query=lambda r: {"dim": "region", "sector": r["sector"], "group": r["region"]},
            denominator=denominator, cell_url=cell_url))
    caps = report_tables.get("capabilities", {}).get("rows", [])
    if caps:
        columns = ["Denominator (n)", "Any capability", *(CAPABILITY_LABELS[c] for c in CAPABILITIES)]
        cap_rows = []
        for row in caps:
            query = {"denominator": denominator, "dim": "overall" if row["sector"] == "all" else "sector",
                     "sector": row["sector"]}
            cells = [{"count": row["n"], "pct": "", "ci": "", "of": "", "url": _link(cell_url, measure="n", **query) if row["n"] else ""},
                     {"count": row["any"], **_pct(row, "any"), "of": "of n",
                      "url": _link(cell_url, measure="any", **query) if row["any"] else ""}]
            for cap in CAPABILITIES:
                cells.append({"count": row[cap], **_pct(row, cap), "of": "of n",
                              "url": _link(cell_url, measure=cap, **query) if row[cap] else ""})
            cap_rows.append({"label": _sector_label(row["sector"]), "cells": cells})
        out.append({"title": "Analytics capabilities (present, whether or not switched on)",
                    "note": "Counted among the denominator; the codebook's capability names.",
                    "columns": columns, "rows": cap_rows})
    return out


def exemptions_rows(report_tables: dict[str, Any]) -> list[dict[str, Any]]:
    return list(report_tables.get("exemptions", {}).get("rows", []))
