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

from whoswatching.cli._django import needs_db
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


# --- review, agreement and partner data (database) ---------------------------------------------------------

def _campaign(ref: str):
    from whoswatching.campaigns import services as campaigns
    from whoswatching.campaigns.errors import CampaignError

    try:
        return campaigns.campaign_get(ref)
    except CampaignError as exc:
        raise typer.BadParameter(str(exc), param_hint="CAMPAIGN") from exc


@app.command("autocode")
@needs_db
def autocode_command(
    campaign: Annotated[str, typer.Option(help="Only this campaign's replies (slug or id).")] = "",
    force: Annotated[bool, typer.Option(help="Code again even replies that already have a suggestion.")] = False,
) -> None:
    """Auto-code stored replies that have no suggestion yet (or all, with --force); nothing is accepted.

    Each reply is committed on its own, so an interrupted run loses nothing: run it again to finish.

    Example:
        whoswatching coding autocode --campaign cctv-2026
    """
    from whoswatching.coding import services
    from whoswatching.intake.models import Message

    qs = Message.objects.filter(request__isnull=False).order_by("id")
    if campaign:
        qs = qs.filter(request__campaign=_campaign(campaign))
    if not force:
        qs = qs.filter(suggestions_made__isnull=True)
    total = qs.count()
    with Progress(TextColumn("coding"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err_console, transient=True) as bar:
        task = bar.add_task("replies", total=total)
        report = services.replies_autocode(qs.iterator(), force=force, progress=lambda _m: bar.advance(task))
    console.print(f"coded {report.coded}, already coded {report.skipped}, failed {len(report.failed)}")
    for pk, error in report.failed:
        console.print(f"  [red]reply {pk}[/red]: {escape(error)}")
    if report.failed and not report.coded:
        raise typer.Exit(1)


@app.command("review-status")
@needs_db
def review_status_command(
    campaign: Annotated[str, typer.Option(help="Campaign slug or id (default: all).")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """How far review has got: replies, suggested, accepted (by origin), flagged, waiting for people.

    Example:
        whoswatching coding review-status --campaign cctv-2026 --json
    """
    from whoswatching.cli._output import print_json
    from whoswatching.coding import services

    status = services.review_status(campaign=_campaign(campaign) if campaign else None)
    if as_json:
        print_json(status.to_dict())
        return
    for key, value in status.to_dict().items():
        console.print(f"{key.replace('_', ' ')}: {value}")


@app.command("agreement")
@needs_db
def agreement_command(
    campaign: Annotated[str, typer.Argument(help="Campaign slug or id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Cohen's kappa per codebook field over the campaign's double-coded replies ("n/a" when undefined).

    Example:
        whoswatching coding agreement cctv-2026
    """
    from whoswatching.cli._output import print_json, print_table
    from whoswatching.coding import services

    rows = [r.to_dict() for r in services.campaign_agreement(_campaign(campaign))]
    if as_json:
        print_json(rows)
        return
    if not any(r["items"] for r in rows):
        console.print("No reply of this campaign has been coded by two people yet: switch double coding on with "
                      f"`whoswatching coding policy {campaign} --double-coding`, then review.")
        return
    print_table([{k: ("n/a" if v is None else (f"{v:.3f}" if isinstance(v, float) else v)) for k, v in r.items()}
                 for r in rows], title="Cohen's kappa per field")


@app.command("policy")
@needs_db
def policy_command(
    campaign: Annotated[str, typer.Argument(help="Campaign slug or id.")],
    double_coding: Annotated[bool | None, typer.Option("--double-coding/--single-coding",
                                                       help="Two coders per reply, or one.")] = None,
    auto_accept: Annotated[str, typer.Option(help="Confidence (0.5-1.0) above which suggestions are accepted "
                                                  "automatically, or 'off' (the default policy).")] = "",
) -> None:
    """Show or change how a campaign's replies are coded.

    Example:
        whoswatching coding policy cctv-2026 --double-coding --auto-accept off
    """
    from whoswatching.coding import services

    threshold: float | None | str = ""
    if auto_accept:
        try:
            threshold = None if auto_accept.lower() == "off" else float(auto_accept)
        except ValueError as exc:
            raise typer.BadParameter("give a number from 0.5 to 1.0, or 'off'", param_hint="--auto-accept") from exc
    try:
        policy = services.policy_set(_campaign(campaign), double_coding=double_coding, auto_accept_threshold=threshold)
    except services.CodingError as exc:
        raise typer.BadParameter(str(exc), param_hint="--auto-accept") from exc
    auto = "off" if policy.auto_accept_threshold is None else f"at confidence >= {policy.auto_accept_threshold:g}"
    console.print(f"{'double' if policy.double_coding else 'single'} coding; automatic acceptance {auto}")


@app.command("partner-import")
@needs_db
def partner_import_command(
    campaign: Annotated[str, typer.Argument(help="Campaign slug or id.")],
    file: Annotated[Path, typer.Argument(help="The partner's coded-results CSV (format: docs/stats.md).",
                                         exists=True, dir_okay=False)],
    source: Annotated[str, typer.Option(help="Who coded it, as it should be credited.")],
    rule: Annotated[str, typer.Option(help="any_affirmative (the seed's rule), ours_wins or theirs_wins.")]
    = "any_affirmative",
    commit: Annotated[bool, typer.Option(help="Store the import (default: dry run).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Merge another organisation's coded results into a campaign's, logging every disagreement.

    Example:
        whoswatching coding partner-import cctv-2026 partner.csv --source "Partner org" --commit
    """
    from whoswatching.cli._output import print_json
    from whoswatching.coding import services

    try:
        outcome = services.partner_import(_campaign(campaign), data=file.read_bytes(), filename=file.name,
                                          source=source, rule=rule, by="cli", commit=commit)
    except services.CodingError as exc:
        err_console.print(f"[red]rejected[/red]: {escape(str(exc))}")
        raise typer.Exit(2) from exc
    result = {
        "committed": commit, "matched": outcome.matched, "unmatched": outcome.unmatched, "filled": outcome.filled,
        "disagreements": [{"body": d.body, "field": d.field, "ours": d.ours, "theirs": d.theirs, "merged": d.merged}
                          for d in outcome.disagreements],
    }
    if as_json:
        print_json(result)
        return
    console.print(f"{'imported' if commit else 'dry run'}: {outcome.matched} bodies matched, "
                  f"{len(outcome.unmatched)} unmatched, {outcome.filled} unknowns filled, "
                  f"{len(outcome.disagreements)} disagreements")
    for d in result["disagreements"]:
        console.print(f"  {escape(d['body'])}: {d['field']} ours={d['ours']} theirs={d['theirs']} -> {d['merged']}")
    for name in outcome.unmatched:
        console.print(f"  [yellow]unmatched[/yellow]: {escape(name)}")
    if not commit:
        console.print("Nothing stored: add --commit to keep this import.")
