"""Synthetic Shodan banners for the exposure benchmark: a seeded host mix, written as ``shodan download`` does.

:func:`generate` draws hosts (Hikvision and Dahua devices and their OEM rebrands over HTTP, RTSP,
ONVIF, port 8000 and 37777; Axis cameras; generic web servers; routers; several ports per host) and
writes one gzip JSON line per service. Each record is first drawn lean (only the fields the pipeline
reads) and then dressed by :class:`Dresser` as a full banner, with the properties Shodan's banner
specification lists (https://datapedia.shodan.io/): the required ``hash``, ``hostnames`` and
``domains``, ``ip``, ``_shodan``, ``opts``, the whole ``location``, HTTP response headers as servers
send them, ``http.*`` (status, hashes, host, components, robots, favicon with its base64 ``data``
and ``location``) with page bodies of words rather than one repeated letter, and ``ssl.*``
(certificate, chain, cipher, versions, JARM, JA3S) on TLS ports. Dressing never changes what the pipeline reads to decide
a maker: tests/exposure/test_benchmark_records.py classifies both forms and compares.

Every name, host and certificate here is invented (``example.net`` hosts, "Example" issuers); the
ASN organisations are the public registrations of those AS numbers. Sizes are assumptions, stated
where they are made: pages about as long as the lean records' (around 650 characters), two
certificates of 1.0-1.5 KB of DER in each chain, favicons of 1,150 bytes (one 16x16 ICO).
"""

from __future__ import annotations

import base64
import datetime
import gzip
import ipaddress
import json
import math
import random
import zlib
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


#: Words for page text: invented, so pages read like text (letters of every kind, as real pages
#: have) without copying anyone's site.
WORDS = (
    "welcome service account login password support network camera report update secure contact "
    "privacy policy terms cookies settings language english home about products solutions news "
    "events careers download manual firmware status system device portal admin user help search "
    "results page next previous copyright rights reserved company limited office street city county "
    "phone email monday friday opening hours booking order basket delivery returns warranty online "
    "store customer"
)
WORDS = tuple(WORDS.split())
CLASSES = ("container", "row", "col-md-6", "nav", "navbar", "header", "footer", "content", "main", "btn btn-primary",
           "card", "card-body", "list-item", "menu", "sidebar", "hero", "section", "wrapper")
MODULES = {"hik-http": "http", "dahua-http": "http", "axis": "http", "web": "http", "router": "http",
           "hik-rtsp": "rtsp-tcp", "dahua-rtsp": "rtsp-tcp", "hik-8000": "hikvision", "hik-onvif": "onvif",
           "dahua-37777": "dahua-dvr"}
COUNTRY_NAMES = {"GB": "United Kingdom", "FR": "France", "DE": "Germany", "US": "United States",
                 "NL": "Netherlands"}
PRODUCTS = {"nginx/1.18.0": ("nginx", "1.18.0", "cpe:2.3:a:f5:nginx:1.18.0"),
            "Apache/2.4.41 (Ubuntu)": ("Apache httpd", "2.4.41", "cpe:2.3:a:apache:http_server:2.4.41"),
            "Microsoft-IIS/10.0": ("Microsoft IIS httpd", "10.0", "cpe:2.3:a:microsoft:internet_information_services:10.0"),
            "lighttpd/1.4.35": ("lighttpd", "1.4.35", "cpe:2.3:a:lighttpd:lighttpd:1.4.35")}
HANDSHAKE = ["before SSL initialization", "SSLv3/TLS write client hello", "SSLv3/TLS read server hello",
             "TLSv1.3 read encrypted extensions", "SSLv3/TLS read server certificate",
             "TLSv1.3 read server certificate verify", "SSLv3/TLS read finished", "SSLv3/TLS write change cipher spec",
             "SSLv3/TLS write finished", "SSL negotiation finished successfully"]

#: Favicon hashes of the generic sites' icons: none is a camera maker's (the rules' favicon hashes).
WEB_ICONS = tuple(k * 2654435761 % (1 << 32) - (1 << 31) for k in range(1, 65))


def _signed32(value: int) -> int:
    """As Shodan writes its hashes: a signed 32-bit integer."""
    return value - (1 << 32) if value >= 1 << 31 else value


def _hex(rng: random.Random, digits: int) -> str:
    return f"{rng.getrandbits(digits * 4):0{digits}x}"


def _b64_lines(raw: bytes) -> str:
    """Base64 in 76-character lines, as PEM bodies and Shodan's ``favicon.data`` are written."""
    text = base64.b64encode(raw).decode("ascii")
    return "".join(text[i:i + 76] + "\n" for i in range(0, len(text), 76))


