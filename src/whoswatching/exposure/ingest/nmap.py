"""nmap XML (``-oX``), parsed with defusedxml: DTDs, entities and external references are refused.

One record per open ``port`` of each ``host``. Taken: ``address[@addrtype=ipv4|ipv6]/@addr``,
``host/@starttime``, ``port/@portid``, ``@protocol``; script outputs ``http-server-header`` ->
``http_server``, ``http-title`` -> ``http_title``, ``banner`` -> ``banner``, ``rtsp-methods``-style
raw responses are not emitted by nmap; ``ssl-cert`` subject ``elem`` keys -> ``tls_subject``,
``snmp-sysdescr`` -> ``snmp``; without a ``banner`` script, the service's ``product``, ``version``
and ``extrainfo`` become the banner text as ``nmap: <product> <version> (<extrainfo>)`` (nmap's own
probe match, rules cite the probe line). Ignored on purpose: ``os``, ``hostscript``, ``trace``,
``times``, closed/filtered ports. An XML attack or broken XML ends this input with an error.
Reference: https://nmap.org/book/nmap-dtd.html
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from whoswatching.exposure.ingest._json import Row, new_row
from whoswatching.exposure.ingest._lines import InputReport, open_bytes
from whoswatching.exposure.records import derive

NAME = "nmap"
SUBJECT_KEYS = (("countryName", "C"), ("stateOrProvinceName", "ST"), ("localityName", "L"),
                ("organizationName", "O"), ("organizationalUnitName", "OU"), ("commonName", "CN"))


def _subject(script: Element) -> str | None:
    for table in script.iter("table"):
        if table.get("key") == "subject":
            values = {elem.get("key"): elem.text for elem in table.iter("elem")}
            joined = ", ".join(f"{short}={values[key]}" for key, short in SUBJECT_KEYS if values.get(key))
            return joined or None
    return None


def _port_row(host: Element, ip: str, port: Element) -> Row | None:
    state = port.find("state")
    if state is None or state.get("state") != "open":
        return None
    row: dict[str, Any] = new_row(NAME)
    row.update(ip=ip, port=int(port.get("portid", "")), transport=port.get("protocol"),
               timestamp=host.get("starttime"))
    for script in port.findall("script"):
        output = (script.get("output") or "").strip() or None
        sid = script.get("id")
        if sid == "http-server-header":
            row["http_server"] = output
        elif sid == "http-title":
            row["http_title"] = output
        elif sid == "banner":
            row["banner"] = output
        elif sid == "ssl-cert":
            row["tls_subject"] = _subject(script)
        elif sid == "snmp-sysdescr":
            row["snmp"] = output
    service = port.find("service")
    if row["banner"] is None and service is not None and service.get("product"):
        text = " ".join(p for p in (service.get("product"), service.get("version")) if p)
        if service.get("extrainfo"):
            text += f" ({service.get('extrainfo')})"
        row["banner"] = "nmap: " + text
    return row


def records(path: Path, report: InputReport) -> Iterator[Row]:
    number = 0
    try:
        with open_bytes(path) as fh:
            for _event, elem in SafeET.iterparse(fh, events=("end",), forbid_dtd=True):
                if elem.tag != "host":
                    continue
                number += 1
                address = next((a.get("addr") for a in elem.findall("address")
                                if a.get("addrtype") in ("ipv4", "ipv6")), None)
                if not address:
                    report.skip(number, "nmap host without an IP address")
                    elem.clear()
                    continue
                rows = []
                for port in elem.iter("port"):
                    try:
                        row = _port_row(elem, address, port)
                    except ValueError:
                        report.skip(number, "nmap port without a number")
                        continue
                    if row is not None:
                        row["record"] = number
                        rows.append(derive(row))
                elem.clear()
                if rows:
                    report.used += 1
                    yield from rows
    except (DefusedXmlException, ParseError, EOFError, OSError) as exc:
        report.error = f"nmap XML rejected after {number} hosts: {exc.__class__.__name__}: {exc}"
