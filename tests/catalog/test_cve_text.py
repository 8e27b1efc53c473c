"""Drafting structured CVE ranges from a record's free text (reviewed by a person before use)."""

from __future__ import annotations

import csv
import re
from datetime import date

import pytest
import yaml
from typer.testing import CliRunner

from whoswatching.catalog import DATA_DIR, load_catalog
from whoswatching.catalog.cve_text import draft_ranges, model_regex
from whoswatching.catalog.schema import CveRanges
from whoswatching.cli import cli

ROWS = {r["cve"]: r for r in csv.DictReader((DATA_DIR / "cves.csv").open(encoding="utf-8"))}


@pytest.mark.parametrize(
    ("token", "matches", "misses"),
    [
        ("DS-2CD2xx2F-I Series", ["DS-2CD2132F-I", "DS-2CD2532F-IWS"], ["DS-2CD2143G2-I"]),
        ("DS-2DFx", ["DS-2DF5286-AEL"], ["DS-2DE3404W-DE"]),
        ("IPC-HX3XXX", ["IPC-HFW3441T-ZS", "IPC-HDBW3241E-AS"], ["IPC-HFW2431S-S-S2"]),
        ("IPC-XXBXX", ["IPC-HDBW1230E"], ["IPC-HFW1230S"]),
        ("XVR4xxx", ["XVR4104HS"], ["XVR5108HS"]),
        ("VTO75X95X", ["VTO7529521"], ["VTO2101E"]),
        ("DH-SD6CXX", ["SD6C225I-HC"], ["SD49225XA"]),
    ],
)
def test_model_regex(token, matches, misses):
    rx = re.compile("^(DHI?-)?" + model_regex(token))
    assert all(rx.match(m) for m in matches)
    assert not any(rx.match(m) for m in misses)


def test_draft_reads_hikvision_version_ranges():
    row = ROWS["CVE-2017-7921"]
    draft = draft_ranges(row["affected"], row["fixed_in"])
    assert len(draft.ranges) == 7 and not draft.unparsed
    first = draft.ranges[0]
    assert (first.min_version, first.max_version) == ("V5.2.0 build 140721", "V5.4.0 build 160530")
    assert re.match(first.model_pattern, "DS-2CD2132F-I")


def test_draft_agrees_with_the_curated_ranges_of_cve_2017_7921():
    curated = next(c for c in load_catalog().cves if c.id == "CVE-2017-7921").affected
    row = ROWS["CVE-2017-7921"]
    drafted = draft_ranges(row["affected"], row["fixed_in"]).ranges
    assert [(r.min_version.lower(), r.max_version.lower()) for r in drafted] == [
        (r.min_version.lower(), r.max_version.lower()) for r in curated
    ]


def test_draft_reads_dahua_build_dates():
    row = ROWS["CVE-2021-33044"]
    draft = draft_ranges(row["affected"], row["fixed_in"], dahua=True)
    assert {r.build_before for r in draft.ranges} == {date(2021, 6, 1)}
    assert any(re.match(r.model_pattern, "DH-IPC-HFW3441T-ZS") for r in draft.ranges)
    row = ROWS["CVE-2021-33046"]
    draft = draft_ranges(row["affected"], row["fixed_in"], dahua=True)
    assert {(r.build_from, r.build_before) for r in draft.ranges} == {
        (date(2017, 7, 1), date(2021, 8, 1)), (date(2017, 1, 1), date(2021, 8, 1)),
    }


def test_draft_reads_up_to_and_named_builds():
    row = ROWS["CVE-2021-32941"]
    (rng,) = draft_ranges(row["affected"], row["fixed_in"]).ranges
    assert rng.max_version == "V3.4.106 build 200422" and re.match(rng.model_pattern, "N48PBB")
    (rng,) = draft_ranges(ROWS["CVE-2014-4880"]["affected"]).ranges
    assert rng.builds == ("2.2.10 build 131009",)


def test_unreadable_text_is_reported_not_guessed():
    row = ROWS["CVE-2021-36260"]
    draft = draft_ranges(row["affected"], row["fixed_in"])
    assert draft.ranges == [] and draft.unparsed


def test_cve_draft_command_prints_a_valid_entry():
    result = CliRunner().invoke(cli, ["catalog", "cve-draft", "CVE-2017-8229"])
    assert result.exit_code == 0, result.output
    (entry,) = yaml.safe_load(result.stdout)
    parsed = CveRanges.model_validate(entry)
    assert (parsed.maker, parsed.brand) == ("Dahua", "Amcrest")
    assert parsed.affected[0].builds == ("V2.420.AC00.16.R.20160909",)
    bad = CliRunner().invoke(cli, ["catalog", "cve-draft", "CVE-2099-0001"])
    assert bad.exit_code == 1 and "not in" in bad.stderr
