"""``whoswatching intake`` commands through typer's CliRunner."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.intake import samples
from tests.intake.conftest import reply_bytes
from whoswatching.cli import cli
from whoswatching.intake.models import Message

runner = CliRunner()


def invoke(*args):
    return runner.invoke(cli, ["intake", *args], catch_exceptions=False)


def test_extract_json(tmp_path):
    path = tmp_path / "cameras.csv"
    path.write_text("Manufacturer,Model\nHikvision,DS-2CD2143\n")
    result = invoke("extract", str(path), "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["method"] == "csv" and data["tables"] == [[["Manufacturer", "Model"], ["Hikvision", "DS-2CD2143"]]]


def test_extract_quarantined_exit_code(tmp_path):
    path = tmp_path / "bomb.zip"
    path.write_bytes(samples.zip_bomb())
    result = invoke("extract", str(path))
    assert result.exit_code == 3
    assert "zip bomb" in result.stderr


@pytest.mark.django_db
def test_import_eml_pen_and_assign(tmp_path, requests_sent):
    (tmp_path / "a.eml").write_bytes(reply_bytes(frm="x@unknown.example", subject="About cameras"))
    result = invoke("import-eml", str(tmp_path), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["holding_pen"] == 1
    pen = json.loads(invoke("pen", "--json").stdout)
    assert [row["subject"] for row in pen] == ["About cameras"]
    ref = requests_sent["fenwick-police"].reference
    assigned = invoke("assign", str(pen[0]["id"]), ref, "--by", "alice")
    assert assigned.exit_code == 0 and ref in assigned.stdout
    assert Message.objects.get().request.reference == ref
    assert json.loads(invoke("pen", "--json").stdout) == []


@pytest.mark.django_db
def test_assign_without_by_records_the_login(tmp_path, requests_sent):
    (tmp_path / "a.eml").write_bytes(reply_bytes(frm="x@unknown.example", subject="About cameras"))
    invoke("import-eml", str(tmp_path))
    ref = requests_sent["fenwick-police"].reference
    assigned = invoke("assign", str(Message.objects.get().pk), ref)
    assert assigned.exit_code == 0, assigned.output
    assert Message.objects.get().matched_by.startswith("cli")


@pytest.mark.django_db
def test_import_mbox_missing_file_is_clear(tmp_path):
    result = invoke("import-mbox", str(tmp_path / "nope.mbox"))
    assert result.exit_code == 1 and "is not a file" in result.stderr


@pytest.mark.django_db
def test_reextract_and_dismiss(tmp_path, requests_sent):
    (tmp_path / "a.eml").write_bytes(reply_bytes(frm="x@unknown.example", subject="Spam", attachments=[("a.csv", b"a,b\n1,2\n")]))
    invoke("import-eml", str(tmp_path))
    pk = Message.objects.get().pk
    result = invoke("reextract", str(pk))
    assert result.exit_code == 0 and "1 message(s) re-extracted" in result.stdout
    assert invoke("reextract").exit_code == 1
    assert invoke("dismiss", str(pk), "--by", "alice", "--reason", "spam").exit_code == 0
    assert Message.objects.get().match_state == "dismissed"
