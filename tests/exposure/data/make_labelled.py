"""Regenerate labelled.jsonl: banner forms described publicly (see README.md), crossed with models.

Run: python tests/exposure/data/make_labelled.py  (deterministic; the output is committed).
Each line is a generic banner record plus ``label``: the maker that made the device, or null.
"""

from __future__ import annotations

import json
from pathlib import Path

HIK_MODELS = ["DS-2CD2143G2-I", "DS-2CD2386G2-IU", "DS-2CD2432F-IW", "DS-7608NI-K2", "iDS-7204HUHI-M1"]
DAHUA_MODELS = ["IPC-HFW2431S-S-S2", "IPC-HDW5831R-ZE", "NVR4108HS-8P-4KS2", "IPC-HFW2228M-I1-V2"]
NETS = ["192.0.2", "198.51.100", "203.0.113"]  # RFC 5737 documentation ranges: one address per record
CITIES = [("GB", "London"), ("GB", "Manchester"), ("GB", "Birmingham"), ("GB", "Leeds"), ("GB", "Glasgow")]


def rec(banner: str, label: str | None, field: str = "", port: int | None = None, n: int = 0) -> dict:
    country, city = CITIES[n % len(CITIES)]
    return {"banner": banner, "field": field, "port": port, "transport": "tcp", "ip": f"{NETS[n // 250]}.{n % 250 + 1}",
            "country": country, "city": city, "label": label}


