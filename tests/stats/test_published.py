"""The transcription of the seed's appendix and headline findings is complete and checks what it should."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from typer.testing import CliRunner

from whoswatching.cli import cli
from whoswatching.stats.checks import check_published
from whoswatching.stats.published import PublishedFile, evaluate, load_published, parse_printed

runner = CliRunner()


@pytest.fixture
def seed_text(shared_data):
    return (shared_data.parent / "seed" / "000_84c3714ad40115d0.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def report():
    return check_published(load_published())


def _find(report, **keys):
    hits = [f for f in report.findings if all(getattr(f, k) == v for k, v in keys.items())]
    assert hits, f"no finding with {keys}"
    return hits[0]


def test_every_sector_table_is_transcribed():
    pub = load_published()
    kinds = {(t.kind, t.sector) for t in pub.tables}
    for sector in ("school", "fe_college", "university", "council", "nhs_trust", "police", "government"):
        assert ("sector", sector) in kinds
    for sector in ("school", "fe_college", "university", "council", "nhs_trust"):
        assert ("capabilities", sector) in kinds
    regions = {t.sector: len(t.rows) for t in pub.tables if t.kind == "regions"}
    assert regions == {"school": 8, "council": 11}
    assert all(t.section.startswith("10. Appendix") for t in pub.tables)
    assert len(pub.claims) >= 40
    assert all(c.section and c.quote for c in pub.claims)


def test_every_appendix_percentage_is_transcribed(seed_text):
    appendix = seed_text.split("Appendix: Detailed Findings\n\nEducation", 1)[1]
    table_lines = [ln for ln in appendix.splitlines() if "\t" in ln and re.search(r"\d", ln)]
    printed = re.findall(r"\d+(?:\.\d+)?%", "\n".join(table_lines))
    pub = load_published()
    ours = [v for t in pub.tables for r in t.rows for v in r.printed.values()]
    assert sorted(printed) == sorted(ours)


def test_every_transcribed_count_row_is_in_the_seed(seed_text):
    pub = load_published()
    for t in pub.tables:
        if t.kind == "sector":
            c = t.rows[0].counts
            line = "\t".join(str(c[k]) for k in ("requests", "responses", "refused", "hikvision"))
            assert line in seed_text, t.table
        elif t.kind == "capabilities":
            c = t.rows[0].counts
            order = ("any", "face_detection", "thermal", "demographic", "behavioural", "object_detection")
            assert "\t".join(str(c[k]) for k in order) in seed_text, t.table
        else:
            for r in t.rows:
                assert f"\t{r.counts['requests']}\t{r.counts['responses']}\t" in seed_text, r.region


def test_every_claim_quote_is_in_the_seed(seed_text):
    flat = " ".join(seed_text.split())
    for claim in load_published().claims:
        for part in claim.quote.split(" ... "):
            assert " ".join(part.split()) in flat, claim.id


def test_known_inconsistencies_of_the_seed(report):
    fe = _find(report, table="Further Education Colleges Raw / Percentages", figure="either_pct")
    assert fe.verdict == "exceeds_whole" and "49" in fe.reason and "47" in fe.reason
    assert _find(report, table="Police Raw / Percentages", figure="dahua_pct").verdict == "irreproducible"
    assert _find(report, table="Councils Raw / Percentages", figure="dahua_pct").verdict == "irreproducible"
    assert _find(report, table="Schools Raw / Schools Percentages", figure="hikvision_pct").verdict == "irreproducible"
    assert _find(report, table="Schools Raw / Schools Percentages", figure="either_pct").verdict == "ok"
    assert _find(report, table="Universities Raw / Percentages", figure="hikvision_pct").verdict == "other_denominator"
    schools_requests = _find(report, table="Schools by Region", figure="sum of requests")
    assert schools_requests.verdict == "inconsistent_total" and "East of England" in schools_requests.reason
    council_hik = _find(report, table="Councils by Region", figure="sum of hikvision")
    assert council_hik.verdict == "inconsistent_total" and "Yorkshire and The Humber" in council_hik.reason
    assert _find(report, table="Councils by Region", region="East of England", figure="either").verdict == "exceeds_whole"
    assert _find(report, table="Schools by Region", region="West Midlands", figure="hikvision_pct").verdict == "irreproducible"
    assert _find(report, table="Universities Advanced Capabilities", figure="any").verdict == "inconsistent_total"
    assert _find(report, figure="schools-63.4").verdict == "irreproducible"
    assert _find(report, figure="footnote13-2580").verdict == "other_method"
    assert _find(report, figure="government-4-departments").verdict == "irreproducible"
    assert _find(report, figure="fe-14.2-dahua").verdict == "rounding"
    assert _find(report, figure="councils-90.4-hikvision").verdict == "ok"
    assert _find(report, figure="schools-analysis-1700").verdict == "ok"


def test_a_consistent_file_is_all_ok():
    doc = {
        "format": "whoswatching-published/1",
        "source": {"title": "Fictional audit", "publisher": "Northmoor Civic Trust", "published": "2025-01-01"},
        "tables": [
            {"table": "Raw", "section": "1", "kind": "sector", "sector": "council",
             "rows": [{"counts": {"requests": 40, "responses": 30, "refused": 5, "hikvision": 10, "dahua": 5},
                       "printed": {"hikvision_pct": "40%", "dahua_pct": "20.0%", "either_pct": "52%"}}]},
            {"table": "By region", "section": "1", "kind": "regions", "sector": "council",
             "regions_expected": ["Wales", "Scotland"],
             "rows": [{"region": "Wales", "counts": {"requests": 20, "responses": 10, "hikvision": 4}},
                      {"region": "Scotland", "counts": {"requests": 20, "responses": 20, "hikvision": 6}}]},
        ],
        "claims": [{"id": "c1", "section": "2", "quote": "q", "published": "76.9%",
                    "candidates": [{"label": "hik of users", "expr": "council.hikvision / council.either * 100",
                                    "stated": True}]}],
    }
    rep = check_published(PublishedFile.model_validate(doc))
    bad = [f for f in rep.findings if f.verdict != "ok" and f.figure != "denominator"]
    assert not bad, bad


def test_format_is_strict():
    with pytest.raises(ValueError):
        PublishedFile.model_validate({"format": "whoswatching-published/1", "source": {}, "tables": []})
    with pytest.raises(ValueError):
        parse_printed("about half")


def test_expressions_are_arithmetic_only():
    facts = {"school": {"valid": 10.0}}
    assert evaluate("school.valid * 2 - 1", facts) == 19.0
    with pytest.raises(ValueError):
        evaluate("__import__('os').system('true')", facts)


def test_cli_check_published_json_and_text(tmp_path):
    result = runner.invoke(cli, ["stats", "check-published", "--json"])
    assert result.exit_code == 1  # the seed has inconsistencies
    data = json.loads(result.stdout)
    f = data["findings"][0]
    assert {"table", "sector", "region", "figure", "published", "recomputed", "verdict"} <= set(f)
    text = runner.invoke(cli, ["stats", "check-published"])
    assert "exceeds_whole" in text.stdout and "East of England" in text.stdout
    assert "[ok]" not in text.stdout
    broken = tmp_path / "broken.yml"
    broken.write_text(yaml.safe_dump({"format": "nope"}))
    bad = runner.invoke(cli, ["stats", "check-published", str(broken)])
    assert bad.exit_code == 2 and "not a valid published-figures file" in bad.stderr


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("syntax.yml", b"garbage: [\n", "line 2, column 1: not valid YAML"),
        ("syntax.json", b'{"a":\n', "line 2, column 1: not valid JSON"),
        ("latin1.yml", b"\xff\xfe", "not UTF-8 text"),
        ("list.yml", b"- 1\n", "must be a mapping"),
        ("fields.yml", b"format: whoswatching-published/1\ntables: [{table: x}]\n", "tables.0.kind: Field required"),
    ],
)
def test_cli_bad_published_file_is_a_clear_error_not_a_traceback(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    bad = runner.invoke(cli, ["stats", "check-published", str(path)])
    assert bad.exit_code == 2, bad.output
    assert bad.exception is None or isinstance(bad.exception, SystemExit)
    assert expected in bad.stderr and "Traceback" not in bad.stderr
    assert "errors.pydantic.dev" not in bad.stderr


def test_report_and_build_with_a_bad_published_file_exit_2_without_a_traceback(tmp_path, small_csv):
    broken = tmp_path / "broken.yml"
    broken.write_text("garbage: [\n")
    for args in (["report", "--out", str(tmp_path / "r")], ["build", "--out", str(tmp_path / "b")]):
        res = runner.invoke(cli, ["stats", *args, "--input", str(small_csv), "--published", str(broken)])
        assert res.exit_code == 2, res.output
        assert isinstance(res.exception, SystemExit)
        assert "not valid YAML" in res.stderr
        missing = runner.invoke(cli, ["stats", *args, "--input", str(small_csv), "--published",
                                      str(tmp_path / "none.yml")])
        assert missing.exit_code == 2 and "none.ymlisnotafile" in re.sub(r"[\s│]+", "", missing.output)
    assert not (tmp_path / "r").exists() and not (tmp_path / "b").exists()
