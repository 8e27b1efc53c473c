"""Decode text whose charset is unknown, wrong or broken, and read CSV.

Order: a byte-order mark (Unicode §23.8), the declared charset if it decodes cleanly, strict
UTF-8, charset-normalizer's best guess, then Windows-1252 with replacement characters (which
cannot fail). Never raises.
"""

from __future__ import annotations

import codecs
import csv
import io

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str, list[str]]:
    """Return ``(text, encoding_used, warnings)`` for ``data``."""
    warnings: list[str] = []
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc, warnings
            except UnicodeDecodeError:
                break
    if declared:
        name = declared.strip().strip('"').lower()
        try:
            codecs.lookup(name)
        except (LookupError, ValueError):  # ValueError: a NUL inside the declared name
            warnings.append(f"unknown charset {declared[:40]!r}; guessed instead")
        else:
            try:
                return data.decode(name), name, warnings
            except (UnicodeError, LookupError, ValueError, TypeError):  # LookupError: rot13/hex are not text codecs
                warnings.append(f"text is not valid {declared[:40]}; guessed the charset instead")
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError:
        pass
    try:
        best = from_bytes(data[:2_000_000]).best()
    except Exception:  # charset-normalizer is heuristic; a failure must not lose the text
        best = None
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding, errors="replace"), best.encoding, warnings
        except LookupError:
            pass
    warnings.append("charset could not be detected; decoded as windows-1252 with replacements")
    return data.decode("cp1252", errors="replace"), "cp1252", warnings


def read_csv(text: str) -> list[list[str]]:
    """Rows of a CSV/TSV text, the delimiter sniffed from its first lines (RFC 4180 quoting)."""
    sample = text[:20000]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel_tab if sample.count("\t") > sample.count(",") else csv.excel
    rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    return [row for row in rows if any(row)]


def table_to_text(rows: list[list[str]]) -> str:
    """Tab-separated lines for a table, so text searches and quotes find cell contents."""
    return "\n".join("\t".join(row).rstrip() for row in rows)
