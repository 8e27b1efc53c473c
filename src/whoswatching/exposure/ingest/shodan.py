"""Shodan banners as ``shodan download`` writes them: JSON lines, plain or gzip.

Taken: ``ip_str`` (or integer ``ip``), ``port``, ``transport``, ``timestamp``, ``data``, ``asn``,
``org``, ``location.country_code``, ``location.city``, ``http.server``, ``http.title``, ``http.html``,
``http.favicon.hash`` (signed mmh3), ``ssl.cert.subject`` (C, ST, L, O, OU, CN in that order),
``snmp.description``; ``data`` is also the ONVIF column when it holds a WS-Discovery ProbeMatch.
Ignored on purpose: ``_shodan``, ``hash``, ``hostnames``, ``domains``, ``isp``, ``os``, ``product``,
``version``, ``cpe``, ``vulns`` (Shodan's own guesses: we fingerprint from the evidence),
``http.components``, ``http.robots``, ``http.headers_hash``, ``ssl.chain``, ``opts``, ``tags`` and
the rest of ``location``. The same mapping is written in SQL in ``sql/normalise_shodan.sql`` (the
DuckDB fast path); a test keeps the two identical.
Reference: Shodan banner specification, https://datapedia.shodan.io/
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from whoswatching.exposure.ingest._json import Row, mapping, new_row, port, run, text
from whoswatching.exposure.ingest._lines import InputReport

NAME = "shodan"
SUBJECT_ORDER = ("C", "ST", "L", "O", "OU", "CN")


def subject(value: Any) -> str | None:
    parts = mapping(value)
    joined = ", ".join(f"{key}={parts[key]}" for key in SUBJECT_ORDER if parts.get(key) not in (None, ""))
    return joined or None


def parse(obj: dict[str, Any]) -> list[Row]:
    row = new_row(NAME)
    ip = text(obj.get("ip_str"))
    if ip is None and obj.get("ip") is not None:
        ip = str(ipaddress.IPv4Address(int(obj["ip"])))
    if ip is None:
        return []
    row["ip"] = ip
    row["port"] = port(obj.get("port"))
    row["transport"] = text(obj.get("transport"))
    row["timestamp"] = text(obj.get("timestamp"))
    row["asn"] = text(obj.get("asn"))
    row["org"] = text(obj.get("org"))
    data = text(obj.get("data"))
    row["banner"] = data
    location = mapping(obj.get("location"))
    row["country"] = text(location.get("country_code"))
    row["city"] = text(location.get("city"))
    http = mapping(obj.get("http"))
    row["http_server"] = text(http.get("server"))
    row["http_title"] = text(http.get("title"))
    row["http_html"] = text(http.get("html"))
    row["favicon_mmh3"] = text(mapping(http.get("favicon")).get("hash"))
    row["tls_subject"] = subject(mapping(mapping(obj.get("ssl")).get("cert")).get("subject"))
    row["snmp"] = text(mapping(obj.get("snmp")).get("description"))
    if data and "ProbeMatch" in data:
        row["onvif"] = data
    return [row]


def records(path: Path, report: InputReport) -> Iterator[Row]:
    return run(path, report, parse)


def sniff(obj: dict[str, Any]) -> bool:
    return "_shodan" in obj or ("ip_str" in obj and "port" in obj) or ("data" in obj and "port" in obj and isinstance(obj.get("data"), str))
