"""The `whoswatching catalog` commands, through typer's CliRunner."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from whoswatching.cli import cli

runner = CliRunner()


def run(*args):
    return runner.invoke(cli, ["catalog", *args])


def test_check_passes():
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "OK" in result.output


def test_check_json_and_failure(data_copy):
    text = (data_copy / "oem_brands.csv").read_text(encoding="utf-8")
    (data_copy / "oem_brands.csv").write_text(text.replace("Ezviz,Hikvision,", "Ezviz,Nobody,"), encoding="utf-8")
    result = run("check", "--data", str(data_copy), "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert any("Nobody" in p["message"] for p in report["problems"])


def test_identify_json():
    result = run("identify", "DS-2CD2143G2-I", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["maker"] == "Hikvision" and out["product_line"] == "AcuSense"
    assert out["capabilities"] == ["object_detection"]


def test_identify_several_and_unknown():
    result = run("identify", "ipc-hdbw5442e-ze", "QQ-12", "--json")
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert out[0]["maker"] == "Dahua"
    assert out[1]["error"] == "no catalogue pattern matches" and out[1]["nearest"]
    assert "no catalogue pattern matches 'QQ-12'" in result.stderr
    assert "nearest makers' patterns" in result.stderr


def test_brands_and_makers():
    result = run("brands", "--maker", "dahua", "--json")
    assert result.exit_code == 0
    names = {b["name"] for b in json.loads(result.stdout)}
    assert {"Lorex", "Amcrest", "Imou"} <= names and "Ezviz" not in names
    assert run("brands", "--maker", "Nobody").exit_code == 1
    result = run("makers", "--not-chinese", "--json")
    assert {m["name"] for m in json.loads(result.stdout)} >= {"Axis", "Bosch", "Vivotek"}
    assert "Hikvision" in run("makers").output


def test_cves_and_status():
    result = run("cves", "--maker", "Hikvision", "--json")
    assert {c["id"] for c in json.loads(result.stdout)} >= {"CVE-2017-7921", "CVE-2021-36260"}
    result = run("cve-status", "--maker", "Hikvision", "--model", "DS-2CD2132F-I", "--firmware",
                 "V5.4.0 build 160530", "--json")
    assert result.exit_code == 0, result.output
    rows = {m["cve_id"]: m for m in json.loads(result.stdout)}
    assert rows["CVE-2017-7921"]["status"] == "affected" and rows["CVE-2017-7921"]["known_exploited"]
    result = run("cve-status", "--maker", "Hikvision", "--model", "DS-2CD2132F-I", "--json")
    assert "affected" not in {m["status"] for m in json.loads(result.stdout)}
    assert run("cve-status", "--maker", "Nobody").exit_code == 1


def test_facts():
    result = run("facts", "--maker", "Hikvision", "--topic", "ownership", "--json")
    ids = {f["id"] for f in json.loads(result.stdout)}
    assert {"hikvision-state-control", "hikvision-cetc"} <= ids
    assert run("facts").exit_code == 0


def test_export_sqlite_and_json(tmp_path):
    import sqlite3

    db = tmp_path / "catalog.db"
    assert run("export", str(db)).exit_code == 0
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from cves").fetchone()[0] >= 15
    assert conn.execute("select maker from brands where name = 'Amcrest'").fetchone()[0] == "Dahua"
    assert conn.execute("select count(*) from oui where maker is null").fetchone()[0] == 0
    conn.close()
    result = run("export", str(db))
    assert result.exit_code == 1 and "--force" in result.stderr
    assert run("export", str(db), "--force").exit_code == 0
    out = tmp_path / "catalog.json"
    assert run("export", str(out)).exit_code == 0
    assert {"makers", "brands", "cve_ranges", "facts"} <= set(json.loads(out.read_text()))
    assert run("export", str(tmp_path / "x.txt")).exit_code == 1


def test_oui_and_capabilities_and_lines():
    out = json.loads(run("oui", "c0:56:e3:12:34:56", "--json").stdout)
    assert out["maker"] == "Hikvision" and out["prefix"] == "C0:56:E3"
    caps = json.loads(run("capabilities", "--json").stdout)
    assert len(caps["capabilities"]) == 6
    lines = json.loads(run("product-lines", "--maker", "Hikvision", "--json").stdout)
    assert {"AcuSense", "DeepinView", "DarkFighter"} <= {pl["name"] for pl in lines}


def test_identify_a_weakly_linked_brand_names_no_maker():
    result = run("identify", "HWP-N2404IH-DE3", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["maker"] is None and out["made_by"] == "Hikvision" and out["brand_grade"] == "weak"
    text = run("identify", "HWP-N2404IH-DE3")
    assert "maker not established" in text.stdout
