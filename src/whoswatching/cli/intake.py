"""``whoswatching intake`` commands: thin over ``whoswatching.intake.services`` and ``intake.extract``."""

from __future__ import annotations

import getpass
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from whoswatching.cli._django import needs_db
from whoswatching.cli._output import console, err_console, print_json, print_table

app = typer.Typer(help="Receive replies (IMAP, mbox, Maildir, .eml), extract text, match to requests, holding pen.",
                  no_args_is_help=True)


def _fail(message: str) -> typer.Exit:
    err_console.print(f"[red]Error:[/red] {message}", markup=True, highlight=False)
    return typer.Exit(1)


@contextmanager
def _progress(total: int | None, label: str) -> Iterator[Callable]:
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err_console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda _result: bar.advance(task)


def _report(report, as_json: bool) -> None:
    if as_json:
        print_json(asdict(report))
        return
    console.print(
        f"[bold]{report.source}[/bold]: {report.seen} seen, {report.created} new, {report.duplicates} already "
        f"received, {report.matched} matched, {report.holding_pen} to the holding pen, "
        f"{report.quarantined_attachments} attachment(s) quarantined",
        highlight=False,
    )
    for error in report.errors:
        err_console.print(f"[red]failed:[/red] {error}", highlight=False)
    if report.holding_pen:
        console.print("Assign held messages with `whoswatching intake pen` and `whoswatching intake assign`.")


def _run_import(kind: str, target, as_json: bool):  # type: ignore[no-untyped-def]
    from whoswatching.intake import services
    from whoswatching.intake.sources import SOURCES, SourceError

    runner = {"mbox": services.mbox_import, "maildir": services.maildir_import, "eml": services.eml_import}[kind]
    try:
        total = SOURCES[kind].count(target)
        with _progress(total, f"importing {kind}") as step:
            report = runner(target, progress=step)
    except SourceError as exc:
        raise _fail(str(exc)) from None
    _report(report, as_json)
    if report.errors:
        raise typer.Exit(2)


