"""Censys host documents (Search API v2 ``hosts/{ip}`` result, or one host per line from an export).

Taken per host: ``ip``, ``location.country_code``, ``location.city``, ``autonomous_system.asn``,
``autonomous_system.name``, ``last_updated_at``; per entry of ``services``: ``port``,
``transport_protocol``, ``banner``, ``observed_at``, ``http.response.headers.Server`` and
``WWW_Authenticate``, ``http.response.html_title``, ``http.response.body``,
``http.response.favicons[0].md5_hash``, ``tls.certificates.leaf_data.subject_dn``. A ``{"result":
{...}}`` wrapper is unwrapped. Ignored on purpose: ``dns``, ``operating_system``, ``software``,
``labels`` and ``_decoded`` (Censys's own inferences), ``extended_service_name``, ``perspective``.
Reference: https://search.censys.io/api (Host object, v2).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from whoswatching.exposure.ingest._json import Row, mapping, new_row, port, run, text
from whoswatching.exposure.ingest._lines import InputReport

NAME = "censys"


def _header(headers: dict[str, Any], *names: str) -> str | None:
    for key, value in headers.items():
        if key.lower().replace("-", "_") in names:
            return text(value[0] if isinstance(value, list) and value else value)
    return None


def parse(obj: dict[str, Any]) -> list[Row]:
    host = mapping(obj.get("result")) if "result" in obj else obj
    ip = text(host.get("ip"))
    services = host.get("services")
    if not ip or not isinstance(services, list):
        return []
    location = mapping(host.get("location"))
    system = mapping(host.get("autonomous_system"))
    rows = []
    for service in services:
        service = mapping(service)
        row = new_row(NAME)
        row.update(ip=ip, country=text(location.get("country_code")), city=text(location.get("city")),
                   asn=text(system.get("asn")), org=text(system.get("name")))
        row["port"] = port(service.get("port"))
        row["transport"] = (text(service.get("transport_protocol")) or "").lower() or None
        row["timestamp"] = text(service.get("observed_at")) or text(host.get("last_updated_at"))
        row["banner"] = text(service.get("banner"))
        response = mapping(mapping(service.get("http")).get("response"))
        headers = mapping(response.get("headers"))
        row["http_server"] = _header(headers, "server")
        row["http_auth"] = _header(headers, "www_authenticate")
        row["http_title"] = text(response.get("html_title"))
        row["http_html"] = text(response.get("body"))
        favicons = response.get("favicons") or []
        if isinstance(favicons, list) and favicons:
            row["favicon_md5"] = text(mapping(favicons[0]).get("md5_hash"))
        leaf = mapping(mapping(mapping(service.get("tls")).get("certificates")).get("leaf_data"))
        row["tls_subject"] = text(leaf.get("subject_dn"))
        rows.append(row)
    return rows


def records(path: Path, report: InputReport) -> Iterator[Row]:
    return run(path, report, parse)


def sniff(obj: dict[str, Any]) -> bool:
    host = obj.get("result") if isinstance(obj.get("result"), dict) else obj
    return isinstance(host, dict) and isinstance(host.get("services"), list)
