"""Write a :class:`~whoswatching.exposure.snapshots.Report` as CSV, JSON or XLSX.

Text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR) is prefixed with
a quote (OWASP "CSV injection"); banners and organisation names come from strangers' devices.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO, Any

import xlsxwriter

from whoswatching.exposure.snapshots import UNITS, Report

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def stamp_lines(report: Report) -> list[str]:
    stamp = report.stamp
    return [
        f"snapshot: {stamp['snapshot']} (date {stamp['snapshot_date']})",
        f"rule version: {stamp['rule_version']}",
        "input sha256: " + ", ".join(stamp["input_sha256"]),
        *(f"{unit}: {meaning}" for unit, meaning in UNITS.items()),
    ]


def write_json(report: Report, out: IO[str]) -> None:
    json.dump(report.as_dict(), out, ensure_ascii=False, indent=2, default=str)
    out.write("\n")


def write_csv(report: Report, out: IO[str]) -> None:
    """CSV with the stamp as leading ``#`` comment lines, then the header and rows."""
    for line in stamp_lines(report):
        out.write(f"# {line}\n")
    writer = csv.DictWriter(out, fieldnames=list(report.columns), extrasaction="ignore")
    writer.writeheader()
    for row in report.rows:
        writer.writerow({c: neutralise(row.get(c)) for c in report.columns})


def write_xlsx(report: Report, path: Path) -> None:
    """One sheet of counts (stamp above the table) and one sheet of provenance."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    try:
        bold = book.add_format({"bold": True})
        sheet = book.add_worksheet(f"by {report.by}"[:31])
        lines = stamp_lines(report)
        for i, line in enumerate(lines):
            sheet.write_string(i, 0, line)
        top = len(lines) + 1
        for j, column in enumerate(report.columns):
            sheet.write_string(top, j, column, bold)
        for i, row in enumerate(report.rows, start=top + 1):
            for j, column in enumerate(report.columns):
                value = row.get(column)
                if isinstance(value, bool) or value is None:
                    sheet.write_string(i, j, "" if value is None else str(value))
                elif isinstance(value, (int, float)):
                    sheet.write_number(i, j, value)
                else:
                    sheet.write_string(i, j, str(neutralise(str(value))))
        info = book.add_worksheet("provenance")
        for i, (key, value) in enumerate(report.stamp.items()):
            info.write_string(i, 0, key, bold)
            info.write_string(i, 1, json.dumps(value) if not isinstance(value, str) else value)
    finally:
        book.close()
