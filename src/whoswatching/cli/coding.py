"""``whoswatching coding`` commands: code reply files against the codebook (no database needed)."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from whoswatching.cli._output import console, err_console

app = typer.Typer(help="Auto-code FOI replies to the codebook (docs/coding.md).", no_args_is_help=True)

#: File types read when a directory is given (anything else in it is skipped, and said so).
SUFFIXES = (".eml", ".pdf", ".docx", ".odt", ".xlsx", ".xls", ".ods", ".csv", ".txt", ".html", ".htm",
            ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".zip")
#: Show a progress bar (on stderr) from this many files.
PROGRESS_FROM = 5


def _expand(paths: list[Path]) -> Iterator[Path]:
    for p in paths:
        if p.is_dir():
            found = sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in SUFFIXES)
            if not found:
                err_console.print(f"[yellow]no reply files in {escape(str(p))}[/yellow] (looked for {', '.join(SUFFIXES)})")
            yield from found
        else:
            yield p


def _plain(text: Any, limit: int = 120) -> str:
    """Reply text made safe for a terminal: control characters dropped, rich markup escaped."""
    s = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in str(text))
    s = " ".join(s.split())
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    return escape(s)


def _yn(value: Any) -> str:
    return {True: "[red]yes[/red]", False: "no", None: "[dim]?[/dim]"}.get(value, str(value))


def _summary(rows: list[dict[str, Any]], *, evidence: bool) -> None:
    """One short block per file (reply text escaped: it is untrusted)."""
    for r in rows:
        console.rule(_plain(r["file"], 100), align="left")
        if "error" in r:
            console.print(f"  [red]error[/red]: {_plain(r['error'], 300)}")
            continue
        flags = [f for f, on in (("refused", r["refused"]), ("NCND", r["ncnd"]), ("not held", r["not_held"])) if on]
        console.print(f"  [bold]{r['kind']}[/bold]" + (f" ({', '.join(flags)})" if flags else ""))
        facts = [
            f"Hikvision {_yn(r['uses_hikvision'])}",
            f"Dahua {_yn(r['uses_dahua'])}",
            f"cameras {'?' if r['camera_count'] is None else r['camera_count']}",
            f"internet {_yn(r['internet_connected'])}",
        ]
        console.print("  " + " · ".join(facts))
        for label, key in (("other Chinese makers", "other_chinese_brands"), ("OEM brands", "oem_brands"), ("models", "models"),
                           ("exemptions", "exemptions")):
            if r[key]:
                console.print(f"  {label}: {_plain(', '.join(r[key]), 300)}")
        if r["capabilities_present"]:
            caps = ", ".join(f"{c}{' (in use)' if c in r['capabilities_in_use'] else ''}" for c in r["capabilities_present"])
            console.print(f"  capabilities: {escape(caps)}")
        for w in r.get("warnings", []):
            console.print(f"  [yellow]warning[/yellow]: {_plain(w, 300)}")
        if evidence:
            for key, quotes in r.get("evidence", {}).items():
                console.print(f"  [dim]{key}[/dim] “{_plain(quotes[0], 200)}”" + (f" [dim](+{len(quotes) - 1})[/dim]" if len(quotes) > 1 else ""))


@app.command("code-file")
def code_file_command(
    paths: Annotated[list[Path], typer.Argument(help="Reply files (.eml with attachments, or PDF, DOCX, XLSX, ODS, TXT, HTML...) or folders of them.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object per file, one per line (JSON lines).")] = False,
    evidence: Annotated[bool, typer.Option("--evidence", help="In the table, show the first quote behind each field.")] = False,
) -> None:
    """Code reply files to the codebook, without a database.

    Each file gives one JSON object ``{"file": PATH, ...codebook fields..., "evidence", "confidence"}``.
    A file that cannot be read gives ``{"file": PATH, "error": "..."}`` and the batch goes on; an
    attachment that cannot be read is named in ``warnings``. The exit code is 0 when at least one
    file was coded, 1 when every file failed. The codes are suggestions for a person to check.

    Example:
        whoswatching coding code-file replies/*.eml --json > coded.jsonl
        whoswatching coding code-file reply.eml letter.pdf --evidence
    """
    from whoswatching.coding.files import code_file

    files = list(_expand(paths))
    if not files:
        err_console.print("[red]no files to code[/red]: give .eml files, documents, or folders containing them")
        raise typer.Exit(1)
    rows: list[dict[str, Any]] = []
    ok = 0
    show_progress = len(files) >= PROGRESS_FROM and err_console.is_terminal
    progress = Progress(TextColumn("coding"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err_console,
                        disable=not show_progress)
    with progress:
        task = progress.add_task("coding", total=len(files))
        for path in files:
            row = code_file(path)
            ok += "error" not in row
            if as_json:
                sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
                sys.stdout.flush()
            else:
                rows.append(row)
            progress.advance(task)
    if not as_json:
        _summary(rows, evidence=evidence)
    failed = len(files) - ok
    if failed:
        err_console.print(f"{ok} coded, [red]{failed} failed[/red] (see \"error\" in the output)")
    if ok == 0:
        raise typer.Exit(1)
