"""Ingest: every format detected and parsed strictly; bad input reported and skipped, never fatal."""

from __future__ import annotations

import gzip
import json

import pytest

from tests.exposure.conftest import DATA
from whoswatching.exposure import ingest
from whoswatching.exposure.ingest.detect import UnknownFormat

SCANS = DATA / "scans"


def _read(path, fmt=None):
    report, rows = ingest.read(path, index=0, fmt=fmt)
    return report, list(rows)


@pytest.mark.parametrize(("name", "fmt", "used", "rows"), [
    ("shodan.json", "shodan", 3, 3), ("censys-host.json", "censys", 2, 3), ("zgrab2.json", "zgrab2", 2, 2),
    ("masscan.json", "masscan", 2, 2), ("nmap.xml", "nmap", 2, 3), ("banner.jsonl", "banner", 2, 2),
])
def test_formats_are_detected_and_parsed(name, fmt, used, rows):
    assert ingest.detect(SCANS / name) == fmt
    report, got = _read(SCANS / name)
    assert (report.format, report.used, len(got)) == (fmt, used, rows)
    assert all(row["input"] == 0 and row["record"] >= 1 for row in got)


def test_shodan_fields_are_mapped():
    _report, rows = _read(SCANS / "shodan.json")
    first, second, third = rows
    assert first["http_server"] == "App-webs/" and first["favicon_mmh3"] == "999357577"
    assert first["country"] == "GB" and first["asn"] == "AS5089" and first["city"] == "London"
    assert second["ip"] == "198.51.100.61" and second["country"] == "GB"
    assert second["tls_subject"] == "C=CN, O=Dahua, CN=IPC"
    assert third["snmp"] == "Hikvision DS-7608NI-K2" and third["transport"] == "udp"


def test_censys_zgrab_masscan_nmap_fields():
    _r, censys = _read(SCANS / "censys-host.json")
    assert censys[0]["http_server"] == "App-webs/" and censys[0]["http_auth"] == 'Digest realm="Hikvision"'
    assert censys[0]["favicon_md5"] and censys[0]["asn"] == "AS2856"
    assert censys[1]["rtsp_auth"] == 'Digest realm="Hikvision"'
    assert censys[2]["tls_subject"] == "C=CN, O=Dahua, CN=IPC"
    _r, zgrab = _read(SCANS / "zgrab2.json")
    assert zgrab[0]["http_server"] == "DNVRS-Webs" and zgrab[0]["http_title"] == "Login"
    assert zgrab[1]["rtsp_server"] == "Dahua Rtsp Server" and zgrab[1]["port"] == 554
    _r, masscan = _read(SCANS / "masscan.json")
    assert masscan[0]["http_server"] == "Hikvision-Webs" and masscan[1]["banner"] is None
    _r, nmap = _read(SCANS / "nmap.xml")
    assert nmap[0]["banner"] == "nmap: Hikvision IPCam control port"
    assert nmap[1]["http_server"] == "App-webs/"
    assert nmap[2]["tls_subject"] == "C=CN, O=Dahua, CN=IPC"


def test_banner_records_unknown_field_and_bad_banner_are_skipped():
    report, rows = _read(SCANS / "banner.jsonl")
    assert report.used == 2 and report.skipped == 2
    assert rows[0]["http_server"] == "App-webs/" and rows[1]["http_title"] == "WEB SERVICE"


def test_gzip_is_read_and_truncated_gzip_keeps_what_came_before(tmp_path):
    lines = "".join(json.dumps({"ip_str": f"198.51.100.{i}", "port": 80, "data": "x" * 2000 + str(i)}) + "\n"
                    for i in range(200))
    whole = gzip.compress(lines.encode())
    (tmp_path / "ok.json.gz").write_bytes(whole)
    report, rows = _read(tmp_path / "ok.json.gz")
    assert report.used == 200 and report.error is None
    (tmp_path / "cut.json.gz").write_bytes(whole[: len(whole) // 2])
    report, rows = _read(tmp_path / "cut.json.gz", fmt="shodan")
    assert 0 < report.used < 200 and report.error and "ended early" in report.error


def test_huge_line_invalid_utf8_and_non_objects_are_skipped(tmp_path):
    path = tmp_path / "bad.json"
    good = json.dumps({"ip_str": "198.51.100.1", "port": 80, "data": "Server: App-webs/"}).encode()
    with path.open("wb") as fh:
        fh.write(good + b"\n")
        fh.write(b'{"ip_str": "198.51.100.2", "data": "' + b"A" * (100 * 1024 * 1024) + b'"}\n')
        fh.write(b'{"ip_str": "198.51.100.3", "port": 80, "data": "\xff\xfe bad"}\n')
        fh.write(b"[1, 2, 3]\n\"just a string\"\n{\"ip_str\": \n")
        fh.write(good + b"\n")
    report, rows = _read(path, fmt="shodan")
    assert report.used == 2 and len(rows) == 2
    assert report.reasons == {"line longer than 16 MiB": 1, "invalid UTF-8": 1, "JSON that is not an object": 2,
                              "not valid JSON": 1}


@pytest.mark.parametrize("doc", [
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    '<nmaprun><host><address addr="&lol2;" addrtype="ipv4"/></host></nmaprun>',
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><nmaprun>&x;</nmaprun>',
    '<?xml version="1.0"?><nmaprun><host><address addr="198.51.100.9" addrtype="ipv4"/>',
])
def test_nmap_xml_attacks_and_broken_xml_are_reported(tmp_path, doc):
    path = tmp_path / "scan.xml"
    path.write_text(doc)
    report, rows = _read(path)
    assert report.format == "nmap" and rows == [] and report.error


def test_unknown_format_names_what_to_do(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"hello": 1}\n')
    with pytest.raises(UnknownFormat, match="--format"):
        ingest.detect(path)
