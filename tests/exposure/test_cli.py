"""The exposure CLI end to end with typer's CliRunner (catalogue, DuckDB, files in a temp DATA_DIR)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.exposure.conftest import DATA
from whoswatching import config
from whoswatching.cli import cli

SCANS = DATA / "scans"


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "DATA_DIR", tmp_path)
    return CliRunner()


def test_classify_json_prints_one_object_per_record(runner):
    result = runner.invoke(cli, ["exposure", "classify", str(SCANS / "shodan.json"), str(SCANS / "nmap.xml"), "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 6
    first = lines[0]
    assert {"record", "maker", "brand", "model", "firmware", "rules", "confidence", "cves"} <= set(first)
    assert first["maker"] == "Hikvision" and "hik.http.server.app-webs" in first["rules"]
    assert lines[1]["maker"] == "Dahua" and lines[1]["rules"] == ["dahua.tls.subject"]


def test_load_then_report_in_every_output(runner, tmp_path):
    loaded = runner.invoke(cli, ["exposure", "load", str(SCANS / "shodan.json"), str(SCANS / "censys-host.json"),
                                 "--snapshot", "gb"])
    assert loaded.exit_code == 0, loaded.output
    assert "records used" in loaded.stderr
    report = runner.invoke(cli, ["exposure", "report", "--snapshot", "gb", "--by", "city", "--top", "5",
                                 "--country", "GB", "--json"])
    assert report.exit_code == 0, report.output
    data = json.loads(report.stdout)
    assert data["snapshot"] == "gb" and data["by"] == "city" and data["rows"][0]["rank"] == 1
    csv_out = runner.invoke(cli, ["exposure", "report", "--snapshot", "gb", "--by", "asn", "--csv"])
    assert csv_out.stdout.startswith("# snapshot: gb")
    chart = tmp_path / "c.svg"
    xlsx = tmp_path / "c.xlsx"
    both = runner.invoke(cli, ["exposure", "report", "--snapshot", "gb", "--chart", str(chart), "--xlsx", str(xlsx)])
    assert both.exit_code == 0, both.output
    assert chart.read_text().startswith("<svg") and xlsx.stat().st_size > 0


def test_report_on_unknown_snapshot_says_how_to_make_one(runner):
    result = runner.invoke(cli, ["exposure", "report", "--snapshot", "nope"])
    assert result.exit_code != 0 and "exposure load" in result.output


def test_fetch_without_key_is_refused(runner, monkeypatch):
    monkeypatch.setattr(config, "SHODAN_API_KEY", "")
    result = runner.invoke(cli, ["exposure", "fetch", "product:hikvision", "--out", "x.gz"])
    assert result.exit_code != 0 and "SHODAN_API_KEY" in result.output


@pytest.mark.slow  # altair validates the 2 MB boundary file: ~15 s, a minute on a busy machine
def test_uk_map_places_cities_on_districts(runner, tmp_path):
    from whoswatching.exposure.report.maps import city_codes

    assert city_codes()["bristol"] == ("E06000023",) and len(city_codes()["london"]) == 33
    assert runner.invoke(cli, ["exposure", "load", str(DATA / "labelled.jsonl"), "--snapshot", "m"]).exit_code == 0
    out = tmp_path / "map.html"  # the SVG render of 380 districts takes a minute; HTML embeds the spec
    result = runner.invoke(cli, ["exposure", "report", "--snapshot", "m", "--by", "city", "--map", str(out)])
    assert result.exit_code == 0, result.output
    assert "Crown copyright" in out.read_text() and "E06000023" in out.read_text()
    refused = runner.invoke(cli, ["exposure", "report", "--snapshot", "m", "--by", "country", "--map", str(out)])
    assert refused.exit_code != 0 and "--by city" in refused.output
