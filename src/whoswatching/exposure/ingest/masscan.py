"""masscan ``-oJ`` output: a JSON array written one host object per line (trailing commas), or ``-oD``
NDJSON. Each ``{"ip", "timestamp", "ports": [{"port", "proto", "status"?, "service"?: {"name", "banner"}}]}``.

A port entry with a ``service`` (``--banners``) gives a record whose column depends on the service
name (:data:`SERVICE_MAP`); open ports without a banner give a record with no banner (counted as
a service, never fingerprinted). Ignored on purpose: ``reason``, ``ttl``, ``finished``.
Reference: masscan(8), "OUTPUT" (-oJ/-oD) and src/out-json.c.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from whoswatching.exposure.ingest._json import Row, mapping, new_row, port, text
from whoswatching.exposure.ingest._lines import InputReport, iter_lines
from whoswatching.exposure.records import derive

NAME = "masscan"
SERVICE_MAP = {"http": "banner", "http.server": "http_server", "title": "http_title", "rtsp": "banner",
               "x509": "tls_subject", "ssl": "tls_subject", "snmp": "snmp"}


def parse(obj: dict[str, Any]) -> list[Row]:
    ip = text(obj.get("ip"))
    ports = obj.get("ports")
    if not ip or not isinstance(ports, list):
        return []
    rows = []
    for entry in ports:
        entry = mapping(entry)
        if entry.get("status", "open") != "open":
            continue
        row = new_row(NAME)
        row.update(ip=ip, port=port(entry.get("port")), transport=text(entry.get("proto")),
                   timestamp=text(obj.get("timestamp")))
        service = mapping(entry.get("service"))
        name = (text(service.get("name")) or "").lower()
        if service.get("banner") is not None:
            row[SERVICE_MAP.get(name, "banner")] = text(service.get("banner"))
        rows.append(row)
    return rows


def records(path: Path, report: InputReport) -> Iterator[Row]:
    for number, line in iter_lines(path, report):
        stripped = line.strip().rstrip(",")
        if stripped in ("[", "]", ""):
            continue
        try:
            obj = json.loads(stripped)
        except (json.JSONDecodeError, RecursionError):
            report.skip(number, "not valid JSON")
            continue
        if not isinstance(obj, dict):
            report.skip(number, "JSON that is not an object")
            continue
        if "finished" in obj and "ip" not in obj:
            continue
        try:
            rows = parse(obj)
        except (TypeError, ValueError) as exc:
            report.skip(number, f"malformed masscan record ({exc.__class__.__name__})")
            continue
        if not rows:
            report.skip(number, "masscan record without an open port")
            continue
        report.used += 1
        for row in rows:
            row["record"] = number
            yield derive(row)


def sniff(obj: dict[str, Any]) -> bool:
    return isinstance(obj.get("ports"), list) and "ip" in obj
