"""The public exposure pages render pre-built tables with escaping, and 404 unknown snapshots."""

from __future__ import annotations

import json

import pytest

from whoswatching import config
from whoswatching.exposure.snapshots import snapshot_load


@pytest.fixture
def snapshot(tmp_path, monkeypatch, resolver):
    monkeypatch.setattr(config, "DATA_DIR", tmp_path)
    scan = tmp_path / "scan.json"
    rows = [
        {"ip_str": "198.51.100.1", "port": 80, "data": "HTTP/1.1 200 OK\r\nServer: App-webs/\r\n",
         "location": {"country_code": "GB", "city": "<script>alert(1)</script>"}, "org": "Example & Co"},
        {"ip_str": "198.51.100.2", "port": 554, "data": "RTSP/1.0 200 OK\r\nServer: Dahua Rtsp Server\r\n",
         "location": {"country_code": "GB", "city": "Leeds"}},
    ]
    scan.write_text("".join(json.dumps(r) + "\n" for r in rows))
    snapshot_load([scan], name="gb-test", resolver=resolver)
    return "gb-test"


def test_index_lists_snapshots(client, snapshot):
    page = client.get("/exposure/")
    assert page.status_code == 200 and b"gb-test" in page.content


def test_snapshot_page_renders_prebuilt_city_table_escaped_without_ips(client, snapshot):
    page = client.get("/exposure/gb-test/", {"by": "city", "country": "gb", "top": "5"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "Leeds" in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>alert(1)" not in body
    assert "198.51.100" not in body


def test_unknown_snapshot_is_404(client, snapshot):
    assert client.get("/exposure/nope/").status_code == 404
