"""Scan-file ingestion: one module per format, listed in :data:`FORMATS` (the explicit registry).

Each module exposes ``NAME``, ``records(path, report) -> Iterator[row]`` (strict: known fields
taken, the rest ignored on purpose and listed in its docstring, malformed records skipped and
counted in the :class:`InputReport`) and, for JSON formats, ``sniff(obj) -> bool`` used by
:mod:`.detect`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from whoswatching.exposure.ingest import banner, censys, masscan, nmap, shodan, zgrab2
from whoswatching.exposure.ingest._lines import InputReport, sha256_file
from whoswatching.exposure.ingest.detect import UnknownFormat, detect

#: Every supported format, by name. JSON formats are sniffed in this order (most specific first).
FORMATS = {
    "shodan": shodan,
    "censys": censys,
    "zgrab2": zgrab2,
    "masscan": masscan,
    "banner": banner,
    "nmap": nmap,
}
JSON_FORMATS = tuple((name, FORMATS[name]) for name in ("masscan", "censys", "zgrab2", "shodan", "banner"))

__all__ = ["FORMATS", "InputReport", "UnknownFormat", "detect", "read"]


def read(path: Path, *, index: int, fmt: str | None = None) -> tuple[InputReport, Iterator[dict]]:
    """Open one input: its report (filled while iterating) and the iterator of normalised rows."""
    name = fmt or detect(path)
    if name not in FORMATS:
        raise UnknownFormat(f"unknown format {name!r}; choose from {', '.join(FORMATS)}")
    report = InputReport(path=str(path), sha256=sha256_file(path), format=name)

    def rows() -> Iterator[dict]:
        for row in FORMATS[name].records(path, report):
            row["input"] = index
            yield row

    return report, rows()
