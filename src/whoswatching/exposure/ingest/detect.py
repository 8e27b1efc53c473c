"""Recognise a scan file's format from its first bytes and its first JSON object.

Order: XML (``<?xml``/``<nmaprun``) is nmap; a line that is ``[`` or a host object with ``ports`` is
masscan; otherwise the first parseable JSON object of the first lines is offered to each JSON
format's ``sniff`` in :data:`whoswatching.exposure.ingest.FORMATS` order.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from whoswatching.exposure.ingest._lines import head


class UnknownFormat(ValueError):
    """The file's first records match no supported scan format."""


def first_objects(sample: bytes, limit: int = 20) -> list[dict[str, Any]]:
    found = []
    for raw in sample.splitlines()[:limit]:
        line = raw.strip().rstrip(b",")
        if not line or line in (b"[", b"]"):
            continue
        try:
            obj = json.loads(line.decode("utf-8", errors="replace"))
        except (json.JSONDecodeError, RecursionError):
            continue
        if isinstance(obj, dict):
            found.append(obj)
    return found


def detect(path: Path) -> str:
    """The format name of ``path``, or :class:`UnknownFormat` naming what was seen."""
    from whoswatching.exposure.ingest import JSON_FORMATS

    sample = head(path)
    start = sample.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith((b"<?xml", b"<nmaprun", b"<!DOCTYPE nmaprun")):
        return "nmap"
    objects = first_objects(sample)
    for obj in objects:
        for name, module in JSON_FORMATS:
            if module.sniff(obj):
                return name
    if not sample:
        raise UnknownFormat(f"{path}: empty or unreadable (a gzip file truncated at the start?)")
    seen = ", ".join(sorted(objects[0])[:8]) if objects else "no JSON object in the first lines"
    raise UnknownFormat(
        f"{path}: not a recognised scan format (first record keys: {seen}). Supported: Shodan JSON lines, "
        "Censys host JSON, ZGrab2 JSON, masscan -oJ, nmap -oX, or the generic banner record; "
        "pass --format to choose one."
    )