def rows() -> list[dict]:
    out: list[tuple[str, str | None, str, int | None]] = []
    for i in range(6):
        out += [
            ("HTTP/1.1 200 OK\r\nServer: App-webs/\r\nContent-Type: text/html\r\n", "Hikvision", "", 80),
            ("HTTP/1.1 401 Unauthorized\r\nServer: Hikvision-Webs\r\n", "Hikvision", "", 80 + i),
            ("HTTP/1.0 200 OK\r\nServer: DNVRS-Webs\r\n", "Hikvision", "", 80),
            ("HTTP/1.1 200 OK\r\nServer: DVRDVS-Webs\r\n", "Hikvision", "", 8080),
            (f"RTSP/1.0 401 Unauthorized\r\nCSeq: {i}\r\nWWW-Authenticate: Digest realm=\"Hikvision\", nonce=\"{i:x}a1\"\r\n", "Hikvision", "rtsp", 554),
            ("RTSP/1.0 200 OK\r\nCSeq: 1\r\nServer: Dahua Rtsp Server\r\n", "Dahua", "rtsp", 554),
            ("RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\nWWW-Authenticate: Basic realm=\"device\"\r\n", "Dahua", "rtsp", 554),
            ("WEB SERVICE", "Dahua", "html_title", 80),
            ("999357577", "Hikvision", "favicon.mmh3", 80),
            ("2019488876", "Dahua", "favicon.mmh3", 80),
            ("\0\0\0\x10\0\0\0\x1e\0\0\0\x1e\0\0\0\0", "Hikvision", "hikvision_8000", 8000),
            ("<script>location.href=\"/doc/page/login.asp?_\"+Date.now()</script>", "Hikvision", "html", 80),
            ("C=CN, ST=ZJ, L=HZ, O=Hikvision, CN=IPC", "Hikvision", "tls.subject", 443),
        ]
    for i, model in enumerate(HIK_MODELS):
        mac = f"44:19:b6:0{i}:a1:b2"
        out += [
            (f"<ProbeMatch>\n<DeviceDescription>{model}</DeviceDescription>\n<DeviceSN>{model}2016010{i}BBWR00000000{i}</DeviceSN>\n<MAC>{mac.replace(':', '-')}</MAC>\n<SoftwareVersion>V5.4.{i}build 16053{i}</SoftwareVersion>", "Hikvision", "", 37020),
            (f'<DeviceInfo version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema"><model>{model}</model><serialNumber>{model}0000000{i}AAWRJ0000000{i}</serialNumber><firmwareVersion>V5.7.1{i}</firmwareVersion><firmwareReleasedDate>build 24082{i}</firmwareReleasedDate></DeviceInfo>', "Hikvision", "html", 80),
            (f"<d:ProbeMatch><a:Address>urn:uuid:3fa1fe68-b915-11e8-a3e1-{mac.replace(':', '')}</a:Address><d:Scopes>onvif://www.onvif.org/name/HIKVISION%20{model} onvif://www.onvif.org/hardware/{model} onvif://www.onvif.org/location/city/hangzhou</d:Scopes></d:ProbeMatch>", "Hikvision", "onvif", 3702),
            (f"<d:ProbeMatch><a:Address>urn:uuid:8a1b2c3d-1111-1222-8333-{mac.replace(':', '')}</a:Address><d:Scopes>onvif://www.onvif.org/hardware/{model}</d:Scopes></d:ProbeMatch>", "Hikvision", "onvif", 3702),
            (f"Hikvision {model}", "Hikvision", "snmp.sysdescr", 161),
            ("nmap: Hikvision IPCam control port", "Hikvision", "", 8000),
        ]
    for i, model in enumerate(DAHUA_MODELS):
        for vendor in ("Dahua", "Lorex", "Amcrest"):
            out.append((json.dumps({"mac": f"3c:ef:8c:a1:b2:c{i}", "method": "client.notifyDevInfo", "params": {"deviceInfo": {
                "DeviceType": model, "SerialNo": f"7M0000000000{i}{len(vendor)}", "Vendor": vendor,
                "Version": f"2.800.0000000.{i}.R"}}}), "Dahua", "dahua_37777", 37777))
        out += [
            (f"<d:ProbeMatch><a:Address>uuid:503b687a-b9d7-474f-a2d0-a18c8b25a46{i}</a:Address><d:Scopes>onvif://www.onvif.org/location/country/china onvif://www.onvif.org/name/Dahua onvif://www.onvif.org/hardware/{model}</d:Scopes></d:ProbeMatch>", "Dahua", "onvif", 3702),
            (f"deviceType={model}\r\nhardwareVersion=1.00\r\nserialNumber=4X7C5A1ZAG21L3{i}\r\n", "Dahua", "html", 80),
            (f"version=2.800.0000016.{i}.R,build:2020-06-0{i + 1}", "Dahua", "html", 80),
            (f"Dahua {model}", "Dahua", "snmp.sysdescr", 161),
            ("C=CN, O=Dahua, CN=IPC", "Dahua", "tls.subject", 443),
            ("nmap: Dahua Rtsp Server", "Dahua", "", 554),
        ]
    negatives = [
        ("HTTP/1.1 200 OK\r\nServer: GoAhead-Webs\r\n", None), ("HTTP/1.0 200 OK\r\nServer: Boa/0.94.13\r\n", None),
        ("HTTP/1.1 200 OK\r\nServer: uc-httpd 1.0.0\r\n", "Xiongmai"), ("HTTP/1.1 200 OK\r\nServer: thttpd/2.25b\r\n", None),
        ("RTSP/1.0 200 OK\r\nServer: HiIpcam/V100R003 VodServer/1.0.0\r\n", None),
        ("RTSP/1.0 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"HipcamRealServer\"\r\n", None),
        ("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"AXIS_ACCC8E012345\", nonce=\"x\"\r\n", "Axis"),
        ("HTTP/1.1 200 OK\r\nServer: HP HTTP Server; HP LaserJet Pro M404 - W1A52A\r\n", None),
        ("HTTP/1.1 200 OK\r\nServer: Virata-EmWeb/R6_2_1\r\n", None), ("HTTP/1.1 200 OK\r\nServer: nginx/1.18.0\r\n", None),
        ("HTTP/1.1 200 OK\r\nServer: Apache/2.4.41 (Ubuntu)\r\n", None), ("HTTP/1.1 200 OK\r\nServer: lighttpd/1.4.35\r\n", None),
        ("HTTP/1.1 200 OK\r\nServer: mini_httpd/1.30 26Oct2018\r\n", None), ("HTTP/1.1 200 OK\r\nServer: Webs\r\n", None),
        ("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"index.html\"\r\n", None),
        ("HTTP/1.1 200 OK\r\nServer: Microsoft-IIS/10.0\r\n", None), ("HTTP/1.1 200 OK\r\nServer: MikroTik HttpProxy\r\n", None),
        ("RTSP/1.0 200 OK\r\nServer: GStreamer RTSP server\r\n", None), ("RTSP/1.0 200 OK\r\nServer: Hanwha RTSP Server\r\n", None),
    ]
    titles = [("AXIS M3045-V Network Camera", "Axis"), ("Bosch FLEXIDOME IP 5000i", "Bosch"),
              ("Wisenet WebViewer", "Hanwha Vision"), ("UNV", "Uniview"), ("Web Service", None),
              ("NETSurveillance WEB", None), ("RouterOS router configuration page", None),
              ("HP LaserJet Pro MFP M428fdw", None), ("Brother HL-L2350DW", None), ("Login", None),
              ("DVR Login", None), ("IPCAM", None)]
    for i in range(5):
        out += [(b, m, "", 80 + i) for b, m in negatives]
        out += [(t, m, "html_title", 80) for t, m in titles]
        out += [("<d:ProbeMatch><d:Scopes>onvif://www.onvif.org/name/Uniview onvif://www.onvif.org/hardware/IPC322LB-SF28-A</d:Scopes></d:ProbeMatch>", "Uniview", "onvif", 3702),
                ("<d:ProbeMatch><d:Scopes>onvif://www.onvif.org/name/AXIS onvif://www.onvif.org/hardware/M3045-V</d:Scopes></d:ProbeMatch>", "Axis", "onvif", 3702),
                ("Linux printer 4.9.0 HP JetDirect", None, "snmp.sysdescr", 161),
                ("C=SE, O=Axis Communications AB, CN=axis-accc8e012345", "Axis", "tls.subject", 443),
                ("-1616143106", "Axis", "favicon.mmh3", 80)]
    return [rec(b, label, field, port, n) for n, (b, label, field, port) in enumerate(out)]


if __name__ == "__main__":
    path = Path(__file__).with_name("labelled.jsonl")
    with path.open("w", encoding="utf-8") as fh:
        for row in rows():
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {path}")
