"""Reading CSV files strictly: encoding, BOM, header checks, spreadsheet row numbers, a content hash.

GIAS downloads are Windows-1252; the bundled registers and most hand-made CSVs are UTF-8, often with
a byte-order mark from Excel. A file is read as UTF-8 (BOM stripped) when it decodes as UTF-8,
otherwise as Windows-1252, which decodes every byte, so no file fails on its encoding alone.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path


class SourceFormatError(ValueError):
    """The file as a whole cannot be read as this source (wrong columns, not CSV). Nothing is imported."""


@dataclass(frozen=True)
class CsvFile:
    """A decoded CSV file: its header, its rows keyed by column name, its encoding and sha256."""

    text: str
    encoding: str
    sha256: str
    header: tuple[str, ...]

    def rows(self, columns: Sequence[str] | None = None) -> Iterator[tuple[int, dict[str, str]]]:
        """Yield (spreadsheet row number, row) pairs; the header is row 1, blank lines are skipped.

        ``columns`` limits each row dict to those columns (a GIAS row has ~130; a parser reads ten).
        """
        reader = csv.reader(io.StringIO(self.text, newline=""))
        next(reader, None)
        width = len(self.header)
        wanted = [(name, i) for i, name in enumerate(self.header) if columns is None or name in columns]
        for index, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            row = {name: cells[i].strip() for name, i in wanted}
            if len(cells) > width:
                row["\0extra"] = ",".join(cells[width:])
            yield index, row


def decode(raw: bytes) -> tuple[str, str]:
    """Decode file bytes as UTF-8 (BOM stripped) or else Windows-1252; return (text, encoding)."""
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def read_csv(source: Path | bytes, *, required: Sequence[str], name: str) -> CsvFile:
    """Read a CSV file and check that every required column is in its header."""
    raw = source if isinstance(source, bytes) else Path(source).read_bytes()
    text, encoding = decode(raw)
    first_line = next(csv.reader(io.StringIO(text, newline="")), None)
    if not first_line:
        raise SourceFormatError(f"{name}: the file is empty (expected a header row with {', '.join(required)})")
    header = tuple(h.strip() for h in first_line)
    missing = [c for c in required if c not in header]
    if missing:
        raise SourceFormatError(
            f"{name}: missing column(s) {', '.join(missing)}; found {', '.join(header[:12])}"
            f"{'...' if len(header) > 12 else ''}. Check that this is a {name} file "
            f"(see `whoswatching registry sources` and docs/registry.md)."
        )
    return CsvFile(text=text, encoding=encoding, sha256=hashlib.sha256(raw).hexdigest(), header=header)


def unknown_columns(header: Sequence[str], known: Sequence[str], ignored: Sequence[str]) -> list[str]:
    """Columns neither read nor deliberately ignored (reported as a warning, never silently)."""
    seen = set(known) | set(ignored)
    return [h for h in header if h and h not in seen]