def _pem(rng: random.Random) -> str:
    """A certificate-shaped PEM block: 1.0-1.5 KB of random DER (real DER is as incompressible)."""
    return "-----BEGIN CERTIFICATE-----\n" + _b64_lines(rng.randbytes(rng.randint(1000, 1500))) + "-----END CERTIFICATE-----\n"


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _page(rng: random.Random, size: int) -> str:
    """An HTML page of about ``size`` characters: head with styles and scripts, nested blocks of text.

    ``{title}`` is left in the head for :meth:`Dresser.dress` to fill.
    """
    head = ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
            f'<link rel="stylesheet" href="/static/css/site.{_hex(rng, 8)}.css">\n'
            f'<script src="/static/js/app.{_hex(rng, 8)}.js" defer></script>\n</head>\n<body>\n')
    parts, length = [head], len(head)
    while length < size:
        block = (f'<div class="{rng.choice(CLASSES)}">\n<h2>{_text(rng, rng.randint(2, 5)).title()}</h2>\n'
                 f'<p>{_text(rng, rng.randint(20, 70))}.</p>\n'
                 f'<a href="/{rng.choice(WORDS)}/{rng.choice(WORDS)}.html" class="{rng.choice(CLASSES)}">'
                 f'{rng.choice(WORDS).title()}</a>\n</div>\n')
        parts.append(block)
        length += len(block)
    parts.append("</body>\n</html>\n")
    return "".join(parts)


def _page_size(rng: random.Random) -> int:
    """Log-normal around 650 characters (sigma 0.5), within 300 B - 64 KB: the lean records' page size
    (about 700 B), so dressing adds the fields Shodan writes without making pages longer."""
    return max(300, min(65536, int(rng.lognormvariate(math.log(650), 0.5))))


