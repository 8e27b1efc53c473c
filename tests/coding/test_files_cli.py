"""``whoswatching coding code-file`` and the file reader: formats, bad input, the batch never stops."""

from __future__ import annotations

import json
import re
from email.message import EmailMessage
from pathlib import Path

from typer.testing import CliRunner

from tests.coding.make_corpus import CORPUS
from whoswatching.cli import cli
from whoswatching.coding.files import code_file
from whoswatching.coding.scheme import load_request
from whoswatching.coding.segments import segment

runner = CliRunner()
REPO = Path(__file__).resolve().parents[2]


def _eml(tmp_path: Path, body: str, attachments: list[tuple[str, bytes, str]] = (), name: str = "reply.eml") -> Path:
    msg = EmailMessage()
    msg["From"] = "foi@northmoor.example.gov.uk"
    msg["To"] = "requests@whoswatching.example.org"
    msg["Subject"] = "RE: FOI request"
    msg.set_content(body)
    for fname, data, mime in attachments:
        maintype, subtype = mime.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=fname)
    path = tmp_path / name
    path.write_bytes(bytes(msg))
    return path


def test_eml_with_a_broken_attachment_is_still_coded(tmp_path: Path) -> None:
    path = _eml(tmp_path, "We use 20 Hikvision cameras. Details attached.",
                [("schedule.pdf", b"%PDF-1.7\n garbage that is not a PDF", "application/pdf")])
    out = code_file(path)
    assert "error" not in out
    assert out["uses_hikvision"] is True and out["camera_count"] == 20
    assert any("schedule.pdf" in w for w in out["warnings"])


def test_bare_documents_of_each_format() -> None:
    for name, field, value in [
        ("xlsx-assets-hik.xlsx", "uses_hikvision", True),
        ("ods-assets-mixed.ods", "uses_dahua", True),
        ("docx-qa-0.docx", "uses_hikvision", False),
        ("pdf-police-refusal.pdf", "exemptions", ["FOIA s24(1)", "FOIA s31(1)(a)"]),
        ("txt-reply-dahua.txt", "uses_dahua", True),
        ("html-doc-uniview.html", "other_chinese_brands", ["Uniview"]),
    ]:
        out = code_file(CORPUS / name)
        assert out[field] == value, name
        assert out["file"].endswith(name)


def test_unreadable_inputs_give_an_error_row(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    garbage = tmp_path / "noise.docx"
    garbage.write_bytes(bytes(range(256)) * 8)
    for path in (empty, garbage, tmp_path / "missing.eml"):
        out = code_file(path)
        assert set(out) >= {"file", "error"} and out["error"], path


def test_cli_json_lines_one_object_per_file_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = _eml(tmp_path, "1. No\n2. No\n3. No")
    result = runner.invoke(cli, ["coding", "code-file", str(good), str(tmp_path / "missing.eml"),
                                 str(CORPUS / "police-ncnd-0.eml"), "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [Path(r["file"]).name for r in lines] == ["reply.eml", "missing.eml", "police-ncnd-0.eml"]
    assert lines[0]["uses_hikvision"] is False and "error" in lines[1] and lines[2]["ncnd"] is True


def test_cli_exit_code_is_one_when_every_file_failed(tmp_path: Path) -> None:
    result = runner.invoke(cli, ["coding", "code-file", str(tmp_path / "a.eml"), str(tmp_path / "b.pdf"), "--json"])
    assert result.exit_code == 1


def test_cli_folder_and_readable_summary_escapes_reply_text(tmp_path: Path) -> None:
    _eml(tmp_path, "We use [bold red]Hikvision[/bold red] cameras \x1b[31m.", name="a.eml")
    result = runner.invoke(cli, ["coding", "code-file", str(tmp_path), "--evidence"])
    assert result.exit_code == 0, result.output
    assert "Hikvision" in result.output and "\x1b[31m" not in result.output
    assert "[bold red]" in result.output  # shown literally, not interpreted as markup


def test_request_scheme_is_in_step_with_the_campaign_template() -> None:
    """coding/scheme/request.yml mirrors campaigns/data/templates/request.txt question by question."""
    template = REPO / "src/whoswatching/campaigns/data/templates/request.txt"
    text = template.read_text(encoding="utf-8")
    numbered = dict(re.findall(r"^(\d)\. (.+)$", text, re.M))
    scheme = load_request()
    assert [q.number for q in scheme.questions] == [int(n) for n in sorted(numbered)]
    for q in scheme.questions:
        sent = numbered[str(q.number)].replace("{{ body.name }}", "the body")
        seg = segment(f"{q.number}. {sent}\nNo.")
        assert [u.topics for u in seg.questions] == [q.topics], q.number
        assert seg.units[0].topics == q.topics and seg.units[0].lead


def test_every_coder_and_the_command_are_documented() -> None:
    from whoswatching.coding.rules import CODERS

    readme = (REPO / "src/whoswatching/coding/README.md").read_text(encoding="utf-8")
    docs = (REPO / "docs/coding.md").read_text(encoding="utf-8")
    for coder in CODERS:
        assert f"coders/{coder.__name__.rsplit('.', 1)[-1]}.py" in readme, coder.__name__
    assert "code-file" in docs and "--json" in docs
