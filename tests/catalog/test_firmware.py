"""Firmware strings of Hikvision, Dahua and others parse into comparable values."""

from __future__ import annotations

from datetime import date

import pytest

from whoswatching.catalog.firmware import parse_firmware


@pytest.mark.parametrize(
    ("raw", "version", "build", "style"),
    [
        ("V5.4.0 build 160530", (5, 4, 0), date(2016, 5, 30), "hikvision"),
        ("V5.5.82 build 190220", (5, 5, 82), date(2019, 2, 20), "hikvision"),
        ("V5.4.0 Build 160401", (5, 4, 0), date(2016, 4, 1), "hikvision"),
        ("V4.75.011", (4, 75, 11), None, "hikvision"),
        ("V2.3.8-8", (2, 3, 8, 8), None, "hikvision"),
        ("V2.800.0000000.25.R", (2, 800, 25), None, "dahua"),
        ("2.622.0000000.12.R, build : 2019-02-14", (2, 622, 12), date(2019, 2, 14), "dahua"),
        ("2.800.0000000.25.R, Build Date: 2021-06-10", (2, 800, 25), date(2021, 6, 10), "dahua"),
        ("version=2.800.0000016.0.R,build:2020-06-05", (2, 800, 0), date(2020, 6, 5), "dahua"),
        ("V2.420.AC00.16.R.20160909", (2, 420, 16), date(2016, 9, 9), "dahua"),
        ("61.8.0.3-r8", (61, 8, 0, 3), None, "generic"),
        ("3.0.3_20201113_RELEASE(HIK)", (3, 0, 3), date(2020, 11, 13), "generic"),
        ("firmware 1.2.3 build date 2020/01/31", (1, 2, 3), date(2020, 1, 31), "generic"),
    ],
)
def test_parse(raw, version, build, style):
    fw = parse_firmware(raw)
    assert (fw.version, fw.build, fw.style) == (version, build, style)
    assert fw.raw == raw


def test_dahua_customer_code_is_kept_as_variant():
    assert parse_firmware("V2.420.AC00.16.R.20160909").variant == "AC00"
    assert parse_firmware("V2.800.0000000.25.R").variant == "0000000"


def test_isapi_separate_build_field():
    fw = parse_firmware("V5.7.18", build="build 240826")
    assert (fw.version, fw.build) == ((5, 7, 18), date(2024, 8, 26))
    assert parse_firmware("V4.62.210", build="230619").build == date(2023, 6, 19)


@pytest.mark.parametrize("raw", [None, "", "  ", "unknown", "n/a", "-", "no digits here"])
def test_unreadable_is_none(raw):
    assert parse_firmware(raw) is None


def test_ordering():
    p = parse_firmware
    assert p("V5.4.0 build 160530") == p("V5.4.0 build 160530")
    assert p("V5.4.0 build 160401") < p("V5.4.0 build 160530") < p("V5.4.5 build 160928")
    assert p("V5.4") == p("V5.4.0")
    assert p("V5.10.0") > p("V5.9.9")
    assert p("V2.800.0000000.25.R") > p("V2.622.0000000.9.R")
    assert p("V2.800.0000016.0.R") == p("V2.800.0000000.0.R")  # customer code ignored
    assert sorted([p("V5.5.0"), p("V5.4.0 build 160530"), p("V5.4.0")])[0] == p("V5.4.0")
    assert len({p("V5.4"), p("V5.4.0")}) == 1


def test_invalid_build_date_is_dropped_not_raised():
    assert parse_firmware("V5.4.0 build 161399").build is None
