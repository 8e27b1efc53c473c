"""Snapshots: load (fast path and Python ingest agree), manifest stamp, counts in three units, outputs."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pyarrow.parquet as pq
import pytest

from tests.exposure.conftest import DATA
from whoswatching.exposure import ingest
from whoswatching.exposure.report import outputs
from whoswatching.exposure.snapshots import SnapshotError, snapshot_load, snapshot_report, write_records

SCANS = DATA / "scans"

HOSTS = [
    # one Hikvision camera seen on three ports, then again after an IP change (same serial via SADP)
    {"ip_str": "198.51.100.1", "port": 80, "data": "HTTP/1.1 200 OK\r\nServer: App-webs/\r\n", "location": {"country_code": "GB", "city": "London"}, "timestamp": "2026-11-01T00:00:00"},
    {"ip_str": "198.51.100.1", "port": 554, "data": "RTSP/1.0 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"Hikvision\"\r\n", "location": {"country_code": "GB", "city": "London"}, "timestamp": "2026-11-01T00:00:00"},
    {"ip_str": "198.51.100.1", "port": 37020, "transport": "udp", "data": "<ProbeMatch>\n<DeviceDescription>DS-2CD2432F-IW</DeviceDescription>\n<DeviceSN>DS-2CD2432F-IW20160101BBWR000000001</DeviceSN>\n<MAC>44-19-b6-a1-b2-c3</MAC>\n<SoftwareVersion>V5.4.0build 160530</SoftwareVersion>", "location": {"country_code": "GB", "city": "London"}, "timestamp": "2026-11-01T00:00:00"},
    {"ip_str": "198.51.100.9", "port": 37020, "transport": "udp", "data": "<ProbeMatch>\n<DeviceDescription>DS-2CD2432F-IW</DeviceDescription>\n<DeviceSN>DS-2CD2432F-IW20160101BBWR000000001</DeviceSN>\n<MAC>44-19-b6-a1-b2-c3</MAC>\n<SoftwareVersion>V5.4.0build 160530</SoftwareVersion>", "location": {"country_code": "GB", "city": "Leeds"}, "timestamp": "2026-11-20T00:00:00"},
    {"ip_str": "198.51.100.2", "port": 554, "data": "RTSP/1.0 200 OK\r\nServer: Dahua Rtsp Server\r\n", "location": {"country_code": "GB", "city": "Leeds"}, "timestamp": "2026-11-02T00:00:00"},
    {"ip_str": "198.51.100.3", "port": 80, "data": "HTTP/1.1 200 OK\r\nServer: nginx\r\n", "location": {"country_code": "GB", "city": "Leeds"}},
    {"ip_str": "198.51.100.4", "port": 80, "data": "HTTP/1.1 200 OK\r\nServer: =HYPERLINK(1)\r\n", "http": {"title": "WEB SERVICE"}, "location": {"country_code": "FR", "city": "=cmd|x"}},
]


@pytest.fixture
def scan(tmp_path):
    path = tmp_path / "scan.json"
    path.write_text("".join(json.dumps(h) + "\n" for h in HOSTS))
    return path


def _load(paths, tmp_path, resolver, **kw):
    return snapshot_load(paths, name=kw.pop("name", "t"), data_dir=tmp_path / "data", resolver=resolver, **kw)


def test_fast_path_and_python_ingest_write_identical_records(scan, tmp_path):
    from whoswatching.exposure.fast import shodan_to_parquet

    assert shodan_to_parquet([scan, SCANS / "shodan.json"], tmp_path / "fast.parquet") == {0: 7, 1: 3}
    write_records([scan, SCANS / "shodan.json"], tmp_path / "slow.parquet", fmt=None)
    fast = pq.read_table(tmp_path / "fast.parquet").sort_by([("input", "ascending"), ("record", "ascending")])
    slow = pq.read_table(tmp_path / "slow.parquet")
    assert fast.to_pylist() == slow.to_pylist()


HEADER_CASES = [  # the fast path finds headers by position, the Python ingest by regex: both must agree
    "HTTP/1.1 200 OK\r\nserver: lower-case\r\nwww-authenticate: Basic realm=\"x\"\r\n",
    "HTTP/1.1 200 OK\r\nX-Server: not-this\r\nServer:\t  tabbed \r\n",
    "HTTP/1.1 401\r\nX-WWW-Authenticate: no\r\nSERVER: upper\nWWW-AUTHENTICATE: Digest realm=\"Hikvision\"",
    "Server: first-line\r\nServer: second\r\n",
    "HTTP/1.1 200 OK\r\nServer:\r\nWWW-Authenticate:   \r\n",
    "HTTP/1.1 200 OK\r\nServer: bare\rX: y\n",
    "HTTP/1.1 200 OK\r\nÉté: ünïcode\r\nServer: après-accents\r\nWWW-Authenticate: Basic realm=\"café\"",
    "RTSP/1.0 401 Unauthorized\r\nserver: rtsp-lower\r\nwww-Authenticate: Digest realm=\"device\"\r\n",
    "RTSP/1.0 200 OK\r\nContent-Base: rtsp://a/Server: no\r\n",
    "no headers at all",
    "",
]


def test_fast_path_normalises_headers_country_and_asn_as_the_python_ingest_does(tmp_path):
    from whoswatching.exposure.fast import shodan_to_parquet

    path = tmp_path / "headers.json"
    rows = [{"ip_str": f"192.0.2.{i + 1}", "port": 80, "data": data} for i, data in enumerate(HEADER_CASES)]
    rows.append({"ip_str": "192.0.2.99", "port": 80, "data": HEADER_CASES[0], "http": {"server": "from-http"}})
    for n, (country, asn) in enumerate([("GB", "AS2856"), (" gb ", " as2856 "), ("gbr", "2856"), ("G", "AS12 x"),
                                        ("gB", "As5089"), ("", " "), ("É1", "AS1é")]):
        rows.append({"ip_str": f"198.51.100.{n + 1}", "port": 80, "data": "x", "asn": asn,
                     "location": {"country_code": country}})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert shodan_to_parquet([path], tmp_path / "fast.parquet") == {0: len(rows)}
    write_records([path], tmp_path / "slow.parquet", fmt=None)
    fast = pq.read_table(tmp_path / "fast.parquet").sort_by([("record", "ascending")]).to_pylist()
    slow = pq.read_table(tmp_path / "slow.parquet").to_pylist()
    assert fast == slow
    assert [r["http_server"] for r in slow[:3]] == ["lower-case", "tabbed ", "upper"]
    assert slow[7]["rtsp_server"] == "rtsp-lower" and slow[8]["rtsp_server"] is None
    assert slow[len(HEADER_CASES)]["http_server"] == "from-http"
    assert [(r["country"], r["asn"]) for r in slow[-7:]] == [
        ("GB", "AS2856"), ("GB", "AS2856"), ("GB", "AS2856"), ("G", "AS12 X"), ("GB", "AS5089"), (None, None),
        ("É1", "AS1É")]


def test_load_and_report_count_each_unit(scan, tmp_path, resolver):
    manifest = _load([scan], tmp_path, resolver)
    assert manifest.data["counts"]["records_used"] == 7 and manifest.data["counts"]["records_skipped"] == 0
    assert manifest.stamp["snapshot_date"] == "2026-11-20" and len(manifest.stamp["input_sha256"][0]) == 64
    rows = {r["maker"]: r for r in snapshot_report("t", by="maker", data_dir=tmp_path / "data").rows}
    hik = rows["Hikvision"]
    assert (hik["ips"], hik["services"], hik["devices"]) == (2, 4, 1)  # 2 IPs, 4 services, one device by serial
    assert rows["Dahua"]["devices"] == 2  # RTSP in Leeds + the WEB SERVICE title in France
    cities = snapshot_report("t", by="city", country="gb", top=5, data_dir=tmp_path / "data").rows
    assert {(r["maker"], r["city"], r["rank"]) for r in cities} == {("Hikvision", "Leeds", 1), ("Dahua", "Leeds", 1)}
    devices = pq.read_table(tmp_path / "data" / "exposure" / "t" / "devices.parquet").to_pylist()
    observations = pq.read_table(tmp_path / "data" / "exposure" / "t" / "observations.parquet").to_pylist()
    assert sum(d["ips"] for d in devices) == len({o["ip"] for o in observations}) == 4
    (tmp_path / "data" / "exposure" / "t" / "devices.parquet").unlink()  # as a snapshot from an older version
    with pytest.raises(SnapshotError, match="--replace"):
        snapshot_report("t", by="maker", data_dir=tmp_path / "data")


def test_cve_status_comes_from_the_catalogue(scan, tmp_path, resolver):
    if not resolver.catalog.cve_status("Hikvision", "DS-2CD2432F-IW", "V5.4.0 build 160530"):
        pytest.skip("catalogue CVE ranges not available")
    _load([scan], tmp_path, resolver)
    rows = snapshot_report("t", by="cve", data_dir=tmp_path / "data").rows
    hik = [r for r in rows if r["maker"] == "Hikvision"]
    assert hik[0]["cve_status"] == "affected" and hik[0]["devices_affected"] == 1
    assert hik[0]["devices_known_exploited"] == 1
    dahua = [r for r in rows if r["maker"] == "Dahua"]
    assert all(r["devices_affected"] == 0 for r in dahua)  # no firmware seen: never 'affected'


def test_damaged_input_falls_back_to_python_and_reports_skips(scan, tmp_path, resolver):
    bad = tmp_path / "bad.json"
    bad.write_bytes(scan.read_bytes() + b"[1]\n{\"ip_str\": \"198.51.100.7\", \"data\": \"\xff\"}\n")
    manifest = _load([bad], tmp_path, resolver)
    assert manifest.data["counts"] == {**manifest.data["counts"], "records_used": 7, "records_skipped": 2}
    assert manifest.data["inputs"][0]["reasons"] == {"JSON that is not an object": 1, "invalid UTF-8": 1}


def test_existing_snapshot_is_not_overwritten_and_failed_load_leaves_nothing(scan, tmp_path, resolver):
    _load([scan], tmp_path, resolver)
    with pytest.raises(SnapshotError, match="--replace"):
        _load([scan], tmp_path, resolver)
    with pytest.raises(ingest.UnknownFormat):
        _load([tmp_path / "data" / "exposure" / "t" / "manifest.json"], tmp_path, resolver, name="u")
    assert not (tmp_path / "data" / "exposure" / "u").exists()
    assert not list((tmp_path / "data" / "exposure").glob(".*loading"))


def test_outputs_are_stamped_and_neutralised(scan, tmp_path, resolver):
    _load([scan], tmp_path, resolver)
    report = snapshot_report("t", by="city", data_dir=tmp_path / "data")
    out = io.StringIO()
    outputs.write_csv(report, out)
    text = out.getvalue()
    assert text.startswith("# snapshot: t (date 2026-11-20)") and "rule version" in text
    rows = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
    assert any(r["city"] == "'=cmd|x" for r in rows)
    out = io.StringIO()
    outputs.write_json(report, out)
    data = json.loads(out.getvalue())
    assert data["rule_version"] and data["units"]["ips"].startswith("distinct IP")
    outputs.write_xlsx(report, tmp_path / "r.xlsx")
    assert (tmp_path / "r.xlsx").stat().st_size > 1000
    shutil.rmtree(tmp_path / "data")


def test_fast_and_python_loads_give_identical_snapshots(scan, tmp_path, resolver, monkeypatch):
    from whoswatching.exposure import snapshots

    fast = _load([scan, SCANS / "shodan.json"], tmp_path, resolver, name="fast")
    assert not (tmp_path / "data" / "exposure" / "fast" / "records.parquet").exists()  # read straight from input
    monkeypatch.setattr(snapshots, "_fast_build", lambda *a, **k: None)
    slow = _load([scan, SCANS / "shodan.json"], tmp_path, resolver, name="slow")
    assert fast.data["counts"] == slow.data["counts"] and fast.data["inputs"] == slow.data["inputs"]
    key = [("input", "ascending"), ("record", "ascending")]
    for table in ("resolved.parquet", "observations.parquet"):
        a = pq.read_table(tmp_path / "data" / "exposure" / "fast" / table)
        b = pq.read_table(tmp_path / "data" / "exposure" / "slow" / table)
        if table == "resolved.parquet":
            a, b = a.sort_by(key), b.sort_by(key)
        else:
            order = [(c, "ascending") for c in ("ip", "port")]
            a, b = a.sort_by(order), b.sort_by(order)
        assert a.to_pylist() == b.to_pylist(), table
