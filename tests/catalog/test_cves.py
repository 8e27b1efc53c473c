"""CVE status of a device: affected only with a matching model and a known firmware inside a stated range."""

from __future__ import annotations

import pytest

from whoswatching.catalog import load_catalog

_CAT = load_catalog()


def status(maker, model, firmware, cve):
    return next(m for m in _CAT.cve_status(maker, model, firmware) if m.cve_id == cve)


@pytest.mark.parametrize(
    ("model", "firmware", "expected"),
    [
        ("DS-2CD2132F-I", "V5.4.0 build 160530", "affected"),  # upper bound, inclusive
        ("DS-2CD2132F-I", "V5.2.0 build 140721", "affected"),  # lower bound, inclusive
        ("DS-2CD2132F-IS", "V5.3.0 build 151016", "affected"),  # the series covers suffix variants
        ("DS-2CD2532F-IWS", "V5.3.0 build 151016", "affected"),
        ("DS-2CD2132F-I", "V5.4.0 build 160601", "not_affected"),  # later build of the same version
        ("DS-2CD2132F-I", "V5.4.5 build 170123", "not_affected"),
        ("DS-2CD2132F-I", "V5.1.6 build 140412", "not_affected"),
        ("DS-2CD2132F-I", "V5.4.0", "likely"),  # same version, no build date to place it
        ("DS-2CD2132F-I", None, "unknown"),
        ("DS-2CD2132F-I", "garbage", "unknown"),
        ("DS-2CD2143G2-I", "V5.4.0 build 160530", "not_affected"),  # outside every listed series
        ("DS-2DF5286-AEL", "V5.4.5 build 160928", "affected"),
        ("DS-2CD6362F-IV", "V5.3.5 build 160106", "affected"),
    ],
)
def test_cve_2017_7921(model, firmware, expected):
    m = status("Hikvision", model, firmware, "CVE-2017-7921")
    assert m.status == expected, m.reason
    assert m.known_exploited is True


def test_unknown_firmware_is_never_affected_for_any_model_or_cve():
    """The contract: firmware None/unreadable -> never "affected", whatever the model."""
    models = [ex for p in _CAT.patterns for ex in p.examples]
    for maker in ("Hikvision", "Dahua"):
        for model in [*models, None]:
            for fw in (None, "", "unknown", "not-a-version"):
                for m in _CAT.cve_status(maker, model, fw):
                    assert m.status != "affected", (maker, model, fw, m)


def test_cve_with_no_structured_range_is_unknown():
    m = status("Hikvision", "DS-2CD2143G2-I", "V5.5.0 build 170725", "CVE-2021-36260")
    assert m.status == "unknown"
    assert m.known_exploited


def test_range_without_versions_gives_likely_never_affected():
    assert status("Hikvision", "DS-2CD7153-E", "V5.0.0 build 130101", "CVE-2013-4975").status == "likely"
    assert status("Dahua", "DH-IPC-HDW1230T1", "V2.400.0000000.16.R", "CVE-2017-7925").status == "likely"
    assert status("Dahua", "IPC-HFW5442E-ZE", "V2.400.0000000.16.R", "CVE-2017-7925").status == "not_affected"


@pytest.mark.parametrize(
    ("model", "firmware", "expected"),
    [
        ("IPC-HFW3441T-ZS", "V2.800.0000000.25.R, Build Date: 2021-05-10", "affected"),
        ("IPC-HFW3441T-ZS", "V2.800.0000000.25.R, Build Date: 2021-06-10", "not_affected"),
        ("IPC-HFW3441T-ZS", "V2.800.0000000.25.R", "likely"),  # no build date: cannot place it
        ("DH-IPC-HDBW5442E-ZE", "2.622.0000000.12.R, build : 2019-02-14", "affected"),
        ("SD49225XA-HNR", "V2.623.0000000.1.R, build: 2020-01-01", "affected"),
        ("IPC-HFW1230S", "V2.622.0000000.9.R, build: 2019-01-01", "not_affected"),  # 1-series not listed
    ],
)
def test_dahua_build_date_ranges_cve_2021_33044(model, firmware, expected):
    m = status("Dahua", model, firmware, "CVE-2021-33044")
    assert m.status == expected, m.reason
    assert m.known_exploited


