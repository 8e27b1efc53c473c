"""Tabular exports: flat rows, CSV files and an XLSX workbook (one sheet per table), formulas neutralised.

Spreadsheet injection (OWASP "CSV Injection"): text starting with ``= + - @``, tab or carriage return is
prefixed with a quote, and XlsxWriter's string-to-formula/URL conversion is switched off, so no cell
ever runs. Percentages with a zero denominator are written ``n/a``. The workbook's creation date is fixed
so the same tables give the same bytes.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path
from typing import Any

import xlsxwriter

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: Fixed workbook creation time: output depends on the input only.
FIXED_CREATED = datetime(2000, 1, 1)


def neutralise(value: Any) -> Any:
    """Prefix a quote to text a spreadsheet would run as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def flatten(row: dict[str, Any]) -> dict[str, Any]:
    """Intervals become ``*_lo``/``*_hi`` columns; ``None`` percentages and intervals become ``n/a``."""
    out: dict[str, Any] = {}
    for k, v in row.items():
        if k.endswith("_ci95") or k == "ci95":
            base = k.removesuffix("ci95")
            lo, hi = (v if v else ("n/a", "n/a"))
            out[f"{base}ci95_lo"], out[f"{base}ci95_hi"] = lo, hi
        elif isinstance(v, list | tuple):
            out[k] = "; ".join(str(x) for x in v)
        elif isinstance(v, dict):
            out[k] = "; ".join(f"{a}={b}" for a, b in v.items())
        elif v is None and (k.endswith("_pct") or k.startswith("median") or k.startswith("still_open")
                            or k in ("estimate", "low", "high", "max_lateness")):
            out[k] = "n/a"
        else:
            out[k] = v
    return out


def provenance(meta: dict[str, Any]) -> dict[str, str]:
    return {"input_sha256": meta["input_sha256"], "codebook_version": meta["codebook_version"],
            "method": meta["method"]}


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    cols: list[str] = []
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    return cols


def table_csv(rows: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    """CSV text of one table; every row carries the input hash, codebook version and method."""
    flat = [flatten(r) | provenance(meta) for r in rows]
    cols = _columns(flat) or ["input_sha256", "codebook_version", "method"]
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=cols, lineterminator="\n")
    w.writeheader()
    for r in flat:
        w.writerow({c: neutralise("" if r.get(c) is None else r.get(c)) for c in cols})
    return out.getvalue()


def write_workbook(path: Path, tables: list[tuple[str, list[dict[str, Any]]]], meta: dict[str, Any],
                   notes: list[tuple[str, str]]) -> None:
    """One sheet per table (provenance in the first rows), plus an ``about`` sheet with the method notes."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False})
    wb.set_properties({"title": "whoswatching statistics", "created": FIXED_CREATED,
                       "comments": f"input sha256 {meta['input_sha256']}"})
    bold = wb.add_format({"bold": True})
    about = wb.add_worksheet("about")
    about.set_column(0, 0, 24)
    about.set_column(1, 1, 110)
    for i, (k, v) in enumerate(notes):
        about.write_string(i, 0, k, bold)
        about.write_string(i, 1, neutralise(str(v)))
    for name, rows in tables:
        ws = wb.add_worksheet(name[:31])
        for i, (k, v) in enumerate(provenance(meta).items()):
            ws.write_string(i, 0, k, bold)
            ws.write_string(i, 1, neutralise(v))
        flat = [flatten(r) for r in rows]
        cols = _columns(flat)
        head = 4
        for j, c in enumerate(cols):
            ws.write_string(head, j, c, bold)
        for i, r in enumerate(flat, start=head + 1):
            for j, c in enumerate(cols):
                v = r.get(c)
                if v is None:
                    continue
                if isinstance(v, bool):
                    ws.write_boolean(i, j, v)
                elif isinstance(v, int | float):
                    ws.write_number(i, j, v)
                else:
                    ws.write_string(i, j, neutralise(str(v)))
        if cols:
            ws.freeze_panes(head + 1, 1)
            ws.autofilter(head, 0, head + max(len(flat), 1), len(cols) - 1)
    wb.close()
