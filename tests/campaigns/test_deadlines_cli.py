import json

from typer.testing import CliRunner

from whoswatching.cli import cli

runner = CliRunner()


def test_due_json_matches_the_issue_example():
    result = runner.invoke(cli, ["deadlines", "due", "--received", "2022-09-08", "--law", "foia", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["due"] == "2022-10-07"
    assert {"date": "2022-09-19", "reason": data["skipped"][4]["reason"]} in data["skipped"]
    assert "State Funeral" in next(s["reason"] for s in data["skipped"] if s["date"] == "2022-09-19")


def test_due_other_laws_and_school():
    for law in ("foisa", "eir", "eisr"):
        result = runner.invoke(cli, ["deadlines", "due", "--received", "2022-09-08", "--law", law, "--json"])
        assert result.exit_code == 0 and json.loads(result.output)["due"] == "2022-10-07"
    result = runner.invoke(cli, ["deadlines", "due", "--received", "2022-09-08", "--body-type", "school", "--json"])
    data = json.loads(result.output)
    assert data["bound_used"] == "working_days_cap" and data["due"] == "2022-12-05"


def test_bad_dates_say_what_is_wrong():
    result = runner.invoke(cli, ["deadlines", "due", "--received", "2022-13-08"])
    assert result.exit_code == 2
    assert "--received" in result.output and "YYYY-MM-DD" in result.output
    result = runner.invoke(cli, ["deadlines", "due", "--received", "2022-09-08", "--term", "nonsense"])
    assert result.exit_code != 0


def test_calendar_and_windows():
    result = runner.invoke(cli, ["deadlines", "calendar", "--year", "2022", "--law", "foisa", "--json"])
    days = {d["date"] for d in json.loads(result.output)}
    assert "2022-11-30" in days and "2022-03-17" not in days
    result = runner.invoke(cli, ["deadlines", "complaint-window", "--final-response", "2022-12-01", "--json"])
    assert json.loads(result.output)["complain_by"] == "2023-01-12"
    result = runner.invoke(cli, ["deadlines", "review-due", "--requested", "2022-11-01", "--law", "foisa", "--json"])
    assert json.loads(result.output)["due"] == "2022-11-29"
