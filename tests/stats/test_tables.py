from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from whoswatching.cli import cli
from whoswatching.stats.coded import read_coded_csv
from whoswatching.stats.tables import build_tables

from .conftest import HEADER

runner = CliRunner()


def _by(rows, **keys):
    return next(r for r in rows if all(r[k] == v for k, v in keys.items()))


def test_sector_counts_valid_denominator(small_csv):
    t = build_tables(read_coded_csv(small_csv))
    council = _by(t.sectors, sector="council")
    assert (council["requests"], council["responses"], council["refused"], council["valid"]) == (5, 4, 1, 3)
    assert (council["hikvision"], council["dahua"], council["either"], council["other_chinese"],
            council["any_chinese"]) == (2, 1, 2, 1, 3)
    assert council["n"] == 3 and council["denominator"] == "valid"
    assert council["hikvision_pct"] == pytest.approx(66.67)
    assert council["hikvision_ci95"] == [20.77, 93.85]
    assert council["hikvision_of_users_pct"] == 100.0
    assert council["dahua_of_users_pct"] == 50.0
    assert council["response_rate_pct"] == 80.0
    assert council["refusal_rate_pct"] == 25.0
    school = _by(t.sectors, sector="school")
    assert (school["requests"], school["responses"], school["response_unknown"], school["valid"]) == (4, 3, 1, 2)
    assert school["brand_unknown"] == 1  # empty codes are unknown, not "no"
    assert school["dahua_pct"] == 50.0


def test_responses_denominator(small_csv):
    t = build_tables(read_coded_csv(small_csv), denominator="responses")
    council = _by(t.sectors, sector="council")
    assert council["n"] == 4 and council["hikvision_pct"] == 50.0


def test_zero_denominator_gives_none_not_zero(small_csv):
    t = build_tables(read_coded_csv(small_csv))
    police = _by(t.sectors, sector="police")
    assert police["n"] == 0
    assert police["hikvision_pct"] is None and police["hikvision_ci95"] is None
    assert police["response_rate_pct"] == 0.0  # 0 of 1 request is a real 0%
    assert police["refusal_rate_pct"] is None


def test_regions_nations_overall(small_csv):
    t = build_tables(read_coded_csv(small_csv))
    assert [r["region"] for r in t.regions if r["sector"] == "council"] == ["North East", "Scotland", "Wales"]
    assert _by(t.regions, sector="police", region="(unknown)")["requests"] == 1
    wales = _by(t.regions, sector="council", region="Wales")
    assert wales["requests"] == 2 and wales["any_chinese"] == 1
    assert _by(t.nations, sector="all", nation="england")["requests"] == 6
    assert t.overall["requests"] == 10 and t.overall["valid"] == 5


def test_capabilities(small_csv):
    t = build_tables(read_coded_csv(small_csv))
    council = _by(t.capabilities, sector="council")
    assert council["any"] == 1 and council["face_detection"] == 1 and council["thermal"] == 1
    assert council["any_in_use"] == 1 and council["thermal_in_use"] == 1 and council["face_detection_in_use"] == 0
    school = _by(t.capabilities, sector="school")
    assert school["object_detection"] == 1 and school["in_use_unknown"] == 1
    assert _by(t.capabilities, sector="police")["any_pct"] is None


def test_exemptions(small_csv):
    t = build_tables(read_coded_csv(small_csv))
    assert _by(t.exemptions, sector="council", exemption="FOISA s35(1)")["of_responses_pct"] == 100.0
    s24 = _by(t.exemptions, sector="school", exemption="FOIA s24(1)")
    assert (s24["law"], s24["bodies"], s24["responses"]) == ("foia", 1, 3)


def test_response_times_and_lateness(small_csv):
    t = build_tables(read_coded_csv(small_csv))
    council = _by(t.response_times, sector="council")
    assert council["median_days"] == 19.0
    school = _by(t.response_times, sector="school")
    assert (school["requests_dated"], school["skipped"]) == (3, 1)
    assert [p["still_open"] for p in council["curve"]] == [0.8, 0.6, 0.4, 0.2]
    late = _by(t.lateness, sector="council")
    assert (late["late"], late["replies_with_due_date"], late["median_lateness"], late["unit"]) == (
        1, 4, 16, "calendar days")


