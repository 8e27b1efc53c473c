"""ZGrab2 output: one JSON object per target, ``{"ip", "data": {module: {"status", "protocol", "result"}}}``.

One record per module that succeeded (``status == "success"``). Taken: ``ip``, ``timestamp`` of the
module; ``port`` from the module (zgrab2 ``--port``; else the protocol's default); for ``http``:
``result.response.headers.server`` / ``www_authenticate``, ``result.response.body`` (title read from
it); for ``banner``: ``result.banner``; for ``tls``: the leaf certificate's ``parsed.subject_dn``;
for ``rtsp``-style raw banners: ``result.banner``. Ignored on purpose: ``domain``, ``error``,
request echoes, other modules' structured results.
Reference: https://github.com/zmap/zgrab2 (modules/http, modules/banner, modules/tls JSON schema).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from whoswatching.exposure.ingest._json import Row, mapping, new_row, port, run, text
from whoswatching.exposure.ingest._lines import InputReport

NAME = "zgrab2"
DEFAULT_PORTS = {"http": 80, "https": 443, "tls": 443, "rtsp": 554, "banner": None}
_TITLE = re.compile(r"(?is)<title[^>]*>([^<]*)</title>")


def _first(value: Any) -> str | None:
    return text(value[0] if isinstance(value, list) and value else value)


def parse(obj: dict[str, Any]) -> list[Row]:
    ip = text(obj.get("ip"))
    modules = mapping(obj.get("data"))
    rows = []
    for name, entry in modules.items():
        entry = mapping(entry)
        if entry.get("status") != "success":
            continue
        result = mapping(entry.get("result"))
        row = new_row(NAME)
        row.update(ip=ip, timestamp=text(entry.get("timestamp")), transport="tcp")
        protocol = (text(entry.get("protocol")) or name).lower()
        row["port"] = port(entry.get("port", result.get("port", DEFAULT_PORTS.get(protocol))))
        response = mapping(result.get("response"))
        if response:
            headers = mapping(response.get("headers"))
            row["http_server"] = _first(headers.get("server"))
            row["http_auth"] = _first(headers.get("www_authenticate"))
            body = text(response.get("body"))
            row["http_html"] = body
            title = _TITLE.search(body or "")
            row["http_title"] = title.group(1).strip() or None if title else None
        if result.get("banner") is not None:
            row["banner"] = text(result.get("banner"))
        cert = mapping(mapping(mapping(result.get("handshake_log")).get("server_certificates")).get("certificate"))
        row["tls_subject"] = text(mapping(cert.get("parsed")).get("subject_dn"))
        rows.append(row)
    return rows


def records(path: Path, report: InputReport) -> Iterator[Row]:
    return run(path, report, parse)


def sniff(obj: dict[str, Any]) -> bool:
    data = obj.get("data")
    return isinstance(data, dict) and any(isinstance(v, dict) and "status" in v for v in data.values())
