"""Reading scan files safely: plain or gzip, line by line, with per-input problem accounting.

A bad line never aborts a run: it is skipped and counted under a reason (``invalid UTF-8``,
``line longer than 16 MiB``, ``not a JSON object``...). A truncated or corrupt gzip stream ends that
input early with a recorded error; the records read before the damage are kept.
"""

from __future__ import annotations

import gzip
import hashlib
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

#: Lines longer than this (bytes) are skipped, not parsed (a 100 MB single line must not exhaust memory).
MAX_LINE = 16 * 1024 * 1024
_CHUNK = 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class InputReport:
    """What happened to one input file: format, hash, records used and skipped, with reasons."""

    path: str
    sha256: str
    format: str
    used: int = 0
    skipped: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)  # first few "line N: reason" notes
    error: str | None = None  # a problem that ended the input early (truncated gzip, XML attack)

    def skip(self, where: int, reason: str) -> None:
        self.skipped += 1
        self.reasons[reason] += 1
        if len(self.examples) < 20:
            self.examples.append(f"record {where}: {reason}")

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path, "sha256": self.sha256, "format": self.format, "used": self.used,
            "skipped": self.skipped, "reasons": dict(self.reasons), "examples": self.examples,
            "error": self.error,
        }


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def is_gzip(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(2) == _GZIP_MAGIC


def open_bytes(path: Path) -> IO[bytes]:
    """The decompressed byte stream of a plain or gzip file (gzip recognised by its magic number)."""
    return gzip.open(path, "rb") if is_gzip(path) else path.open("rb")


def head(path: Path, size: int = 65536) -> bytes:
    """The first ``size`` decompressed bytes, or what could be read before corruption."""
    try:
        with open_bytes(path) as fh:
            return fh.read(size)
    except (EOFError, OSError, zlib.error):
        return b""


def iter_lines(path: Path, report: InputReport) -> Iterator[tuple[int, str]]:
    """Yield (line number, text) for each non-blank UTF-8 line; skip and count the rest."""
    number = 0
    try:
        with open_bytes(path) as fh:
            while True:
                chunk = fh.readline(MAX_LINE + 1)
                if not chunk:
                    break
                number += 1
                if len(chunk) > MAX_LINE and not chunk.endswith(b"\n"):
                    while chunk and not chunk.endswith(b"\n"):  # drain the rest of the long line
                        chunk = fh.readline(_CHUNK)
                    report.skip(number, f"line longer than {MAX_LINE // (1024 * 1024)} MiB")
                    continue
                try:
                    text = chunk.decode("utf-8")
                except UnicodeDecodeError:
                    report.skip(number, "invalid UTF-8")
                    continue
                if text.strip():
                    yield number, text
    except (EOFError, OSError, zlib.error) as exc:
        report.error = f"input ended early after line {number}: {exc.__class__.__name__}: {exc}"
