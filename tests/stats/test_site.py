from __future__ import annotations

import hashlib
import json

from typer.testing import CliRunner

from whoswatching.cli import cli
from whoswatching.stats.coded import read_coded_csv
from whoswatching.stats.report.site import build_site

runner = CliRunner()


def test_build_site_writes_both_denominators_and_a_manifest(small_csv, tmp_path):
    out = tmp_path / "site"
    (out / "stale").mkdir(parents=True)
    (out / "stale" / "old.html").write_text("old generation")
    m = build_site(read_coded_csv(small_csv), out, findings={"summary": {"ok": 1}, "findings": []})
    assert not (out / "stale").exists()  # the whole folder is replaced
    assert set(m.data["denominators"]) == {"valid", "responses"}
    assert m.data["default_denominator"] == "valid"
    for section in m.data["denominators"].values():
        assert (out / section["index"]).is_file()
        for f in section["files"]:
            data = (out / f["path"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == f["sha256"]
    assert json.loads((out / "manifest.json").read_text()) == m.data
    assert (out / "published-checks.json").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary folders left


def test_cli_build(small_csv, tmp_path):
    result = runner.invoke(cli, ["stats", "build", "--input", str(small_csv), "--out", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "s" / "responses" / "report.xlsx").is_file()
