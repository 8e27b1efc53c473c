"""Exposure benchmark: classify + aggregate synthetic Shodan records with DuckDB.

``python -m benchmarks exposure`` generates N seeded Shodan-format records (default 1,000,000;
``WHOSWATCHING_BENCH_RECORDS`` to change) as one gzip JSON-lines file, as ``shodan download`` writes.
``WHOSWATCHING_BENCH_CACHE=DIR`` keeps the file in DIR (``shodan-<N>-<seed>.json.gz``) and reuses it on
the next run; without it the file goes to a temporary folder. Then it prints, all on 2 DuckDB threads:

1. classify + aggregate throughput (records per minute; target >= 1,000,000/min): one DuckDB pass
   that reads the file (``read_json`` fast path), classifies every record with the compiled rule set,
   resolves brands/OUIs, deduplicates devices, attaches CVE status and builds the count tables per
   maker, country, city (keyed by country) and CVE status, each in IPs, services and devices
   (``fast.shodan_resolved`` + ``queries.aggregate`` with nothing written, then ``count.sql``);
2. its ratio to DuckDB's bare ``SELECT count(*) FROM read_json(...)`` over the same file (target <= 3);
   both are timed alternately, best of ``WHOSWATCHING_BENCH_REPEAT`` (default 5) each, so machine
   load hits both alike (the ratio of the two medians is printed too: on a shared machine the spread
   says how far one run's figure can be trusted);
3. its ratio to a plain-Python per-record loop doing the same classification (json.loads + rules),
   timed on the first 100,000 records.

It also prints, labelled and not part of the three figures, the full ``exposure load`` (the same
pass plus Parquet writes, the manifest and all 8 pre-built web tables) followed by two
``exposure report`` tables, with its own ratio to the bare count.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import statistics
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

HIK_SERVERS = ["App-webs/", "Hikvision-Webs", "DNVRS-Webs", "DVRDVS-Webs"]
HIK_MODELS = ["DS-2CD2143G2-I", "DS-2CD2032-I", "DS-2CD2432F-IW", "DS-7608NI-K2", "DS-2CD2386G2-IU"]
DAHUA_MODELS = ["IPC-HFW2431S-S-S2", "IPC-HDW5831R-ZE", "NVR4108HS-8P-4KS2", "XVR5108HS-X"]
OEM_VENDORS = ["Lorex", "Amcrest", "Dahua"]
OTHER_SERVERS = ["nginx/1.18.0", "Apache/2.4.41 (Ubuntu)", "Microsoft-IIS/10.0", "lighttpd/1.4.35", "GoAhead-Webs",
                 "Boa/0.94.13", "uc-httpd 1.0.0", "MikroTik HttpProxy", "HP HTTP Server; HP LaserJet Pro M404",
                 "thttpd/2.25b", "mini_httpd/1.30 26Oct2018", "cloudflare"]
CITIES = [("GB", "London"), ("GB", "Manchester"), ("GB", "Birmingham"), ("GB", "Leeds"), ("GB", "Glasgow"),
          ("GB", "Bristol"), ("GB", "Cardiff"), ("GB", "Belfast"), ("FR", "Paris"), ("DE", "Berlin"),
          ("US", "New York"), ("NL", "Amsterdam")]
ASNS = [("AS2856", "British Telecommunications PLC"), ("AS5089", "Virgin Media Limited"), ("AS5607", "Sky UK"),
        ("AS3215", "Orange S.A."), ("AS7922", "Comcast Cable")]
HTML = "<!DOCTYPE html><html><head><meta charset=utf-8><title>{t}</title></head><body>" + "x" * 600 + "</body></html>"


def _http(server: str, extra: str = "") -> str:
    return f"HTTP/1.1 200 OK\r\nServer: {server}\r\nContent-Type: text/html\r\nConnection: close\r\n{extra}\r\n"


def _record(rng: random.Random, ip: str, port: int, kind: str, host: dict) -> dict:
    country, city = host["city"]
    asn, org = host["asn"]
    rec: dict = {"_shodan": {"module": "http", "id": f"{rng.getrandbits(64):016x}"}, "ip_str": ip, "port": port,
                 "transport": "tcp", "timestamp": f"2026-11-{rng.randint(1, 27):02d}T{rng.randint(0, 23):02d}:00:00.000000",
                 "asn": asn, "org": org, "isp": org, "hostnames": [], "domains": [],
                 "location": {"country_code": country, "city": city, "latitude": 51.5, "longitude": -0.1}}
    if kind == "hik-http":
        server = rng.choice(HIK_SERVERS)
        rec["data"] = _http(server, 'WWW-Authenticate: Digest realm="Hikvision"\r\n' if rng.random() < 0.3 else "")
        rec["http"] = {"server": server, "title": "", "html": HTML.format(t="") + "<script>'/doc/page/login.asp'</script>",
                       "favicon": {"hash": 999357577} if rng.random() < 0.5 else None}
    elif kind == "hik-rtsp":
        rec["data"] = 'RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\nWWW-Authenticate: Digest realm="Hikvision", nonce="a1"\r\n'
    elif kind == "hik-8000":
        rec["data"] = "\0\0\0\x10\0\0\0\x1e\0\0\0\x1e\0\0\0\0"
    elif kind == "hik-onvif":
        model, mac = host["model"], host["mac"]
        rec["data"] = (f"<d:ProbeMatch><a:Address>urn:uuid:3fa1fe68-b915-11e8-a3e1-{mac}</a:Address><d:Scopes>"
                       f"onvif://www.onvif.org/name/HIKVISION%20{model} onvif://www.onvif.org/hardware/{model}</d:Scopes>"
                       "</d:ProbeMatch>")
    elif kind == "dahua-http":
        rec["data"] = _http("webserver")
        rec["http"] = {"server": "webserver", "title": "WEB SERVICE", "html": HTML.format(t="WEB SERVICE"),
                       "favicon": {"hash": 2019488876} if rng.random() < 0.5 else None}
    elif kind == "dahua-rtsp":
        rec["data"] = "RTSP/1.0 200 OK\r\nCSeq: 1\r\nServer: Dahua Rtsp Server\r\n"
    elif kind == "dahua-37777":
        rec["data"] = json.dumps({"mac": host["dmac"], "method": "client.notifyDevInfo", "params": {"deviceInfo": {
            "DeviceType": host["dmodel"], "SerialNo": host["serial"], "Vendor": host["vendor"],
            "Version": f"2.800.0000000.{rng.randint(1, 30)}.R"}}})
    elif kind == "axis":
        rec["data"] = _http("", 'WWW-Authenticate: Digest realm="AXIS_ACCC8E012345"\r\n')
        rec["http"] = {"title": "AXIS M3045-V Network Camera", "html": HTML.format(t="AXIS")}
    elif kind == "router":
        rec["data"] = "SSH-2.0-ROSSSH\r\n" if port == 22 else _http("MikroTik HttpProxy")
    else:
        server = rng.choice(OTHER_SERVERS)
        rec["data"] = _http(server)
        rec["http"] = {"server": server, "title": "Welcome", "html": HTML.format(t="Welcome")}
    return rec


HOSTS = [  # (weight, [(port, kind)...])
    (0.16, [(80, "hik-http"), (554, "hik-rtsp"), (8000, "hik-8000")]),
    (0.04, [(3702, "hik-onvif"), (80, "hik-http")]),
    (0.08, [(80, "dahua-http"), (554, "dahua-rtsp"), (37777, "dahua-37777")]),
    (0.05, [(80, "axis"), (443, "web")]),
    (0.15, [(22, "router"), (80, "router")]),
    (0.52, [(80, "web"), (443, "web")]),
]


def generate(path: Path, n: int, *, seed: int = 20220207) -> int:
    """Write about ``n`` Shodan JSON lines (gzip) with a realistic host mix; returns records written."""
    rng = random.Random(seed)
    weights = [w for w, _ in HOSTS]
    written = 0
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as fh:
        host_id = 0
        while written < n:
            host_id += 1
            ip = f"{10 + host_id // 16581375 % 200}.{host_id // 65025 % 255}.{host_id // 255 % 255}.{host_id % 255}"
            _w, services = rng.choices(HOSTS, weights)[0]
            host = {"city": rng.choice(CITIES), "asn": rng.choice(ASNS), "model": rng.choice(HIK_MODELS),
                    "mac": f"4419b6{host_id & 0xFFFFFF:06x}", "dmodel": rng.choice(DAHUA_MODELS),
                    "dmac": ":".join(f"{b:02x}" for b in (0x3C, 0xEF, 0x8C, host_id >> 16 & 255, host_id >> 8 & 255, host_id & 255)),
                    "serial": f"7M{host_id:013d}", "vendor": rng.choice(OEM_VENDORS)}
            for port, kind in services:
                if written >= n:
                    break
                fh.write(json.dumps(_record(rng, ip, port, kind, host)) + "\n")
                written += 1
    return written


def _timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _cpu_timed(fn):
    """(wall seconds, CPU seconds of this process and its DuckDB threads, result)."""
    cpu = sum(os.times()[:2])
    wall, result = _timed(fn)
    return wall, sum(os.times()[:2]) - cpu, result


def bench_file(folder: Path, n: int, *, seed: int = 20220207) -> tuple[Path, float | None]:
    """The ``n``-record file in ``folder``, generated unless already there; (path, seconds or None)."""
    path = folder / f"shodan-{n}-{seed}.json.gz"
    if path.exists():
        return path, None
    part = path.with_name(path.name + ".part")
    seconds, _ = _timed(lambda: generate(part, n, seed=seed))
    part.rename(path)
    return path, seconds


#: The tables figure 1 aggregates to (dimension, country filter): the seed's tables.
TABLES = (("maker", None), ("country", None), ("city", "GB"), ("cve", None))


def classify_aggregate(path: Path, rules, resolver) -> tuple[int, dict[str, list]]:
    """Read, classify, resolve, deduplicate and count in DuckDB (2 threads); nothing is written."""
    from whoswatching.exposure.engines.duckdb import DuckDBBackend
    from whoswatching.exposure.fast import shodan_resolved
    from whoswatching.exposure.queries import aggregate, count_query

    with DuckDBBackend(threads=2) as db:
        shodan_resolved(db, [path], rules, resolver)
        counts = aggregate(db, out=None, resolver=resolver)
        tables = {f"{by}:{country}": db.dicts(count_query(by=by, country=country)) for by, country in TABLES}
    return counts.records, tables


def stages(path: Path, rules, resolver) -> list[tuple[str, float]]:
    """Where the classify + aggregate time goes (one extra run, each stage materialised)."""
    from whoswatching.exposure.engines.duckdb import DuckDBBackend
    from whoswatching.exposure.fast import shodan_resolved
    from whoswatching.exposure.queries import aggregate, count_query

    class Timed(DuckDBBackend):
        log: list[tuple[str, float]] = []

        def table(self, name: str, query: str) -> None:
            seconds, _ = _timed(lambda: super(Timed, self).table(name, query))
            self.log.append((name if name != "resolved_rows" else "read + normalise + classify + resolve", seconds))

    with Timed(threads=2) as db:
        shodan_resolved(db, [path], rules, resolver)
        aggregate(db, out=None, resolver=resolver)
        seconds, _ = _timed(lambda: [db.dicts(count_query(by=by, country=c)) for by, c in TABLES])
        return [*Timed.log, (f"{len(TABLES)} count tables", seconds)]


def run() -> None:
    import duckdb

    from whoswatching.exposure.catalogue import resolver
    from whoswatching.exposure.fingerprint import Classifier
    from whoswatching.exposure.ingest import shodan
    from whoswatching.exposure.records import derive
    from whoswatching.exposure.rules import load_rules
    from whoswatching.exposure.snapshots import snapshot_load, snapshot_report

    n = int(os.environ.get("WHOSWATCHING_BENCH_RECORDS", "1000000"))
    repeat = max(1, int(os.environ.get("WHOSWATCHING_BENCH_REPEAT", "5")))
    rules, res = load_rules(), resolver()
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="ww-bench-")))
        cache = os.environ.get("WHOSWATCHING_BENCH_CACHE")
        folder = Path(cache) if cache else tmp
        folder.mkdir(parents=True, exist_ok=True)
        path, seconds = bench_file(folder, n)
        size = f"{path.stat().st_size / 1e6:.0f} MB gzip"
        print(f"input     {path} ({size}, one file as `shodan download` writes; "
              + (f"generated in {seconds:.0f} s)" if seconds is not None else "reused from WHOSWATCHING_BENCH_CACHE)"))
        print(f"machine   {os.cpu_count()} cores, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}; "
              "DuckDB threads = 2 throughout")

        con = duckdb.connect()
        con.execute("SET threads = 2")
        bare_runs, ours_runs = [], []
        for _ in range(repeat):  # alternate, so a busy moment hits both
            bare_runs.append(_cpu_timed(lambda: con.execute(f"SELECT count(*) FROM read_json('{path}')").fetchone()[0]))
            ours_runs.append(_cpu_timed(lambda: classify_aggregate(path, rules, res)))
        con.close()
        bare, bare_cpu, count = min(bare_runs, key=lambda r: r[0])
        ours, ours_cpu, (records, tables) = min(ours_runs, key=lambda r: r[0])
        median_ratio = statistics.median(r[0] for r in ours_runs) / statistics.median(r[0] for r in bare_runs)
        assert records == count, (records, count)
        rate = records / ours * 60
        print(f"baseline  DuckDB bare `SELECT count(*) FROM read_json(file)`: {count:,} records in {bare:.2f} s "
              f"(best of {repeat}: {', '.join(f'{r[0]:.2f}' for r in bare_runs)}; CPU {bare_cpu:.2f} s)")
        print(f"figure 1  classify + aggregate (read_json -> classify -> resolve -> devices -> CVE -> "
              f"{len(tables)} count tables): {records:,} records in {ours:.2f} s "
              f"(best of {repeat}: {', '.join(f'{r[0]:.2f}' for r in ours_runs)}; CPU {ours_cpu:.2f} s) "
              f"= {rate:,.0f} records/minute (target >= 1,000,000)")
        print(f"figure 2  ratio to the bare read_json count over the same file: {ours / bare:.2f} (target <= 3; "
              f"in CPU time {ours_cpu / bare_cpu:.2f}; ratio of the medians {median_ratio:.2f})")
        for label, seconds in stages(path, rules, res):
            print(f"          stage {label}: {seconds:.2f} s")

        sample = min(n, 100_000)
        classifier = Classifier(rules, res)

        def python_loop() -> int:
            done = 0
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                for line in fh:
                    row = shodan.parse(json.loads(line))[0]
                    classifier.classify(derive(row))
                    done += 1
                    if done >= sample:
                        break
            return done

        loop, done = _timed(python_loop)
        loop_rate = done / loop * 60
        print(f"figure 3  plain-Python per-record loop (json.loads + parse + classify, no aggregation): "
              f"{done:,} records in {loop:.1f} s = {loop_rate:,.0f} records/minute; "
              f"DuckDB classify + aggregate is {rate / loop_rate:.1f}x faster")

        def load_and_report() -> int:
            manifest = snapshot_load([path], name="bench", data_dir=tmp, resolver=res, replace=True)
            snapshot_report("bench", by="city", top=5, country="GB", data_dir=tmp)
            snapshot_report("bench", by="cve", data_dir=tmp)
            return manifest.data["counts"]["records_used"]

        full, used = _timed(load_and_report)
        print(f"also      full `exposure load` (+ Parquet, manifest, 8 pre-built web tables) + 2 `exposure report`: "
              f"{used:,} records in {full:.2f} s = {used / full * 60:,.0f} records/minute, "
              f"{full / bare:.2f}x the bare count (one run)")
