"""The optional live source: page through a Shodan search into a local JSON-lines file.

This is the only part of the exposure domain that sends packets, and only when the user runs
``whoswatching exposure fetch`` with ``SHODAN_API_KEY`` set. It calls Shodan's REST API
(``GET https://api.shodan.io/shodan/host/search?key=&query=&page=``, 100 banners per page; pages
after the first cost query credits: https://developer.shodan.io/api) and writes each banner as one
line, gzip-compressed like ``shodan download``, so ``load`` reads the file like any other. The HTTP
client is injectable (tests pass ``httpx.MockTransport``).
"""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

API = "https://api.shodan.io"
PAGE_SIZE = 100


class FetchError(RuntimeError):
    """Shodan refused or failed the search; the message says what to do next."""


@dataclass(frozen=True)
class FetchResult:
    path: Path
    written: int
    pages: int
    total: int | None


def fetch(query: str, *, key: str, out: Path, limit: int = 1000, client: httpx.Client | None = None,
          retries: int = 3, sleep: Callable[[float], None] = time.sleep,
          progress: Callable[[int], None] | None = None) -> FetchResult:
    """Write up to ``limit`` banners matching ``query`` to ``out`` (gzip JSON lines)."""
    if not key:
        raise FetchError("no Shodan API key: set SHODAN_API_KEY (https://account.shodan.io)")
    if not query.strip():
        raise FetchError("empty query; try e.g. 'product:hikvision country:GB'")
    own = client is None
    client = client or httpx.Client(base_url=API, timeout=60.0)
    written = pages = 0
    total = None
    partial = out.with_name(out.name + ".partial")
    try:
        with gzip.open(partial, "wt", encoding="utf-8") as fh:
            page = 1
            while written < limit:
                data = _page(client, query=query, key=key, page=page, retries=retries, sleep=sleep)
                pages += 1
                total = data.get("total", total)
                matches = data.get("matches") or []
                for banner in matches[: limit - written]:
                    fh.write(json.dumps(banner, ensure_ascii=False) + "\n")
                    written += 1
                if progress:
                    progress(min(len(matches), limit))
                if len(matches) < PAGE_SIZE:
                    break
                page += 1
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
        if own:
            client.close()
    return FetchResult(path=out, written=written, pages=pages, total=total)


def _page(client: httpx.Client, *, query: str, key: str, page: int, retries: int,
          sleep: Callable[[float], None]) -> dict:
    for attempt in range(retries + 1):
        response = client.get(f"{API}/shodan/host/search", params={"key": key, "query": query, "page": page})
        if response.status_code == 429 and attempt < retries:
            sleep(1.0 * (attempt + 1))  # Shodan allows about one request per second
            continue
        if response.status_code == 401:
            raise FetchError("Shodan rejected the API key (401): check SHODAN_API_KEY")
        if response.status_code == 403:
            raise FetchError("Shodan refused the search (403): filters and paging need a paid plan or credits")
        if response.status_code >= 400:
            try:
                detail = response.json().get("error", response.text[:200])
            except ValueError:
                detail = response.text[:200]
            raise FetchError(f"Shodan answered {response.status_code} on page {page}: {detail}")
        try:
            data = response.json()
        except ValueError as exc:
            raise FetchError(f"Shodan sent something that is not JSON on page {page}") from exc
        if not isinstance(data, dict):
            raise FetchError(f"unexpected Shodan reply on page {page}")
        return data
    raise FetchError(f"Shodan kept rate-limiting (429) on page {page}; try again later")
