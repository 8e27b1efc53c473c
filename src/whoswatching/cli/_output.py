"""Shared output helpers for the CLI: JSON lines, rich tables, CSV with neutralised formulas."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

console = Console()
err_console = Console(stderr=True)

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix a quote to text a spreadsheet would run as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str, indent=2) + "\n")


def print_jsonl(rows: Iterable[Any]) -> None:
    for row in rows:
        sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


def print_table(rows: Sequence[Mapping[str, Any]], *, columns: Sequence[str] | None = None, title: str | None = None) -> None:
    if not rows:
        console.print("[dim](no rows)[/dim]")
        return
    cols = list(columns or rows[0].keys())
    table = Table(title=escape(title) if title else None)
    for c in cols:
        table.add_column(escape(str(c)))
    for row in rows:
        # Cells are data from outside (body names, reply text): never read them as rich markup.
        table.add_row(*("" if row.get(c) is None else escape(str(row.get(c))) for c in cols))
    console.print(table)


def write_csv(rows: Sequence[Mapping[str, Any]], out, *, columns: Sequence[str] | None = None) -> None:
    cols = list(columns or (rows[0].keys() if rows else []))
    writer = csv.DictWriter(out, fieldnames=cols, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: neutralise(row.get(c)) for c in cols})
