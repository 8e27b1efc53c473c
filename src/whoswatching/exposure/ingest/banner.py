"""The generic banner record: one JSON object per line, for scan data from any tool.

``{"banner": str, "port": int?, "transport": str?, "field": str?, "ip": str?, "country": str?,
"city": str?, "timestamp": str?}``, plus optional ``asn`` and ``org``. ``field`` says what the banner
is (see :data:`FIELD_MAP`); without it the banner is a raw service response (HTTP/RTSP headers are
then read from it). Unknown keys are ignored on purpose; an unknown ``field`` skips the record.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from whoswatching.exposure.ingest._json import Row, new_row, port, run, text
from whoswatching.exposure.ingest._lines import InputReport

NAME = "banner"

#: ``field`` hint -> normalised column.
FIELD_MAP: dict[str, str] = {
    "": "banner", "banner": "banner", "raw": "banner", "http": "banner", "rtsp": "banner",
    "hikvision_8000": "banner", "dahua_37777": "banner",
    "http_header.server": "http_server", "http.server": "http_server", "server": "http_server",
    "http_header.www-authenticate": "http_auth", "www-authenticate": "http_auth",
    "html_title": "http_title", "http.title": "http_title", "title": "http_title",
    "html": "http_html", "html_body": "http_html", "http.html": "http_html", "body": "http_html",
    "favicon.md5": "favicon_md5", "favicon.mmh3": "favicon_mmh3", "favicon.hash": "favicon_mmh3",
    "http.favicon.hash": "favicon_mmh3",
    "tls.subject": "tls_subject", "ssl.subject": "tls_subject", "ssl.cert.subject": "tls_subject",
    "rtsp_header.server": "rtsp_server", "rtsp.server": "rtsp_server",
    "rtsp_header.www-authenticate": "rtsp_auth",
    "onvif": "onvif", "ws-discovery": "onvif",
    "snmp": "snmp", "snmp.sysdescr": "snmp", "sysdescr": "snmp",
}


def parse(obj: dict[str, Any]) -> list[Row]:
    banner = obj.get("banner")
    if not isinstance(banner, str) or not banner:
        raise ValueError("banner must be a non-empty string")
    hint = (text(obj.get("field")) or "").strip().lower()
    if hint not in FIELD_MAP:
        raise ValueError(f"unknown field hint {hint!r}")
    row = new_row(NAME)
    row[FIELD_MAP[hint]] = banner
    row["ip"] = text(obj.get("ip"))
    row["port"] = port(obj.get("port"))
    row["transport"] = text(obj.get("transport"))
    row["country"] = text(obj.get("country"))
    row["city"] = text(obj.get("city"))
    row["timestamp"] = text(obj.get("timestamp"))
    row["asn"] = text(obj.get("asn"))
    row["org"] = text(obj.get("org"))
    return [row]


def records(path: Path, report: InputReport) -> Iterator[Row]:
    return run(path, report, parse)


def sniff(obj: dict[str, Any]) -> bool:
    return isinstance(obj.get("banner"), str)