@app.command("fetch-imap")
@needs_db
def fetch_imap(
    idle: bool = typer.Option(False, "--idle", help="Keep watching with IMAP IDLE until interrupted."),
    mailbox: str = typer.Option("INBOX", help="Folder to read."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Fetch new replies from the configured IMAP account (WHOSWATCHING_IMAP_*).

    Each message is processed once, even across restarts: the last UID is committed with each
    message. Messages stay on the server, unflagged.

    Example:
        WHOSWATCHING_IMAP_HOST=imap.example.org WHOSWATCHING_IMAP_USER=foi \\
        WHOSWATCHING_IMAP_PASSWORD=... whoswatching intake fetch-imap --idle
    """
    from whoswatching.intake import services
    from whoswatching.intake.sources import SourceError
    from whoswatching.intake.sources.imap import ImapAccount

    stop = threading.Event()
    try:
        account = ImapAccount.from_config(mailbox=mailbox)
        if idle:
            err_console.print(f"Watching {account.key} (IDLE); Ctrl-C to stop.")
        report = services.imap_fetch(account, idle=idle, stop=stop if idle else None,
                                     progress=lambda r: err_console.print(
                                         f"{'new' if r and r.created else 'seen'}: {r.message.subject[:70] if r else ''}",
                                         highlight=False, markup=False) if idle else None)
    except SourceError as exc:
        raise _fail(str(exc)) from None
    except KeyboardInterrupt:
        stop.set()
        err_console.print("Stopped.")
        return
    _report(report, as_json)


@app.command("import-mbox")
@needs_db
def import_mbox(
    file: Path = typer.Argument(..., help="An mbox file (Thunderbird, mutt, Google Takeout)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Receive every message of an mbox file (already-received ones are skipped).

    Example:
        whoswatching intake import-mbox replies.mbox
    """
    _run_import("mbox", file, as_json)


@app.command("import-maildir")
@needs_db
def import_maildir(
    directory: Path = typer.Argument(..., help="A Maildir folder (with cur/ and new/)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Receive every message of a Maildir folder; the folder is left unchanged.

    Example:
        whoswatching intake import-maildir ~/Maildir/.FOI
    """
    _run_import("maildir", directory, as_json)


@app.command("import-eml")
@needs_db
def import_eml(
    paths: list[Path] = typer.Argument(..., help=".eml files, or folders searched for *.eml."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Receive .eml files (saved from a mail client) or folders of them.

    Example:
        whoswatching intake import-eml saved-replies/ one-more.eml
    """
    _run_import("eml", paths, as_json)


@app.command("extract")
def extract_file(
    file: Path = typer.Argument(..., help="Any document: PDF, DOCX, XLSX, ODS, CSV, image, ZIP, .eml..."),
    as_json: bool = typer.Option(False, "--json", help="Print the whole extraction (text, tables, pages) as JSON."),
    no_ocr: bool = typer.Option(False, "--no-ocr", help="Do not OCR scanned pages and images."),
) -> None:
    """Extract the text and tables of one file, exactly as intake does for an attachment.

    The type is sniffed from the bytes, limits (WHOSWATCHING_MAX_*) apply, and a bad file is
    reported as quarantined with the reason (exit code 3).

    Example:
        whoswatching intake extract response.pdf --json
    """
    import dataclasses

    from whoswatching.intake.extract import Limits, extract

    if not file.is_file():
        raise _fail(f"{file} is not a file")
    limits = Limits.from_config()
    if no_ocr:
        limits = dataclasses.replace(limits, ocr=False)
    result = extract(file.read_bytes(), filename=file.name, limits=limits)
    if as_json:
        print_json(result.to_dict())
    else:
        console.print(f"[bold]{file.name}[/bold]: {result.kind}, method {result.method}"
                      + (f", {result.pages} page(s)" if result.pages else "")
                      + (f" [{', '.join(result.page_methods)}]" if result.page_methods and len(result.page_methods) <= 20 else ""),
                      highlight=False)
        for warning in result.warnings:
            err_console.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
        if result.quarantined:
            err_console.print(f"[red]quarantined:[/red] {result.reason}", highlight=False)
        console.print(result.all_text(), markup=False, highlight=False)
        for title, table in zip(result.table_titles, result.tables, strict=False):
            console.print(f"[dim]table {title}: {len(table)} row(s)[/dim]")
    if result.quarantined:
        raise typer.Exit(3)


@app.command("pen")
@needs_db
def pen(
    limit: int = typer.Option(100, help="Show at most this many messages."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List the holding pen: replies not matched to a request, with suggested requests.

    Example:
        whoswatching intake pen
    """
    from whoswatching.intake import services

    rows = [
        {"id": m.pk, "received": m.received_at.strftime("%Y-%m-%d %H:%M"), "state": m.match_state,
         "from": m.from_addr, "subject": m.subject[:70], "reason": m.match_reason,
         "suggestions": [s["request_ref"] for s in m.suggestions][:3]}
        for m in services.holding_pen_list(limit=limit)
    ]
    if as_json:
        print_json(rows)
        return
    print_table([{**r, "suggestions": " ".join(r["suggestions"])} for r in rows],
                columns=("id", "received", "state", "from", "subject", "suggestions"), title="Holding pen")


def _actor() -> str:
    """Who is at the keyboard, as the campaigns commands record it."""
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no login name in some containers
        return "cli"


@app.command("assign")
@needs_db
def assign(
    message_id: int = typer.Argument(..., help="Message number (from `intake pen`)."),
    reference: str = typer.Argument(..., help="Request reference, e.g. WW-2026-000123."),
    by: str = typer.Option("", "--by", help="Who is assigning (recorded with the match); default: cli:LOGIN."),
) -> None:
    """File a held message against a request by hand.

    Example:
        whoswatching intake assign 42 WW-2026-000123 --by alice
    """
    from whoswatching.intake import services

    try:
        message = services.holding_pen_assign(message_id, reference, by=by or _actor())
    except services.IntakeError as exc:
        raise _fail(str(exc)) from None
    console.print(f"Message {message.pk} filed against {message.request.reference}.", highlight=False)


@app.command("dismiss")
@needs_db
def dismiss(
    message_id: int = typer.Argument(..., help="Message number (from `intake pen`)."),
    by: str = typer.Option("", "--by", help="Who is dismissing it; default: cli:LOGIN."),
    reason: str = typer.Option("", "--reason", help="Why (spam, newsletter, ...)."),
) -> None:
    """Take a held message out of the pen without a request (it stays stored).

    Example:
        whoswatching intake dismiss 43 --by alice --reason "newsletter"
    """
    from whoswatching.intake import services

    try:
        message = services.holding_pen_dismiss(message_id, by=by or _actor(), reason=reason)
    except services.IntakeError as exc:
        raise _fail(str(exc)) from None
    console.print(f"Message {message.pk} dismissed.", highlight=False)


@app.command("reextract")
@needs_db
def reextract(
    message_ids: list[int] = typer.Argument(None, help="Message numbers; none with --quarantined or --all."),
    quarantined: bool = typer.Option(False, "--quarantined", help="Every message with a quarantined attachment."),
    all_messages: bool = typer.Option(False, "--all", help="Every stored message."),
) -> None:
    """Extract stored messages again (after installing OCR, raising a limit or upgrading an extractor).

    Example:
        WHOSWATCHING_MAX_PDF_PAGES=2000 whoswatching intake reextract --quarantined
    """
    from whoswatching.intake import services
    from whoswatching.intake.models import Message

    if message_ids:
        ids = list(message_ids)
    elif quarantined:
        ids = list(Message.objects.filter(attachments__quarantined=True).distinct().values_list("pk", flat=True))
    elif all_messages:
        ids = list(Message.objects.values_list("pk", flat=True))
    else:
        raise _fail("give message numbers, --quarantined or --all")
    failed = 0
    with _progress(len(ids), "re-extracting") as step:
        for pk in ids:
            try:
                services.message_reextract(pk)
            except (services.IntakeError, OSError) as exc:
                failed += 1
                err_console.print(f"[red]message {pk}:[/red] {exc}", highlight=False)
            step(None)
    console.print(f"{len(ids) - failed} message(s) re-extracted, {failed} failed.", highlight=False)
    if failed:
        raise typer.Exit(2)