def test_cve_2021_33045_nvr_and_ipc_have_different_cut_offs():
    fw = "V4.001.0000000.3.R, build: 2020-01-15"
    assert status("Dahua", "NVR4104HS-P-4KS2", fw, "CVE-2021-33045").status == "not_affected"  # NVR4xxx not listed
    assert status("Dahua", "NVR5216-4KS2", fw, "CVE-2021-33045").status == "not_affected"  # after Dec 2019
    assert status("Dahua", "NVR5216-4KS2", "V4.001.0000000.3.R, build: 2019-11-15", "CVE-2021-33045").status == "affected"
    assert status("Dahua", "IPC-HDBW5442E-ZE", fw, "CVE-2021-33045").status == "affected"  # IPC: before May 2020


def test_cve_2021_33046_build_window():
    assert status("Dahua", "NVR4104HS-P-4KS2", "V4.0.0.0.R, build: 2016-12-01", "CVE-2021-33046").status != "affected"
    assert status("Dahua", "NVR4104HS-P-4KS2", "V4.001.0000000.3.R, build: 2018-03-01", "CVE-2021-33046").status == "affected"
    assert status("Dahua", "NVR4104HS-P-4KS2", "V4.001.0000000.3.R, build: 2021-08-02", "CVE-2021-33046").status == "not_affected"


def test_listed_builds():
    assert status("Dahua", "IP2M-841B", "V2.520.AC00.18.R", "CVE-2019-3948").status == "affected"
    assert status("Dahua", "IP2M-841B", "V2.520.AC00.19.R", "CVE-2019-3948").status == "likely"
    assert status("Amcrest", "IPM-721S", "V2.420.AC00.16.R.20160909", "CVE-2017-8229").status == "affected"


def test_fixed_in_version_is_not_affected():
    m = status("Hikvision", "Intercom Broadcasting System", "4.1.0", "CVE-2023-6895")
    assert m.status == "not_affected"
    m = status("Hikvision", "Intercom Broadcasting System", "3.0.3_20201113_RELEASE(HIK)", "CVE-2023-6895")
    assert m.status == "affected"


def test_san_storage_range():
    assert status("Hikvision", "DS-A80624S", "V2.3.8-8", "CVE-2023-28808").status == "affected"
    assert status("Hikvision", "DS-A80624S", "V2.3.8-9", "CVE-2023-28808").status == "not_affected"
    assert status("Hikvision", "DS-A71024R-CVS", "V1.1.4", "CVE-2023-28808").status == "affected"


def test_brand_cve_via_brand_name():
    m = status("Annke", "N48PBB", "V3.4.106 build 200422", "CVE-2021-32941")
    assert m.status == "affected"
    assert status("Annke", "N48PBB", "V3.4.107 build 200601", "CVE-2021-32941").status == "not_affected"


def test_model_not_given_is_unknown_and_unknown_maker_is_empty():
    assert {m.status for m in _CAT.cve_status("Hikvision", None, "V5.4.0 build 160530")} == {"unknown"}
    assert _CAT.cve_status("Acme", "X1", "1.0") == []


def test_maker_inferred_from_model_when_maker_unknown():
    statuses = _CAT.cve_status("", "DS-2CD2132F-I", "V5.4.0 build 160530")
    assert any(m.cve_id == "CVE-2017-7921" and m.status == "affected" for m in statuses)


def test_results_are_sorted_most_severe_first():
    statuses = [m.status for m in _CAT.cve_status("Hikvision", "DS-2CD2132F-I", "V5.4.0 build 160530")]
    order = ["affected", "likely", "unknown", "not_affected"]
    assert statuses == sorted(statuses, key=order.index)


def test_known_exploited_only_where_sourced():
    kev = {c.id for c in _CAT.cves if c.known_exploited}
    assert kev == {"CVE-2017-7921", "CVE-2021-36260", "CVE-2021-33044", "CVE-2021-33045"}
    assert all(c.kev_source_url and c.kev_date_added for c in _CAT.cves if c.known_exploited)


def test_every_cve_keeps_its_raw_text_and_source():
    for c in _CAT.cves:
        assert c.affected_text and c.fixed_in_text and c.source_url.startswith("https://"), c.id
    assert _CAT.cves_of("Dahua") and all(c.maker == "Dahua" for c in _CAT.cves_of("Dahua"))
