"""``whoswatching registry`` commands: thin over ``whoswatching.registry.services``."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from whoswatching.cli._django import needs_db
from whoswatching.cli._output import console, err_console, print_json, print_table, write_csv

app = typer.Typer(help="The register of public bodies: import, browse, FOI addresses.", no_args_is_help=True)
contacts_app = typer.Typer(help="FOI contact addresses of a body: add, verify, set state, record bounces.", no_args_is_help=True)
app.add_typer(contacts_app, name="contacts")

LIST_COLUMNS = ("slug", "name", "sector", "region", "nation", "identifier_scheme", "identifier", "foi_law")


def _fail(message: str) -> typer.Exit:
    err_console.print(f"[red]Error:[/red] {message}", markup=True, highlight=False)
    return typer.Exit(1)


@contextmanager
def _progress(enabled: bool) -> Iterator:
    """A rich progress bar on stderr (stdout stays clean for --json); yields the services callback."""
    if not enabled:
        yield None
        return
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err_console, transient=True,
    ) as bar:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def _print_report(report, as_json: bool) -> None:
    if as_json:
        print_json(report.to_dict())
        return
    for i, line in enumerate(report.text_lines()):
        console.print(line if i else f"[bold]{line}[/bold]", markup=not i, highlight=False, soft_wrap=True)
    blocked = report.rejected and not report.skip_bad
    if report.outcome == "dry_run" and blocked:
        console.print("Dry run: nothing was written. With these rejected rows --commit would apply nothing: "
                      "fix them, or add --skip-bad to apply the other rows.", soft_wrap=True)
    elif report.outcome == "dry_run":
        console.print("Dry run: nothing was written. Add --commit to apply.")
    elif report.outcome == "refused":
        console.print("Nothing was applied. Fix the rejected rows, or add --skip-bad to apply the others.", soft_wrap=True)


@app.command("sources")
def sources(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List the sources the register imports from, with publisher, licence and bundled file.

    Example:
        whoswatching registry sources
    """
    from whoswatching.registry.sources import all_sources

    rows = [
        {"name": s.name, "title": s.meta.title, "bundled": s.meta.bundled_file or "", "publisher": s.meta.publisher,
         "licence": s.meta.licence, "url": s.meta.url}
        for s in all_sources()
    ]
    if as_json:
        print_json(rows)
    else:
        print_table(rows, columns=("name", "bundled", "licence", "title"))


@app.command("check")
def check() -> None:
    """Check the bundled register files without a database: columns, count assertions, duplicates.

    Exit code 1 when any check fails (run in CI next to `whoswatching catalog check`).

    Example:
        whoswatching registry check
    """
    from whoswatching.registry.sources import check_bundled

    failed = False
    for name, problems in check_bundled().items():
        console.print(f"{name}: {'OK' if not problems else f'{len(problems)} problem(s)'}", highlight=False)
        for problem in problems:
            console.print(f"  {problem}", markup=False, highlight=False)
        failed = failed or bool(problems)
    if failed:
        raise typer.Exit(1)


