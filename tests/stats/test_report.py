from __future__ import annotations

import csv
import json
import zipfile
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from whoswatching.cli import cli
from whoswatching.stats.coded import parse_coded_csv, read_coded_csv
from whoswatching.stats.report.build import build_report
from whoswatching.stats.report.xlsx import neutralise

from .conftest import HEADER

runner = CliRunner()
HOSTILE = (HEADER.strip() + ",exemptions\n"
           "St Aldric's Academy,school,London,,true,true,,,,,FOIA s24(1)\n"
           "St Osyth's Academy,school,London,,true,true,,,,,FOIA s31(1)(a)\n"
           "Northmoor Borough Council,council,Wales,,true,false,true,false,false,thermal,\n")
#: Outside text that reaches the report: the input's file name (exemption codes are validated on input).
HOSTILE_NAME = "=HYPERLINK(\"http://x\",\"y\")<script>alert(1)</script><b>evil</b>.csv"


def _strip_stamp(text: str) -> str:
    return "\n".join(ln for ln in text.splitlines() if "Generated " not in ln)


@pytest.mark.slow
def test_two_runs_are_identical_apart_from_the_stamp(small_csv, tmp_path):
    table = read_coded_csv(small_csv)
    a = build_report(table, tmp_path / "a", generated_at=datetime(2026, 1, 1, tzinfo=UTC))
    b = build_report(table, tmp_path / "b", generated_at=datetime(2026, 1, 2, tzinfo=UTC))
    names_a = sorted(p.relative_to(tmp_path / "a") for p in a.files)
    assert names_a == sorted(p.relative_to(tmp_path / "b") for p in b.files)
    differing = []
    for rel in names_a:
        ba, bb = (tmp_path / "a" / rel).read_bytes(), (tmp_path / "b" / rel).read_bytes()
        if ba != bb:
            differing.append(str(rel))
            ta, tb = ba.decode().splitlines(), bb.decode().splitlines()
            assert len(ta) == len(tb)
            assert sum(x != y for x, y in zip(ta, tb, strict=True)) == 1
            assert _strip_stamp(ba.decode()) == _strip_stamp(bb.decode())
    assert sorted(differing) == ["report.html", "report.json"]
    assert {"report.html", "report.xlsx", "report.json", "csv/sectors.csv", "charts/map.svg"} <= {str(p) for p in names_a}


def test_html_is_self_contained_and_escapes_hostile_text(tmp_path):
    table = parse_coded_csv(HOSTILE.encode(), source_name=HOSTILE_NAME)
    build_report(table, tmp_path, formats=("html",))
    html = (tmp_path / "report.html").read_text()
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;evil&lt;/b&gt;.csv" in html
    assert "<svg" in html and "geoshape" in html  # inline charts and the map
    assert 'src="http' not in html and "<link" not in html
    assert "Martin Chorley" in html and "CC BY 4.0" in html
    assert "Wilson" in html and "responses − refused" in html  # method notes name denominators and intervals


def test_formulas_are_neutralised_in_csv_and_xlsx(tmp_path):
    table = parse_coded_csv(HOSTILE.encode(), source_name=HOSTILE_NAME)
    build_report(table, tmp_path, formats=("csv", "xlsx"))
    for path in (tmp_path / "csv").glob("*.csv"):
        for row in csv.reader(path.open()):
            assert not any(cell[:1] in ("=", "+", "@") for cell in row), (path.name, row)
    with zipfile.ZipFile(tmp_path / "report.xlsx") as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert sheets
        assert not any("<f>" in z.read(n).decode() for n in sheets)
        shared = z.read("xl/sharedStrings.xml").decode()
    assert "&apos;=HYPERLINK" in shared or "'=HYPERLINK" in shared
    assert neutralise("@SUM(A1)") == "'@SUM(A1)" and neutralise(-1) == -1


def test_zero_denominators_print_na(tmp_path):
    text = HEADER + "Lowmarsh Constabulary,police,,,false,,,,,\nNorthmoor Council,council,,,true,false,true,false,false,\n"
    build_report(parse_coded_csv(text.encode()), tmp_path, formats=("html", "csv", "json"))
    with (tmp_path / "csv" / "sectors.csv").open() as fh:
        police = next(r for r in csv.DictReader(fh) if r["sector"] == "police")
    assert police["hikvision_pct"] == "n/a" and police["hikvision_ci95_lo"] == "n/a"
    assert police["response_rate_pct"] == "0.0"  # 0 of 1 request is a real 0%
    html = (tmp_path / "report.html").read_text()
    assert '<span class="na">n/a</span>' in html
    doc = json.loads((tmp_path / "report.json").read_text())
    row = doc["tables"]["sectors"]["rows"][0]
    assert row["sector"] == "police" and row["hikvision_pct"] is None


def test_every_table_carries_hash_codebook_and_method(small_csv, tmp_path):
    table = read_coded_csv(small_csv)
    build_report(table, tmp_path, formats=("csv", "json"))
    for path in (tmp_path / "csv").glob("*.csv"):
        header = path.read_text().splitlines()[0]
        assert "input_sha256" in header and "codebook_version" in header and "method" in header, path
    doc = json.loads((tmp_path / "report.json").read_text())
    for name, t in doc["tables"].items():
        assert t["input_sha256"] == table.source_sha256, name


def test_cli_report_with_published_checks(small_csv, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(cli, ["stats", "report", "--input", str(small_csv), "--out", str(out),
                                 "--formats", "html,json", "--published", "seed"])
    assert result.exit_code == 0, result.output
    html = (out / "report.html").read_text()
    assert "Published figures checked" in html and "exceeds_whole" in html
    bad = runner.invoke(cli, ["stats", "report", "--input", str(small_csv), "--out", str(out), "--formats", "pdf"])
    assert bad.exit_code != 0


def test_empty_input_still_reports_and_xlsx_has_a_sheet_per_table(tmp_path):
    from python_calamine import CalamineWorkbook

    table = parse_coded_csv(HEADER.encode())
    result = build_report(table, tmp_path, formats=("html", "xlsx"))
    assert result.tables.overall["either_pct"] is None
    assert '<span class="na">n/a</span>' in (tmp_path / "report.html").read_text()
    names = CalamineWorkbook.from_path(str(tmp_path / "report.xlsx")).sheet_names
    assert names[0] == "about"
    assert {"sectors", "regions", "nations", "overall", "capabilities", "exemptions", "response_times",
            "lateness", "extrapolation"} <= set(names)
