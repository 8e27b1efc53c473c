"""`catalog check` passes on the shipped data and fails, naming file and row, on broken copies of it."""

from __future__ import annotations

import time

import pytest

from whoswatching.catalog import CatalogError, load_catalog
from whoswatching.catalog.checks import run_checks


def test_shipped_data_passes():
    started = time.perf_counter()
    report = run_checks()
    assert report.ok, [str(p) for p in report.problems]
    assert report.checks_run == ["schema", "duplicates", "references", "examples", "sources", "counts"]
    assert report.counts["CVEs"] >= 15 and report.counts["brands"] >= 15
    assert time.perf_counter() - started < 5  # generous: the CI budget is 2 s for the whole command


def _edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _problems(data, **kw):
    report = run_checks(data, **kw)
    assert not report.ok
    return report.problems


BREAKAGES = [
    # (file, old, new, check, fragment of the message)
    ("oem_brands.csv", "Ezviz,Hikvision,", "Ezviz,Hikvizion,", "references", "maker 'Hikvizion'"),
    ("oem_brands.csv", '"Ownership (strong): Hikvision set up', '"Probably: Hikvision set up', "schema", "grade word"),
    ("product_lines.yml", "capabilities: [behavioural]\n  capability_details: [heat_map]",
     "capabilities: [behavioral]\n  capability_details: [heat_map]", "references", "'behavioral'"),
    ("product_lines.yml", "capability_details: [low_light]", "capability_details: [night_magic]",
     "references", "'night_magic'"),
    ("cve_ranges.yml", "- id: CVE-2013-4975\n  maker: Hikvision", "- id: CVE-2013-4975\n  maker: Hikvisoin",
     "references", "maker 'Hikvisoin'"),
    ("cve_ranges.yml", "- id: CVE-2013-4975\n", "- id: CVE-2099-0001\n", "references", "cves.csv does not list"),
    ("models/hikvision.yml", "examples: [DS-7204]", "examples: [DS-7204, IPC-HFW1230S]", "examples",
     "identifies as dahua-ipc"),
    ("models/hikvision.yml", "counter_examples: [DS-2CD7153-E]", "counter_examples: [IDS-2CD7146G0-IZS]",
     "examples", "counter-example matches"),
    ("models/dahua.yml", "regex: '^(DHI?-)?XVR\\d'", "regex: '^(DHI?-)?XVR\\d(('", "schema", "regex"),
    ("makers.yml", "- name: Sony\n", "- name: Sony\n  founded: 1946\n", "schema", "Extra inputs"),
    ("makers.yml", "- name: Sony\n", "- name: Axis\n", "duplicates", "appears 2 times"),
    ("facts.yml", "  makers: [Dahua]\n  date: 2020-03-29", "  makers: [Dahau]\n  date: 2020-03-29", "references",
     "maker 'Dahau'"),
    ("facts.yml", "source_url: https://ipvm.com/reports/china-mobile-dahua", "source_url: IPVM, March 2020",
     "sources", "not a URL"),
    ("capabilities.yml", "  - name: thermal\n", "  - name: thermals\n", "references", "codebook capability"),
    ("capabilities.yml", "\ncapabilities:\n", "\nextras: []\ncapabilities:\n", "schema", "unknown top-level key"),
    ("brands.yml", "- row: Swann\n", "- row: Swan\n", "references", "does not list"),
    ("makers.yml", "  country: KR\n", "  country: CN\n", "references", "chinese=False but country=CN"),
    ("makers.yml", "- name: Sony\n", "- name: Sony\n  state_owned: true\n", "references", "ownership fact"),
]


@pytest.mark.parametrize(("file", "old", "new", "check", "fragment"), BREAKAGES, ids=[f"{b[3]}:{b[0]}" for b in BREAKAGES])
def test_broken_data_fails(data_copy, file, old, new, check, fragment):
    _edit(data_copy / file, old, new)
    problems = _problems(data_copy)
    assert any(p.check == check and fragment in f"{p.row} {p.message}" for p in problems), [str(p) for p in problems]


def test_broken_yaml_is_reported_not_raised(data_copy):
    (data_copy / "facts.yml").write_text("- id: x\n  makers: [Hikvision\n", encoding="utf-8")
    problems = _problems(data_copy)
    assert any(p.file == "facts.yml" and "not valid YAML" in p.message for p in problems)


def test_missing_file(data_copy):
    (data_copy / "makers.yml").unlink()
    problems = _problems(data_copy)
    assert any(p.file == "makers.yml" and "missing" in p.message for p in problems)


def test_count_floors(data_copy):
    problems = _problems(data_copy, floors={"CVEs": 500})
    assert [p.row for p in problems if p.check == "counts"] == ["CVEs"]


def test_load_catalog_refuses_broken_data(data_copy):
    _edit(data_copy / "oem_brands.csv", "Ezviz,Hikvision,", "Ezviz,Hikvizion,")
    with pytest.raises(CatalogError) as exc:
        load_catalog(data_copy)
    assert "Hikvizion" in str(exc.value)
    assert exc.value.problems


def test_load_catalog_from_another_directory(data_copy):
    _edit(data_copy / "makers.yml", "    - Hik-Vision\n", "    - Hik-Vision\n    - HKVS Test Alias\n")
    other = load_catalog(data_copy)
    assert other is not load_catalog()
    assert other.find_maker("HKVS Test Alias").name == "Hikvision"
    assert load_catalog().find_maker("HKVS Test Alias") is None


def test_missing_directory_is_one_clear_problem(tmp_path):
    report = run_checks(tmp_path / "nope")
    assert any("is not a directory" in p.message for p in report.problems)
    assert not any(p.file == "makers.yml" for p in report.problems)