@app.command("import")
@needs_db
def import_(
    source: str = typer.Argument(..., help="councils, nhs_trusts, police_forces, universities, gias or csv."),
    file: Path = typer.Argument(None, help="File to import (optional for the bundled registers)."),
    commit: bool = typer.Option(False, "--commit", help="Apply the import (default: dry run)."),
    skip_bad: bool = typer.Option(False, "--skip-bad", help="Apply the good rows even if some are rejected."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Import a source file: dry run by default; --commit applies it all-or-nothing.

    Rejected rows are listed with their row number (the header is row 1) and reason. With rejected rows
    nothing is applied unless --skip-bad is given. Re-importing the same file changes nothing. Exit code
    1 when rows were rejected and --skip-bad was not given.

    Example:
        whoswatching registry import gias edubasealldata20261127.csv --commit
        whoswatching registry import csv foi-addresses.csv
    """
    from whoswatching.registry import services
    from whoswatching.registry.errors import RegistryError

    try:
        with _progress(not as_json and sys.stderr.isatty()) as progress:
            report = services.registry_import(source, file, commit=commit, skip_bad=skip_bad, by="cli", progress=progress)
    except RegistryError as exc:
        raise _fail(str(exc)) from None
    _print_report(report, as_json)
    if report.rejected and not skip_bad:
        raise typer.Exit(1)


@app.command("load-bundled")
@needs_db
def load_bundled(
    commit: bool = typer.Option(False, "--commit", help="Apply (default: dry run)."),
    as_json: bool = typer.Option(False, "--json", help="Print the reports as JSON."),
) -> None:
    """Import every register shipped in the package: councils, NHS trusts, police forces, universities.

    Example:
        whoswatching registry load-bundled --commit
    """
    from whoswatching.registry import services

    reports = services.registry_load_bundled(commit=commit, by="cli")
    if as_json:
        print_json([r.to_dict() for r in reports])
        return
    for report in reports:
        for line in report.text_lines():
            console.print(line, markup=False, highlight=False, soft_wrap=True)
    if not commit:
        console.print("Dry run: nothing was written. Add --commit to apply.")


@app.command("list")
@needs_db
def list_(
    sector: str = typer.Option("", help="school, fe_college, university, police, nhs_trust, council, government, devolved, other."),
    region: str = typer.Option("", help='Region, e.g. "North West" (case-insensitive).'),
    nation: str = typer.Option("", help="england, scotland, wales, northern_ireland, uk, or unknown."),
    law: str = typer.Option("", help="foia or foisa."),
    q: str = typer.Option("", "--q", help="Words in the name (accents, case and punctuation ignored)."),
    limit: int = typer.Option(0, help="At most this many bodies (0: all)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (a list of bodies)."),
    as_csv: bool = typer.Option(False, "--csv", help="Print CSV (spreadsheet formulas neutralised)."),
) -> None:
    """List bodies, filtered by sector, region, nation, FOI law and name.

    Example:
        whoswatching registry list --sector council --region "North West" --json
    """
    from whoswatching.registry import services

    filters = services.BodyFilters(sector=sector, region=region, nation=nation, law=law, q=q)
    if filters.errors():
        raise _fail("; ".join(filters.errors()))
    rows = [services.body_public_dict(b) for b in services.body_list(filters, limit=limit or None)]
    if not rows and region:
        from whoswatching.registry.records import canonical_region

        known = [r for r, _ in services.body_facets(filters).region if r]
        if known and canonical_region(region) not in known:
            err_console.print(f"No body has region {region!r}; regions here: {', '.join(sorted(known))}.",
                              markup=False, highlight=False)
    if as_json:
        print_json(rows)
    elif as_csv:
        write_csv(rows, sys.stdout, columns=list(rows[0]) if rows else list(LIST_COLUMNS))
    else:
        print_table(rows, columns=LIST_COLUMNS, title=f"{len(rows)} bodies")


@app.command("show")
@needs_db
def show(
    slug: str = typer.Argument(..., help="The body's slug (see `registry list`)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show one body with its FOI law, source and contact addresses (with state and bounce history).

    Example:
        whoswatching registry show manchester-city-council
    """
    from whoswatching.registry import services
    from whoswatching.registry.errors import RegistryError

    try:
        body = services.body_get(slug)
    except RegistryError as exc:
        raise _fail(str(exc)) from None
    data = services.body_public_dict(body)
    data["contacts"] = services.contact_dicts(body)
    if as_json:
        print_json(data)
        return
    for key, value in data.items():
        if key != "contacts":
            console.print(f"[bold]{key}[/bold]: {value}", highlight=False)
    if data["foi_law_assumed"]:
        console.print("(FOI law assumed: no source gives this body's nation)")
    if not data["contacts"]:
        console.print("contacts: none (add one with `whoswatching registry contacts add`)")
    for c in data["contacts"]:
        primary = " primary" if c["is_primary"] else ""
        console.print(f"contact: {c['email']} [{c['state']}{primary}] bounces {c['bounce_count']}", markup=False)
        for b in c["bounces"]:
            kind = "permanent" if b["permanent"] else "temporary"
            console.print(f"  bounce {b['at']:%Y-%m-%d %H:%M} {kind} {b['reference']} {b['reason']}", markup=False)


@app.command("runs")
@needs_db
def runs(
    source: str = typer.Option("", help="Only this source."),
    limit: int = typer.Option(20, help="How many runs."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show the import history: every dry run and commit with its file hash and counts.

    Example:
        whoswatching registry runs --source gias
    """
    from whoswatching.registry import services

    rows = [
        {"id": r.pk, "when": f"{r.started_at:%Y-%m-%d %H:%M:%S}", "source": r.source, "outcome": r.outcome,
         "file": r.file_name, "sha256": r.file_sha256[:12], "rows": r.rows, "created": r.created,
         "updated": r.updated, "unchanged": r.unchanged, "rejected": r.rejected, "skipped": r.skipped}
        for r in services.source_runs(source=source, limit=limit)
    ]
    if as_json:
        print_json(rows)
    else:
        print_table(rows, title="import runs, newest first")


def _contact_command(func, *args, **kwargs):
    from whoswatching.registry.errors import RegistryError

    try:
        return func(*args, **kwargs)
    except RegistryError as exc:
        raise _fail(str(exc)) from None


@contacts_app.command("add")
@needs_db
def contacts_add(
    slug: str = typer.Argument(..., help="The body's slug."),
    email: str = typer.Argument(..., help="The FOI address."),
    state: str = typer.Option("unverified", help="unverified, verified, bouncing or invalid."),
    primary: bool = typer.Option(False, "--primary", help="Make it the address requests go to."),
) -> None:
    """Add an FOI address to a body (or update it if the body has it already).

    Example:
        whoswatching registry contacts add northmoor-borough-council foi@northmoor.gov.uk --primary
    """
    from whoswatching.registry import services

    result = _contact_command(services.contact_add, slug, email, state=state, primary=primary, source="cli")
    verb = "added" if result.created else ("updated" if result.changed else "unchanged")
    console.print(f"{verb}: {result.contact.email} [{result.contact.state}]", markup=False)


@contacts_app.command("verify")
@needs_db
def contacts_verify(slug: str = typer.Argument(...), email: str = typer.Argument(...)) -> None:
    """Mark an address verified (you checked it, or a reply came from it).

    Example:
        whoswatching registry contacts verify northmoor-borough-council foi@northmoor.gov.uk
    """
    from whoswatching.registry import services

    result = _contact_command(services.contact_verify, slug, email)
    console.print(f"{'verified' if result.changed else 'already verified'}: {result.contact.email}", markup=False)


@contacts_app.command("set-state")
@needs_db
def contacts_set_state(slug: str = typer.Argument(...), email: str = typer.Argument(...),
                       state: str = typer.Argument(..., help="unverified, verified, bouncing or invalid.")) -> None:
    """Set an address's state, e.g. invalid when the body says it is no longer read.

    Example:
        whoswatching registry contacts set-state northmoor-borough-council old@northmoor.gov.uk invalid
    """
    from whoswatching.registry import services

    result = _contact_command(services.contact_set_state, slug, email, state)
    console.print(f"{result.contact.email}: {result.contact.state}", markup=False)


@contacts_app.command("bounce")
@needs_db
def contacts_bounce(
    email: str = typer.Argument(..., help="The address that bounced."),
    temporary: bool = typer.Option(False, "--temporary", help="A temporary (4xx) failure, not a permanent one."),
    reason: str = typer.Option("", help="The bounce's diagnostic text."),
    reference: str = typer.Option("", help="The request reference the bounce was for."),
    slug: str = typer.Option("", help="Only this body's copy of the address."),
) -> None:
    """Record a bounce: permanent marks the address invalid; 3 temporary ones do too.

    Example:
        whoswatching registry contacts bounce foi@northmoor.gov.uk --reason "550 5.1.1 user unknown"
    """
    from whoswatching.registry import services

    contacts = _contact_command(services.contact_bounce_record, email, permanent=not temporary, reason=reason,
                                reference=reference, slug=slug)
    for c in contacts:
        console.print(f"{c.email} ({c.body.slug}): {c.state}, {c.bounce_count} bounce(s)", markup=False)
