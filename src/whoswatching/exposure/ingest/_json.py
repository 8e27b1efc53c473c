"""JSON-lines plumbing shared by the JSON formats: one object per line, anything else skipped."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from whoswatching.exposure.ingest._lines import InputReport, iter_lines
from whoswatching.exposure.records import derive, empty

Row = dict[str, Any]


def iter_objects(path: Path, report: InputReport) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object) for each line that is a JSON object; count the others."""
    for number, text in iter_lines(path, report):
        try:
            obj = json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            report.skip(number, "not valid JSON")
            continue
        if not isinstance(obj, dict):
            report.skip(number, "JSON that is not an object")
            continue
        yield number, obj


def run(path: Path, report: InputReport, parse: Callable[[dict[str, Any]], list[Row]]) -> Iterator[Row]:
    """Apply a per-object parser; a parser error skips that line with the reason, never the run."""
    for number, obj in iter_objects(path, report):
        try:
            rows = parse(obj)
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            report.skip(number, f"malformed {report.format} record ({exc.__class__.__name__})")
            continue
        if not rows:
            report.skip(number, f"{report.format} record without a usable service")
            continue
        report.used += 1
        for row in rows:
            row["record"] = number
            yield derive(row)


def text(value: Any) -> str | None:
    """A string field, or None; numbers become text, containers are refused."""
    if value is None or value == "":
        return None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"expected text, got {type(value).__name__}")


def port(value: Any) -> int | None:
    if value is None or value == "":
        return None
    number = int(value)
    if not 0 <= number <= 65535:
        raise ValueError(f"port {number} out of range")
    return number


def mapping(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise TypeError(f"expected an object, got {type(value).__name__}")
    return value


def new_row(fmt: str) -> Row:
    row = empty()
    row["format"] = fmt
    return row
