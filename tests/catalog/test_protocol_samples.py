"""Real device replies (shared/data/protocols) go through identify, firmware parsing and CVE status."""

from __future__ import annotations

import re
from datetime import date

from whoswatching.catalog import load_catalog, parse_firmware

CAT = load_catalog()


def _xml_field(text: str, tag: str) -> str:
    return re.search(rf"<{tag}>([^<]+)</{tag}>", text).group(1)


def _kv(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def test_hikvision_isapi_device_info(shared_data):
    for name, kind in (("ipc", "camera"), ("nvr", "nvr"), ("dvr", "dvr")):
        xml = (shared_data / "protocols" / "hikvision" / f"isapi-system-deviceinfo-{name}.xml").read_text()
        model = _xml_field(xml, "model")
        firmware = parse_firmware(_xml_field(xml, "firmwareVersion"), build=_xml_field(xml, "firmwareReleasedDate"))
        ident = CAT.identify(model)
        assert (ident.maker, ident.kind) == ("Hikvision", kind), model
        assert firmware.build is not None and firmware.build.year >= 2023
        statuses = {m.cve_id: m.status for m in CAT.cve_status("Hikvision", model, firmware)}
        assert "affected" not in statuses.values(), statuses  # recent firmware, outside every stated range


def test_dahua_cgi_system_info_and_software_version(shared_data):
    base = shared_data / "protocols" / "dahua"
    info = _kv((base / "cgi-magicbox-getsysteminfo.txt").read_text())
    version = _kv((base / "cgi-magicbox-getsoftwareversion.txt").read_text())["version"]
    ident = CAT.identify(info["deviceType"])
    assert (ident.maker, ident.product_line) == ("Dahua", "WizMind")
    fw = parse_firmware(version)
    assert (fw.version, fw.build) == ((2, 800, 0), date(2020, 6, 5))
    by_id = {m.cve_id: m for m in CAT.cve_status("Dahua", info["deviceType"], version)}
    assert by_id["CVE-2021-33044"].status == "affected"  # 5-series IPC built before June 2021
    assert by_id["CVE-2021-33045"].status == "not_affected"  # IPC cut-off May 2020; this build is June 2020
    assert by_id["CVE-2022-30560"].status == "not_affected"  # 2-series only


def test_lorex_nvr_reports_its_dahua_model(shared_data):
    info = _kv((shared_data / "protocols" / "dahua" / "cgi-magicbox-getsysteminfo-lorex-nvr.txt").read_text())
    ident = CAT.identify(info["updateSerial"])
    assert (ident.maker, ident.kind, ident.model) == ("Dahua", "nvr", "DHI-NVR4108HS-8P-4KS2")


def test_onvif_device_information(shared_data):
    base = shared_data / "protocols" / "onvif"
    hik = (base / "get-device-information-response-hikvision.xml").read_text()
    assert CAT.identify(_xml_field(hik, "tds:Model")).maker == "Hikvision"
    assert parse_firmware(_xml_field(hik, "tds:FirmwareVersion")).build == date(2024, 8, 26)
    ms = (base / "get-device-information-response-milesight.xml").read_text()
    assert CAT.identify(_xml_field(ms, "tds:Model")).maker == "Milesight"
    assert parse_firmware(_xml_field(ms, "tds:FirmwareVersion")).version == (61, 8, 0, 3)
