"""Spreadsheets (XLSX, XLS, ODS) with python-calamine: every sheet, every row and column kept.

Each sheet becomes one table (rows of cell strings, header row first) titled with the sheet name,
and a tab-separated block of the text. Whole-number floats print without ``.0`` (Excel stores 12
as 12.0), dates as ISO 8601.
"""

from __future__ import annotations

import datetime as dt
import io
from importlib.metadata import version

from python_calamine import CalamineWorkbook

from whoswatching.intake.extract.result import Extraction, Quarantine
from whoswatching.intake.extract.text import table_to_text

_MAX_CELLS = 2_000_000


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time(0) else value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return " ".join(str(value).split())


def extract_sheets(data: bytes, result: Extraction, *, kind: str) -> Extraction:
    """Every sheet of an XLSX/XLS/ODS workbook as a table."""
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own error types for broken or protected files
        message = str(exc)
        if "password" in message.lower() or "encrypt" in message.lower():
            raise Quarantine(f"protected {kind.upper()}: it needs a password to open") from exc
        raise Quarantine(f"corrupt {kind.upper()}: {message}") from exc
    chunks: list[str] = []
    cells = 0
    for name in book.sheet_names:
        try:
            rows_raw = book.get_sheet_by_name(name).to_python(skip_empty_area=True)
        except Exception as exc:  # one damaged sheet must not lose the others
            result.warnings.append(f"sheet {name!r} unreadable: {exc}")
            continue
        rows = [[_cell(v) for v in row] for row in rows_raw]
        rows = [row for row in rows if any(row)]
        width = max((len(r) for r in rows), default=0)
        # Drop columns empty in every row (trailing formatting), keep the rest aligned.
        keep = [i for i in range(width) if any(i < len(r) and r[i] for r in rows)]
        rows = [[r[i] if i < len(r) else "" for i in keep] for r in rows]
        cells += sum(len(r) for r in rows)
        if cells > _MAX_CELLS:
            result.warnings.append(f"more than {_MAX_CELLS:,} cells; later sheets not read")
            break
        result.tables.append(rows)
        result.table_titles.append(name)
        chunks.append(f"## Sheet: {name}\n{table_to_text(rows)}" if rows else f"## Sheet: {name}\n(empty)")
    result.method = kind
    result.text = "\n\n".join(chunks)
    result.tool = f"python-calamine {version('python-calamine')}"
    return result
