"""Top-level ``whoswatching demo``: the whole loop on fictional bodies (``publishing.demo``)."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer

from whoswatching.cli._django import setup_django
from whoswatching.cli._output import console, err_console, print_json

STEPS = ("bodies", "deliver", "replies", "code + accept", "publish")


def register(cli: typer.Typer) -> None:
    cli.command("demo")(demo)


def demo(
    reset: Annotated[bool, typer.Option("--reset", help="Remove the demo's data (and only it), then stop.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print what was done as JSON.")] = False,
    base_url: Annotated[str, typer.Option("--base-url", help="Where `whoswatching serve` listens, for the "
                                                             "links printed at the end.")] = "http://127.0.0.1:8000",
) -> None:
    """Run the whole loop on fictional bodies: campaign, delivery, replies, coding, statistics, publication.

    Creates (or reuses) a sandbox campaign to ~40 fictional bodies, delivers the requests through the
    outbox into local files (never the network), feeds simulated replies (answers, refusals, NCND,
    acknowledgements, XLSX and PDF attachments) through intake, auto-codes them, accepts the codes as
    the "demo" reviewer, builds and publishes the statistics. Safe to run again; touches no other data.

    Example:
        whoswatching demo
        whoswatching demo --reset
    """
    setup_django()
    from pathlib import Path

    from django.conf import settings
    from django.core.management import call_command

    from whoswatching.publishing import demo as service

    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    if reset:
        out = service.demo_reset()
        if as_json:
            print_json(dataclasses.asdict(out))
            return
        console.print(f"Removed the demo: {out.campaigns} campaign(s), {out.requests} request(s), "
                      f"{out.messages} repl(ies), {out.outbox} outbox message(s), {out.publications} "
                      f"publication(s), {out.bodies} fictional bodies.")
        if out.kept_bodies:
            console.print(f"[yellow]Kept {len(out.kept_bodies)} fictional bodies another campaign uses:[/yellow] "
                          + ", ".join(out.kept_bodies))
        return

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("{task.description:<14}"), BarColumn(), MofNCompleteColumn(),
                  console=err_console, transient=as_json) as bar:
        tasks = {name: bar.add_task(name, total=None) for name in STEPS}

        def progress(step: str, done: int, total: int) -> None:
            bar.update(tasks[step], completed=done, total=max(total, 1) if total else 1)

        try:
            report = service.demo_run(progress=progress)
        except service.DemoError as exc:
            err_console.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from exc
    if as_json:
        print_json(dataclasses.asdict(report))
        return
    base = base_url.rstrip("/")
    console.print(f"[bold green]Demo ready[/bold green]: {report.bodies} fictional bodies, {report.requests} "
                  f"requests ({report.delivered} delivered now), {report.replies} replies, {report.accepted} "
                  f"accepted ({report.corrected} corrected by the demo reviewer).")
    for note in report.notes:
        console.print(f"[yellow]{note}[/yellow]")
    console.print("Look at:")
    console.print(f"  statistics      {base}/stats/{report.campaign}/   (run `whoswatching serve` first)")
    console.print(f"  staff pages     {base}/staff/campaigns/{report.campaign}/  and  {base}/stats/staff/")
    console.print(f"  report folder   {report.report_folder}/valid/report.html")
    console.print(f"  sent requests   {report.outbox_folder}/")
    console.print("Remove it with `whoswatching demo --reset`.")