def test_lateness_in_working_days_via_injected_counter(small_csv):
    from whoswatching.campaigns.deadlines import working_days_between

    t = build_tables(read_coded_csv(small_csv), working_days=working_days_between)
    late = _by(t.lateness, sector="council")
    assert late["unit"] == "working days"
    assert late["median_lateness"] == 12  # Wed 29 Sep -> Fri 15 Oct 2021


def test_as_of_default_is_the_latest_date(small_csv):
    t = build_tables(read_coded_csv(small_csv))
    assert t.meta["as_of"] == "2021-10-15"
    t2 = build_tables(read_coded_csv(small_csv), as_of=date(2021, 12, 1))
    assert _by(t2.lateness, sector="all")["open_overdue"] == 2  # the unknown response status is not "open"


def test_meta_carries_hash_codebook_and_method(small_csv):
    t = build_tables(read_coded_csv(small_csv))
    assert len(t.meta["input_sha256"]) == 64
    assert t.meta["codebook_version"] == "1"
    assert "Wilson" in t.meta["method"]


def test_cli_tables_json(small_csv):
    result = runner.invoke(cli, ["stats", "tables", "--input", str(small_csv), "--denominator", "valid", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"sectors", "regions", "capabilities", "overall"} <= set(data)
    row = data["sectors"][0]
    for key in ("sector", "requests", "responses", "refused", "valid", "hikvision", "dahua", "either",
                "hikvision_pct", "dahua_pct", "either_pct", "hikvision_ci95"):
        assert key in row
    assert all(0 <= r["either_pct"] <= 100 for r in data["sectors"] if r["either_pct"] is not None)


def test_cli_tables_human_and_bad_input(write_csv, small_csv):
    ok = runner.invoke(cli, ["stats", "tables", "--input", str(small_csv)])
    assert ok.exit_code == 0 and "n/a" in ok.stdout
    bad = write_csv(HEADER + "St Osyth's,schools,,,maybe,,,,,\n")
    result = runner.invoke(cli, ["stats", "tables", "--input", str(bad)])
    assert result.exit_code == 2
    assert "row 2, column 'sector'" in result.stderr and "row 2, column 'responded'" in result.stderr
    wrong = runner.invoke(cli, ["stats", "tables", "--input", str(small_csv), "--denominator", "all"])
    assert wrong.exit_code != 0


def test_ten_thousand_rows_in_memory():
    from whoswatching.stats.coded import table_from_rows
    from whoswatching.stats.fictional import fictional_bodies

    t = build_tables(table_from_rows(fictional_bodies(2000)))
    assert t.overall["requests"] == 2000
    assert sum(r["requests"] for r in t.sectors) == 2000
    assert sum(r["requests"] for r in t.regions if r["sector"] == "all") == 2000


def test_cli_show_all_prints_assumptions_beside_numbers(small_csv):
    result = runner.invoke(cli, ["stats", "tables", "--input", str(small_csv), "--show", "all"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    for title in ("By region", "By nation", "Capabilities", "Exemptions", "Kaplan-Meier", "Lateness"):
        assert title in out
    assert "seed footnote 13" in out and "missing at random" in out
    bad = runner.invoke(cli, ["stats", "tables", "--input", str(small_csv), "--show", "pie"])
    assert bad.exit_code != 0


def test_unknown_response_status_is_not_a_non_response(small_csv):
    """St Wystan's School has an empty ``responded``: unknown, so it is in neither side of the response
    rate (it used to count as a non-response: 3 of 4 = 75%)."""
    t = build_tables(read_coded_csv(small_csv))
    school = _by(t.sectors, sector="school")
    assert (school["requests"], school["responses"], school["response_unknown"]) == (4, 3, 1)
    assert school["response_rate_pct"] == 100.0 and school["non_response_rate_pct"] == 0.0
    assert school["response_rate_ci95"] == [43.85, 100.0]
    council = _by(t.sectors, sector="council")  # no unknown status: 4 of 5
    assert council["response_rate_pct"] == 80.0 and council["non_response_rate_pct"] == 20.0
