"""The ``whoswatching registry`` commands through typer's CliRunner, on the test database."""

import json

import pytest
from typer.testing import CliRunner

from tests.registry.conftest import GIAS_SAMPLE, PLAIN_HEADER, plain_row
from whoswatching.cli import cli
from whoswatching.registry import services
from whoswatching.registry.models import PublicBody

pytestmark = pytest.mark.django_db
runner = CliRunner()


@pytest.fixture
def bundled():
    services.registry_load_bundled(commit=True)


def invoke(*args):
    return runner.invoke(cli, ["registry", *args], catch_exceptions=False)


def test_list_filters_json(bundled):
    result = invoke("list", "--sector", "council", "--region", "North West", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert len(rows) == 38
    assert {r["sector"] for r in rows} == {"council"} and {r["region"] for r in rows} == {"North West"}
    assert "email" not in result.stdout
    foisa = json.loads(invoke("list", "--law", "foisa", "--json").stdout)
    assert len(foisa) == 34 and {r["foi_law"] for r in foisa} == {"foisa"}
    unknown = json.loads(invoke("list", "--nation", "unknown", "--sector", "university", "--json").stdout)
    assert len(unknown) == 145 and all(r["foi_law_assumed"] for r in unknown)
    found = json.loads(invoke("list", "--q", "bolton", "--json").stdout)
    assert [r["name"] for r in found] == ["Bolton Metropolitan Borough Council", "Bolton NHS Foundation Trust"]


def test_list_csv_and_bad_filter(bundled):
    result = invoke("list", "--sector", "police", "--nation", "uk", "--csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("slug,name,sector")
    assert len(result.stdout.splitlines()) == 5
    bad = runner.invoke(cli, ["registry", "list", "--sector", "quango"])
    assert bad.exit_code == 1
    assert "unknown sector 'quango'" in bad.output


def test_import_dry_run_then_commit_then_unchanged():
    dry = invoke("import", "gias", str(GIAS_SAMPLE), "--json")
    assert dry.exit_code == 0
    assert json.loads(dry.stdout)["counts"]["created"] == 8
    assert PublicBody.objects.count() == 0
    assert invoke("import", "gias", str(GIAS_SAMPLE), "--commit").exit_code == 0
    assert PublicBody.objects.count() == 8
    again = json.loads(invoke("import", "gias", str(GIAS_SAMPLE), "--commit", "--json").stdout)
    assert again["counts"]["unchanged"] == 8 and again["outcome"] == "committed"
    history = json.loads(invoke("runs", "--json").stdout)
    assert [r["outcome"] for r in history] == ["committed", "committed", "dry_run"]


def test_import_with_bad_rows_exits_1_and_names_them(write_csv):
    path = write_csv("p.csv", PLAIN_HEADER, [plain_row(name="Northmoor Borough Council", sector="council"),
                                             plain_row(name="", sector="council")])
    result = runner.invoke(cli, ["registry", "import", "csv", str(path), "--commit"])
    assert result.exit_code == 1
    assert "rejected row 3: no name" in result.stdout
    assert "Nothing was applied" in result.stdout
    assert PublicBody.objects.count() == 0
    ok = runner.invoke(cli, ["registry", "import", "csv", str(path), "--commit", "--skip-bad"])
    assert ok.exit_code == 0 and PublicBody.objects.count() == 1


def test_import_errors_are_clear(tmp_path):
    result = runner.invoke(cli, ["registry", "import", "gias"])
    assert result.exit_code == 1 and "give the path of a file" in result.output
    result = runner.invoke(cli, ["registry", "import", "edubase", str(tmp_path / "x.csv")])
    assert result.exit_code == 1 and "unknown source 'edubase'" in result.output


def test_show_and_contacts_commands(bundled):
    assert invoke("contacts", "add", "bolton-metropolitan-borough-council", "foi@bolton.example.gov.uk", "--primary").exit_code == 0
    assert "verified" in invoke("contacts", "verify", "bolton-metropolitan-borough-council", "foi@bolton.example.gov.uk").stdout
    bounce = invoke("contacts", "bounce", "foi@bolton.example.gov.uk", "--temporary", "--reason", "452 mailbox full")
    assert "bouncing" in bounce.stdout
    data = json.loads(invoke("show", "bolton-metropolitan-borough-council", "--json").stdout)
    assert data["identifier"] == "E08000001"
    assert data["contacts"][0]["bounces"][0]["reason"] == "452 mailbox full"
    assert runner.invoke(cli, ["registry", "show", "nowhere"]).exit_code == 1


def test_load_bundled_and_sources():
    result = invoke("load-bundled")
    assert result.exit_code == 0 and "councils: 397 created" in result.stdout and "dry run" in result.stdout
    assert PublicBody.objects.count() == 0
    sources = json.loads(invoke("sources", "--json").stdout)
    assert [s["name"] for s in sources] == ["councils", "nhs_trusts", "police_forces", "universities", "gias", "csv"]


def test_check_command():
    result = runner.invoke(cli, ["registry", "check"])
    assert result.exit_code == 0
    assert "councils: OK" in result.stdout and "universities: OK" in result.stdout


def test_dry_run_with_bad_rows_says_what_commit_would_do(write_csv):
    path = write_csv("p.csv", PLAIN_HEADER, [plain_row(name="Northmoor Borough Council", sector="quango")])
    result = runner.invoke(cli, ["registry", "import", "csv", str(path)])
    assert result.exit_code == 1
    assert "rejected row 2: unknown sector 'quango'" in result.stdout
    assert "--commit would apply nothing" in result.stdout


def test_list_with_a_region_nobody_has_names_the_regions(bundled):
    result = runner.invoke(cli, ["registry", "list", "--region", "Yorkshire & Humber", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert "No body has region 'Yorkshire & Humber'" in result.stderr
    assert "Yorkshire and The Humber" in result.stderr and "North West" in result.stderr
    spelled = runner.invoke(cli, ["registry", "list", "--region", "yorkshire and the humber", "--json"])
    assert json.loads(spelled.stdout) and "No body" not in spelled.stderr
