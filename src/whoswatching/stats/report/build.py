"""Build every report artefact for one coded table into a folder: HTML, XLSX, CSV, JSON and SVG charts.

The folder is what the public statistics pages serve. Output is deterministic: the same input and
options give the same bytes, apart from one stamped line (``Generated ...`` in the HTML and
``"generated_at"`` in ``report.json``). Every table carries the input's SHA-256, the codebook version and
the method (CSV: columns on every row; XLSX: the first rows of each sheet; HTML: each table's caption).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from whoswatching.stats.coded import CodedTable
from whoswatching.stats.counts import DENOMINATOR_TEXT
from whoswatching.stats.report import charts as ch
from whoswatching.stats.report.geo import ATTRIBUTION
from whoswatching.stats.report.html import render_html
from whoswatching.stats.report.xlsx import provenance, table_csv, write_workbook
from whoswatching.stats.tables import StatsTables, build_tables

FORMATS = ("html", "xlsx", "csv", "json", "svg")


@dataclass
class ReportFiles:
    out_dir: Path
    files: list[Path] = field(default_factory=list)
    tables: StatsTables | None = None


def method_notes(tables: StatsTables) -> list[tuple[str, str]]:
    """The method notes printed in the HTML and the XLSX ``about`` sheet."""
    m = tables.meta
    notes = [
        ("Input", f"{m['input']} (SHA-256 {m['input_sha256']}), {m['bodies']} bodies"),
        ("Codebook version", str(m["codebook_version"])),
        ("Method version", m["method_version"]),
        ("Denominator", f"{m['denominator']}: {DENOMINATOR_TEXT[m['denominator']]}. Counts of brands and "
                        "capabilities are of the bodies inside this denominator."),
        ("Other denominator", "run with --denominator " + ("responses" if m["denominator"] == "valid" else "valid")
         + " to see " + DENOMINATOR_TEXT["responses" if m["denominator"] == "valid" else "valid"] + "."),
        ("Unknowns", "An empty code is unknown: never counted as a user. 'brand unknown' counts bodies in the "
                     "denominator with neither brand coded; they stay in the denominator (as the seed kept its "
                     "'do not know' replies), so a share is a lower bound where that count is not 0. "
                     "'response_unknown' counts bodies whose response status is empty; they are left out of "
                     "the response and non-response rates."),
        ("Intervals", "Wilson score 95% intervals (Wilson 1927) on every percentage; n/a where the "
                      "denominator is zero."),
        ("Shares of users", "Hikvision (Dahua) % of users = bodies using Hikvision (Dahua) / bodies using "
                            "Hikvision or Dahua."),
        ("Response times", "Kaplan-Meier estimate (Kaplan & Meier 1958) of the share still unanswered, open "
                           f"requests censored at {m['as_of'] or 'n/a'}; Greenwood intervals on the log-log scale."),
        ("Lateness", f"Days after the statutory due date, in {m['lateness_unit']}"
                     + (" (the campaigns deadline engine)." if m["lateness_unit"] == "working days"
                        else " (no working-day calendar was available)."),),
    ]
    for e in tables.extrapolation:
        notes.append((f"Extrapolation: {e['method']}", " ".join(e["assumptions"]) + f" Source: {e['reference']}."))
    notes.append(("Map", ATTRIBUTION))
    return notes


def stamp_line(generated_at: datetime) -> str:
    return f"Generated {generated_at.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')} by whoswatching"


def build_report(
    table: CodedTable,
    out_dir: str | Path,
    *,
    denominator: str = "valid",
    formats: tuple[str, ...] = FORMATS,
    generated_at: datetime | None = None,
    as_of: date | None = None,
    working_days: Callable[..., int] | None = None,
    population: Mapping[str, int] | None = None,
    findings: dict[str, Any] | None = None,
    title: str = "Who's watching? Hikvision and Dahua in UK public bodies",
) -> ReportFiles:
    """Write ``report.html``, ``report.xlsx``, ``report.json``, ``csv/*.csv`` and ``charts/*.svg``.

    ``findings`` (the JSON of ``check-published``) adds a "published figures checked" section."""
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise ValueError(f"unknown format(s) {bad}; choose from {', '.join(FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tables = build_tables(table, denominator=denominator, as_of=as_of, working_days=working_days,
                          population=population)
    generated_at = generated_at or datetime.now(UTC)
    result = ReportFiles(out_dir=out, tables=tables)
    notes = method_notes(tables)

    def write(rel: str, text: str) -> None:
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8", newline="\n")
        result.files.append(path)

    svgs: dict[str, Any] = {}
    if {"html", "svg"} & set(formats):
        svgs = _render_charts(tables, denominator)
    if "svg" in formats:
        write("charts/sectors.svg", svgs["sectors"])
        write("charts/map.svg", svgs["map"])
        if svgs.get("km"):
            write("charts/response_times.svg", svgs["km"])
        for sector, svg in svgs["regions"].items():
            write(f"charts/regions-{sector}.svg", svg)
        if svgs["sector_maps"]:
            write("charts/map-by-sector.svg", svgs["sector_maps"])
    if "html" in formats:
        summary = ""
        if findings:
            summary = ", ".join(f"{v} {k}" for k, v in findings.get("summary", {}).items() if v)
        write("report.html", render_html(title=title, stamp=stamp_line(generated_at), tables=tables, notes=notes,
                                         charts=svgs, attribution=ATTRIBUTION,
                                         findings=(findings or {}).get("findings"), findings_summary=summary))
    if "csv" in formats:
        for name, rows in tables.named_tables():
            write(f"csv/{name}.csv", table_csv(rows, tables.meta))
    if "json" in formats:
        doc = {"generated_at": stamp_line(generated_at), "meta": tables.meta,
               "tables": {name: provenance(tables.meta) | {"rows": rows} for name, rows in tables.named_tables()}}
        if findings:
            doc["published_checks"] = findings
        write("report.json", json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n")
    if "xlsx" in formats:
        path = out / "report.xlsx"
        write_workbook(path, tables.named_tables(), tables.meta, notes)
        result.files.append(path)
    return result


def _render_charts(tables: StatsTables, denominator: str) -> dict[str, Any]:
    """Render every chart; vl-convert releases the GIL, so a few threads share the work. Output does not
    depend on the order (ids are renamed per SVG)."""
    jobs: list[tuple[tuple[str, str | None], dict[str, Any], str]] = [
        (("sectors", None), ch.sectors_chart(tables.sectors, denominator), "sectors"),
        (("map", None), ch.choropleth(tables.regions, sector="all", denominator=denominator), "map"),
    ]
    if tables.response_times:
        jobs.append((("km", None), ch.km_chart(tables.response_times), "km"))
    maps = ch.sector_maps(tables.regions, denominator=denominator)
    if maps:
        jobs.append((("sector_maps", None), maps, "sector-maps"))
    for sector in dict.fromkeys(r["sector"] for r in tables.regions):
        if any(r["sector"] == sector and r.get("n") for r in tables.regions):
            jobs.append((("regions", sector), ch.regions_chart(tables.regions, sector, denominator),
                         f"regions-{sector}"))
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        rendered = list(pool.map(lambda job: ch.render_svg(job[1], id_prefix=job[2]), jobs))
    svgs: dict[str, Any] = {"sectors": "", "map": "", "km": "", "sector_maps": "", "regions": {}}
    for ((key, sector), _, _), svg in zip(jobs, rendered, strict=True):
        if sector is None:
            svgs[key] = svg
        else:
            svgs["regions"][sector] = svg
    return svgs
