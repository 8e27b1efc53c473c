"""The normalised scan record: one observed service (IP, port, transport) and the banner fields it showed.

Every ingest module (``exposure.ingest.*``) turns its format into these rows; the fingerprint rules
(``exposure/data/rules/*.yaml``) read only these columns, so a rule written for Shodan's
``http.server`` also fires on a Censys, ZGrab2 or nmap record that saw the same ``Server`` header.

Banner-derived columns (``http_server``, ``http_auth``, ``rtsp_server``, ``rtsp_auth``) are filled
from the raw ``banner`` when the source did not give them separately, with the same regular
expressions in Python (:func:`derive`) and SQL (``sql/normalise_shodan.sql``), so both ingest
paths produce identical rows.
"""

from __future__ import annotations

import re
from typing import Any

#: (column, DuckDB type) of a normalised record, in storage order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("input", "INTEGER"),  # index of the input file in the snapshot manifest
    ("record", "BIGINT"),  # 1-based ordinal of the record within its input (line number for JSON lines)
    ("format", "VARCHAR"),
    ("ip", "VARCHAR"),
    ("port", "INTEGER"),
    ("transport", "VARCHAR"),
    ("timestamp", "VARCHAR"),
    ("country", "VARCHAR"),  # ISO 3166-1 alpha-2, upper case
    ("city", "VARCHAR"),
    ("asn", "VARCHAR"),  # "AS1234"
    ("org", "VARCHAR"),
    ("banner", "VARCHAR"),  # the raw service response (Shodan `data`)
    ("http_server", "VARCHAR"),
    ("http_auth", "VARCHAR"),  # WWW-Authenticate of an HTTP response
    ("http_title", "VARCHAR"),
    ("http_html", "VARCHAR"),
    ("favicon_md5", "VARCHAR"),
    ("favicon_mmh3", "VARCHAR"),  # Shodan's http.favicon.hash: signed 32-bit murmur3 of base64 bytes
    ("tls_subject", "VARCHAR"),
    ("rtsp_server", "VARCHAR"),
    ("rtsp_auth", "VARCHAR"),
    ("onvif", "VARCHAR"),  # WS-Discovery ProbeMatches XML or its Scopes text
    ("snmp", "VARCHAR"),  # SNMP sysDescr
)
NAMES: tuple[str, ...] = tuple(name for name, _ in COLUMNS)

#: Columns a fingerprint rule may read.
RULE_FIELDS: tuple[str, ...] = (
    "banner", "http_server", "http_auth", "http_title", "http_html", "favicon_md5", "favicon_mmh3",
    "tls_subject", "rtsp_server", "rtsp_auth", "onvif", "snmp",
)

#: Largest banner/body kept per record (characters); longer text is cut, as Shodan itself does.
MAX_TEXT = 65536

#: Header extraction: the first line starting with the name, any case. sql/normalise_shodan.sql does the
#: same by position (tests/exposure/test_snapshots.py keeps the two equal).
HEADER_SERVER = r"(?i)(?:^|\n)Server:[ \t]*([^\r\n]*)"
HEADER_AUTH = r"(?i)(?:^|\n)WWW-Authenticate:[ \t]*([^\r\n]*)"
_SERVER = re.compile(HEADER_SERVER, re.ASCII)
_AUTH = re.compile(HEADER_AUTH, re.ASCII)


def empty() -> dict[str, Any]:
    """A record with every column present and null."""
    return dict.fromkeys(NAMES)


def _header(regex: re.Pattern[str], text: str) -> str | None:
    match = regex.search(text)
    return match.group(1) or None if match else None


def derive(row: dict[str, Any]) -> dict[str, Any]:
    """Fill header columns from the raw banner (HTTP vs RTSP by the status line), cut long text."""
    banner = row.get("banner")
    if banner:
        if banner.startswith("RTSP/"):
            row["rtsp_server"] = row.get("rtsp_server") or _header(_SERVER, banner)
            row["rtsp_auth"] = row.get("rtsp_auth") or _header(_AUTH, banner)
        else:
            row["http_server"] = row.get("http_server") or _header(_SERVER, banner)
            row["http_auth"] = row.get("http_auth") or _header(_AUTH, banner)
    for name in ("banner", "http_html", "onvif"):
        value = row.get(name)
        if value is not None and len(value) > MAX_TEXT:
            row[name] = value[:MAX_TEXT]
    if row.get("country"):
        row["country"] = str(row["country"]).strip().upper()[:2] or None
    asn = row.get("asn")
    if asn is not None:
        asn = str(asn).strip().upper()
        row["asn"] = (asn if asn.startswith("AS") else "AS" + asn) if asn else None
    return row