class Dresser:
    """Dress lean records (:func:`_record`) as full Shodan banners; pools keep generation quick.

    Pages, intermediate certificates and favicons come from seeded pools (as on the Internet, many
    hosts share a page template, a CA and an icon); leaf certificates, identifiers and hashes are
    drawn per record.
    """

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.pages = [_page(rng, _page_size(rng)) for _ in range(512)]
        self.hik_page = ('<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; '
                         'charset=utf-8">\n<title>{title}</title>\n<script>\nwindow.location.href = '
                         '"/doc/page/login.asp?_" + (new Date()).getTime();\n</script>\n</head>\n<body>\n</body>\n</html>\n')
        self.camera_pages = [_page(rng, rng.randint(500, 1200)) for _ in range(16)]
        self.intermediates = [_pem(rng) for _ in range(8)]
        self.icons = {}  # favicon hash -> base64 data

    def _icon(self, mmh3: int) -> str:
        if mmh3 not in self.icons:
            self.icons[mmh3] = _b64_lines(self.rng.randbytes(1150))
        return self.icons[mmh3]

    def _headers(self, data: str, timestamp: str, length: int) -> str:
        """Lean headers with Date first and Content-Length, caching and framing headers last, as servers send."""
        status, rest = data.split("\r\n", 1)
        day = datetime.date.fromisoformat(timestamp[:10]).strftime("%a, %d %b %Y")  # RFC 9110 IMF-fixdate
        date = f"Date: {day} {self.rng.randint(0, 23):02d}:{self.rng.randint(0, 59):02d}:{self.rng.randint(0, 59):02d} GMT"
        tail = (f"Content-Length: {length}\r\nCache-Control: no-cache\r\nX-Frame-Options: SAMEORIGIN\r\n"
                f"ETag: \"{_hex(self.rng, 8)}-{length:x}\"\r\n")
        return f"{status}\r\n{date}\r\n{rest[:-2]}{tail}\r\n"

    def _ssl(self, host_name: str) -> dict:
        rng = self.rng
        issued = f"2026{rng.randint(6, 10):02d}{rng.randint(1, 28):02d}000000Z"
        chain = [_pem(rng), rng.choice(self.intermediates)]
        return {
            "chain_sha256": [_hex(rng, 64) for _ in chain], "jarm": _hex(rng, 62), "chain": chain, "dhparams": None,
            "versions": ["-TLSv1", "-SSLv2", "-SSLv3", "-TLSv1.1", "TLSv1.2", "TLSv1.3"], "acceptable_cas": [],
            "tlsext": [{"id": 65281, "name": "renegotiation_info"}, {"id": 11, "name": "ec_point_formats"},
                       {"id": 35, "name": "session_ticket"}],
            "ja3s": _hex(rng, 32),
            "cert": {"sig_alg": "sha256WithRSAEncryption", "issued": issued, "expires": "20270301000000Z",
                     "expired": False, "version": 2,
                     "extensions": [{"critical": True, "data": "\\x03\\x02\\x05\\xa0", "name": "keyUsage"},
                                    {"data": "0\\x00", "name": "basicConstraints", "critical": True},
                                    {"data": "0\\x0f\\x82\\r" + host_name, "name": "subjectAltName"}],
                     "fingerprint": {"sha256": _hex(rng, 64), "sha1": _hex(rng, 40)},
                     "serial": rng.getrandbits(127),
                     "subject": {"CN": host_name}, "pubkey": {"type": "rsa", "bits": 2048},
                     "issuer": {"C": "GB", "O": "Example Trust Services", "CN": f"Example TLS CA {rng.randint(1, 4)}"}},
            "cipher": {"version": "TLSv1.3", "bits": 256, "name": "TLS_AES_256_GCM_SHA384"},
            "trust": {"revoked": False, "browser": None}, "handshake_states": HANDSHAKE, "alpn": [], "ocsp": {},
        }

    def dress(self, rec: dict, kind: str) -> dict:
        """The lean record ``rec`` of host kind ``kind`` as a full banner: every field it had, plus the rest."""
        rng = self.rng
        ip, port = rec["ip_str"], rec["port"]
        named = rng.random() < 0.3
        host_name = f"host-{ip.replace('.', '-')}.example.net"
        location = rec["location"]
        out = {
            "hash": 0, "timestamp": rec["timestamp"], "hostnames": [host_name] if named else [],
            "org": rec["org"], "isp": rec["isp"], "asn": rec["asn"], "data": rec["data"], "port": port,
            "transport": rec["transport"], "ip": int(ipaddress.IPv4Address(ip)), "ip_str": ip, "os": None,
            "domains": ["example.net"] if named else [],
            "location": {"city": location["city"], "region_code": None, "area_code": None,
                         "longitude": location["longitude"], "latitude": location["latitude"],
                         "country_code": location["country_code"],
                         "country_name": COUNTRY_NAMES.get(location["country_code"])},
            "_shodan": {"region": "eu", "ptr": named, "module": MODULES.get(kind, "auto"),
                        "id": f"{_hex(rng, 8)}-{_hex(rng, 4)}-4{_hex(rng, 3)}-{_hex(rng, 4)}-{_hex(rng, 12)}",
                        "options": {}, "crawler": _hex(rng, 40)},
            "opts": {},
        }
        lean_http = rec.get("http")
        if lean_http is not None or (kind == "router" and port == 80):
            lean_http = lean_http or {"server": "MikroTik HttpProxy", "title": "RouterOS router configuration page"}
            title = lean_http.get("title") or ""
            if kind == "hik-http":
                html = self.hik_page
            elif kind in ("dahua-http", "axis", "router"):
                html = rng.choice(self.camera_pages)
            else:
                html = rng.choice(self.pages)
            html = html.replace("{title}", title)
            out["data"] = self._headers(rec["data"], rec["timestamp"], len(html))
            server = lean_http.get("server")
            http = {"status": 200, "robots_hash": None, "redirects": [], "securitytxt": None, "title": title,
                    "sitemap_hash": None, "robots": None, "server": server,
                    "headers_hash": _signed32(zlib.crc32(out["data"].encode())), "host": ip, "html": html,
                    "location": "/", "components": {}, "html_hash": _signed32(zlib.crc32(html.encode())),
                    "sitemap": None, "securitytxt_hash": None}
            if kind == "web" and server in PRODUCTS:
                product, version, cpe = PRODUCTS[server]
                out.update(product=product, version=version, cpe23=[cpe])
                http["components"] = {"jQuery": {"categories": ["JavaScript libraries"]}}
            favicon = lean_http.get("favicon")
            if favicon is None and kind == "web" and rng.random() < 0.4:  # one of 64 icons many sites share
                favicon = {"hash": WEB_ICONS[rng.randrange(len(WEB_ICONS))]}
            if favicon is not None:
                http["favicon"] = {"hash": favicon["hash"], "data": self._icon(favicon["hash"]),
                                   "location": f"http://{ip}:{port}/favicon.ico"}
            out["http"] = http
        if port == 443:
            out["ssl"] = self._ssl(host_name)
            out["_shodan"]["module"] = "https"
        out["hash"] = _signed32(zlib.crc32(out["data"].encode()))
        return out


def generate(path: Path, n: int, *, seed: int = 20220207, lean: bool = False) -> int:
    """Write about ``n`` Shodan JSON lines (gzip) with a realistic host mix; returns records written.

    Every record is dressed as a full Shodan banner (:func:`dress`); ``lean=True`` writes only the
    fields the pipeline reads, as the first version of this benchmark did (same hosts, same records).
    """
    rng = random.Random(seed)
    dresser = None if lean else Dresser(random.Random(seed + 1))
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
                record = _record(rng, ip, port, kind, host)
                fh.write(json.dumps(record if dresser is None else dresser.dress(record, kind)) + "\n")
                written += 1
    return written


