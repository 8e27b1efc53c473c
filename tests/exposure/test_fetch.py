"""fetch: paging, limits, errors and retries against httpx.MockTransport (never the network)."""

from __future__ import annotations

import gzip

import httpx
import pytest

from whoswatching.exposure import ingest
from whoswatching.exposure.fetch import FetchError, fetch


def _banner(i: int) -> dict:
    return {"ip_str": f"198.51.100.{i % 250}", "port": 80, "data": "HTTP/1.1 200 OK\r\nServer: App-webs/\r\n",
            "location": {"country_code": "GB", "city": "London"}}


def _client(handler) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def test_pages_until_a_short_page_and_writes_gzip_lines_that_load_reads(tmp_path):
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        seen.append((request.url.path, request.url.params["query"], request.url.params["key"], page))
        count = 100 if page == 1 else 30
        return httpx.Response(200, json={"total": 130, "matches": [_banner(page * 1000 + i) for i in range(count)]})

    out = tmp_path / "gb.json.gz"
    result = fetch("product:hikvision country:GB", key="k", out=out, client=_client(handler))
    assert (result.written, result.pages, result.total) == (130, 2, 130)
    assert seen[0] == ("/shodan/host/search", "product:hikvision country:GB", "k", 1)
    with gzip.open(out, "rt") as fh:
        assert len(fh.readlines()) == 130
    report, rows = ingest.read(out, index=0)
    assert report.format == "shodan" and len(list(rows)) == 130


def test_limit_stops_early(tmp_path):
    handler = lambda request: httpx.Response(200, json={"total": 999, "matches": [_banner(i) for i in range(100)]})  # noqa: E731
    result = fetch("x", key="k", out=tmp_path / "o.gz", limit=150, client=_client(handler))
    assert (result.written, result.pages) == (150, 2)


def test_rate_limit_is_retried_then_bad_key_is_explained(tmp_path):
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) == 1:
            return httpx.Response(429, json={"error": "rate limited"})
        return httpx.Response(200, json={"total": 1, "matches": [_banner(1)]})

    sleeps = []
    result = fetch("x", key="k", out=tmp_path / "o.gz", client=_client(handler), sleep=sleeps.append)
    assert result.written == 1 and sleeps == [1.0]
    with pytest.raises(FetchError, match="SHODAN_API_KEY"):
        fetch("x", key="bad", out=tmp_path / "p.gz", client=_client(lambda r: httpx.Response(401)))
    assert not (tmp_path / "p.gz").exists() and not list(tmp_path.glob("*.partial"))


def test_no_key_or_query_is_refused_before_any_request(tmp_path):
    with pytest.raises(FetchError, match="SHODAN_API_KEY"):
        fetch("x", key="", out=tmp_path / "o.gz")
    with pytest.raises(FetchError, match="empty query"):
        fetch("  ", key="k", out=tmp_path / "o.gz")


def test_server_error_names_the_page(tmp_path):
    handler = lambda request: httpx.Response(500, json={"error": "boom"})  # noqa: E731
    with pytest.raises(FetchError, match="500 on page 1: boom"):
        fetch("x", key="k", out=tmp_path / "o.gz", client=_client(handler))
