"""Single ``.eml`` files, or folders of them (searched recursively, in name order)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from whoswatching.intake.sources.base import RawItem, SourceError


def files(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".eml")
        elif path.is_file():
            found.append(path)
        else:
            raise SourceError(f"{path} does not exist")
    return found


def count(paths: Iterable[Path]) -> int:
    return len(files(paths))


def iter_messages(paths: Iterable[Path]) -> Iterator[RawItem]:
    for path in files(paths):
        yield RawItem(path.read_bytes(), f"eml:{path.resolve()}")
