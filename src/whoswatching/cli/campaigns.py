"""``whoswatching campaigns``: create, select bodies, preview, check, launch and track FOI campaigns.

Thin over ``whoswatching.campaigns.services``; launch is a dry run until ``--commit``.
"""

from __future__ import annotations

import getpass
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path

import typer
from rich.markup import escape
from rich.progress import Progress

from whoswatching.cli._django import needs_db
from whoswatching.cli._output import console, err_console, print_json, write_csv
from whoswatching.cli._output import print_table as _print_table

app = typer.Typer(help="FOI campaigns: compose, select bodies, launch, track statuses, deadlines and follow-ups.",
                  no_args_is_help=True)
followups_app = typer.Typer(help="Reminders and internal-review letters: draft, approve (sends), discard.",
                            no_args_is_help=True)
app.add_typer(followups_app, name="followups")  # commands: cli/campaign_followups.py

SECTOR_HELP = "Sector (repeatable): school, fe_college, university, police, nhs_trust, council, government, devolved, other."


def print_table(rows, **kwargs) -> None:
    """Rich tables read markup in cells: escape outside text (a body named "[/b]" must not break the output)."""
    _print_table([{k: escape(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows], **kwargs)


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no login name in some containers
        return "cli"


def _fail(message: str, code: int = 2) -> None:
    err_console.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True, highlight=False)
    raise typer.Exit(code)


def _errors():
    from whoswatching.campaigns.compose import TemplateError
    from whoswatching.campaigns.errors import CampaignError
    from whoswatching.campaigns.lifecycle import IllegalTransition
    from whoswatching.campaigns.selection import SelectionError

    return (CampaignError, TemplateError, SelectionError, IllegalTransition, ValueError)


def _campaign(ref: str):
    from whoswatching.campaigns import services

    try:
        return services.campaign_get(ref)
    except _errors() as exc:
        _fail(str(exc))


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"cannot read {path}: {exc}")
    return ""


def _variables(values: list[str]) -> dict[str, str]:
    out = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name.strip().isidentifier():
            raise typer.BadParameter(f"--var {value!r} is not NAME=VALUE")
        out[name.strip()] = text
    return out


def _embargo(value: str):
    """Midnight (Europe/London) at the start of the given day, or None."""
    if not value:
        return None
    from datetime import datetime, time

    from django.utils import timezone

    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"--embargo-until {value!r} is not a date in YYYY-MM-DD form") from None
    return timezone.make_aware(datetime.combine(day, time.min))


@app.command("create")
@needs_db
def create(
    name: str = typer.Option(..., help="Campaign name."),
    template: Path = typer.Option(None, help="Template file ('Subject: ...', blank line, body); default: bundled."),
    var: list[str] = typer.Option([], help="Campaign variable NAME=VALUE (repeatable), e.g. requester_name=Ada Lovelace."),
    bilingual_welsh: bool = typer.Option(False, help="Greet Welsh bodies in Welsh and English."),
    description: str = typer.Option("", help="Free text for staff."),
    embargo_until: str = typer.Option("", help="Keep the campaign's statistics unpublished until this date (YYYY-MM-DD)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Create a draft campaign with a request template (default: the bundled seed questions).

    Example:
        whoswatching campaigns create --name "CCTV 2026" --var "requester_name=Ada Lovelace"
    """
    from whoswatching.campaigns import compose, services

    try:
        tpl = compose.parse_template_file(_read(template)) if template else None
        embargo = _embargo(embargo_until)
        campaign = services.campaign_create(name=name, by=_actor(), template=tpl, variables=_variables(var),
                                            description=description, bilingual_welsh=bilingual_welsh,
                                            embargo_until=embargo)
    except _errors() as exc:
        _fail(str(exc))
    if as_json:
        print_json({"id": campaign.pk, "slug": campaign.slug, "name": campaign.name, "state": campaign.state})
    else:
        console.print(f"created campaign {campaign.pk} [bold]{campaign.slug}[/bold] (draft); next: "
                      f"whoswatching campaigns select {campaign.pk} --sector ...")


@app.command("update")
@needs_db
def update(
    campaign: str = typer.Argument(..., help="Campaign id or slug."),
    template: Path = typer.Option(None, help="New template file ('Subject: ...', blank line, body); draft only."),
    var: list[str] = typer.Option([], help="Set a campaign variable NAME=VALUE (repeatable); others are kept."),
    bilingual_welsh: bool = typer.Option(None, help="Greet Welsh bodies in Welsh and English (or not)."),
    embargo_until: str = typer.Option("", help="Keep the campaign's statistics unpublished until this date (YYYY-MM-DD)."),
) -> None:
    """Change a campaign's variables, settings or (while a draft) its template, e.g. a forgotten requester name.

    Example:
        whoswatching campaigns update cctv-2026 --var "requester_name=Ada Lovelace"
    """
    from whoswatching.campaigns import compose, services

    c = _campaign(campaign)
    try:
        tpl = compose.parse_template_file(_read(template)) if template else None
        c = services.campaign_update(c, template=tpl, variables=_variables(var) or None,
                                     bilingual_welsh=bilingual_welsh, embargo_until=_embargo(embargo_until))
    except _errors() as exc:
        _fail(str(exc))
    console.print(f"updated {escape(c.slug)}; next: whoswatching campaigns check {escape(c.slug)}", highlight=False)


def _select(campaign_ref: str, sector, region, nation, law, list_file, as_json: bool, *, add: bool) -> None:
    from whoswatching.campaigns import services
    from whoswatching.campaigns.selection import BodyFilter

    campaign = _campaign(campaign_ref)
    body_filter = BodyFilter(tuple(sector), tuple(region), tuple(nation), tuple(law))
    if body_filter.is_empty() and list_file is None:
        _fail("choose bodies with --sector/--region/--nation/--law or --list FILE")
    kwargs = {"body_filter": None if body_filter.is_empty() else body_filter}
    if list_file is not None:
        kwargs.update(list_text=_read(list_file), list_name=list_file.name)
    try:
        func = services.campaign_add_bodies if add else services.campaign_select_bodies
        report = func(campaign, by=_actor(), **kwargs)
    except _errors() as exc:
        _fail(str(exc))
    if as_json:
        print_json(asdict(report))
        return
    console.print(f"{report.selected} bodies matched ({report.via}): {report.added} added, {report.already} already "
                  f"in the campaign; {report.total} selected in all.")
    if report.launched:
        console.print(f"{report.launched} requests created and queued at once (the campaign is running).")
    if report.repeated:
        console.print(f"{report.repeated} list rows repeated a body named earlier in the list.")
    if report.unmatched:
        console.print(f"[yellow]{len(report.unmatched)} rows matched no body:[/yellow]")
        print_table([{"line": u.line, "value": u.value, "reason": u.reason} for u in report.unmatched])


@app.command("select")
@needs_db
def select(
    campaign: str = typer.Argument(..., help="Campaign id or slug."),
    sector: list[str] = typer.Option([], help=SECTOR_HELP),
    region: list[str] = typer.Option([], help="Region (repeatable), e.g. 'North West'."),
    nation: list[str] = typer.Option([], help="Nation (repeatable): england, scotland, wales, northern_ireland, uk."),
    law: list[str] = typer.Option([], help="FOI law (repeatable): foia, foisa."),
    list_file: Path = typer.Option(None, "--list", help="CSV of slugs, identifiers or names (header optional)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Add bodies to a draft campaign by filters or an uploaded list; unmatched list rows are reported.

    Example:
        whoswatching campaigns select cctv-2026 --sector school --region "North West"
    """
    _select(campaign, sector, region, nation, law, list_file, as_json, add=False)


@app.command("add-bodies")
@needs_db
def add_bodies(
    campaign: str = typer.Argument(..., help="Campaign id or slug (running)."),
    sector: list[str] = typer.Option([], help=SECTOR_HELP),
    region: list[str] = typer.Option([], help="Region (repeatable)."),
    nation: list[str] = typer.Option([], help="Nation (repeatable)."),
    law: list[str] = typer.Option([], help="FOI law (repeatable)."),
    list_file: Path = typer.Option(None, "--list", help="CSV of slugs, identifiers or names."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Add bodies to a running campaign; their requests are created and queued at once.

    Example:
        whoswatching campaigns add-bodies cctv-2026 --list more-schools.csv
    """
    _select(campaign, sector, region, nation, law, list_file, as_json, add=True)


@app.command("remove-bodies")
@needs_db
def remove_bodies(
    campaign: str = typer.Argument(..., help="Campaign id or slug."),
    body: list[str] = typer.Option([], help="Body slug (repeatable)."),
    list_file: Path = typer.Option(None, "--list", help="CSV of slugs, identifiers or names."),
    note: str = typer.Option("", help="Why (kept in each request's history)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Remove bodies: deselect them (draft) or withdraw their requests and cancel unsent mail (running).

    Example:
        whoswatching campaigns remove-bodies cctv-2026 --body northmoor-borough-council --note "duplicate"
    """
    from whoswatching.campaigns import services
    from whoswatching.registry.models import PublicBody

    c = _campaign(campaign)
    ids = list(PublicBody.objects.filter(slug__in=body).values_list("id", flat=True))
    missing = set(body) - set(PublicBody.objects.filter(slug__in=body).values_list("slug", flat=True))
    if missing:
        _fail(f"no body with slug {', '.join(sorted(missing))}; see `whoswatching campaigns requests {c.pk}`")
    if list_file is not None:
        try:
            match = services.bodies_match_list(_read(list_file))
        except _errors() as exc:
            _fail(str(exc))
        ids += match.ids
        for u in match.unmatched:
            err_console.print(f"[yellow]line {u.line}:[/yellow] {u.reason}")
    if not ids:
        _fail("name bodies with --body SLUG or --list FILE")
    report = services.campaign_remove_bodies(c, body_ids=ids, by=_actor(), note=note)
    if as_json:
        print_json(asdict(report))
        return
    console.print(f"deselected {report.removed}, withdrawn {report.withdrawn}, unsent messages cancelled "
                  f"{report.cancelled}")
    for line in report.kept:
        console.print(f"[yellow]kept[/yellow] {escape(line)}")


@app.command("preview")
@needs_db
def preview(
    campaign: str = typer.Argument(..., help="Campaign id or slug."),
    body: str = typer.Option("", help="Body slug (default: the first selected body)."),
) -> None:
    """Show the request one body gets, rendered with its fields and law (provisional reference before launch).

    Example:
        whoswatching campaigns preview cctv-2026 --body st-aldrics-academy
    """
    from whoswatching.campaigns import services
    from whoswatching.registry.models import PublicBody

    c = _campaign(campaign)
    qs = PublicBody.objects.filter(campaign_targets__campaign=c).order_by("name")
    target = (PublicBody.objects.filter(slug=body).first() if body else qs.first())
    if target is None:
        _fail(f"no body {body!r}" if body else "no bodies selected yet; run `whoswatching campaigns select` first")
    try:
        message = services.campaign_preview(c, body=target)
    except _errors() as exc:
        _fail(str(exc))
    if c.state == "draft":
        err_console.print(f"(provisional reference {message.reference}: the real one is assigned at launch)")
    sys.stdout.write(f"To: {message.to or '(no usable address)'}\nReply-To: {message.reply_to}\n"
                     f"Subject: {message.subject}\nLaw: {message.law}\n\n{message.body}")


def _print_problems(problems) -> None:
    for p in problems:
        colour = "red" if p.level == "error" else "yellow"
        console.print(f"[{colour}]{p.level}[/{colour}] {p.code}: {escape(p.message)}", highlight=False, soft_wrap=True)
        for item in p.items:
            console.print(f"    {item}", highlight=False, markup=False, soft_wrap=True)


@app.command("check")
@needs_db
def check(
    campaign: str = typer.Argument(..., help="Campaign id or slug."),
    months: int = typer.Option(12, help="Warn about bodies asked in another campaign within this many months."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """List what blocks a launch (errors) and what to know first (warnings); exit 1 on errors.

    Example:
        whoswatching campaigns check cctv-2026
    """
    from whoswatching.campaigns import services

    problems = services.campaign_check(_campaign(campaign), duplicate_months=months)
    if as_json:
        print_json([asdict(p) for p in problems])
    elif problems:
        _print_problems(problems)
    else:
        console.print("no problems: ready to launch")
    if any(p.level == "error" for p in problems):
        raise typer.Exit(1)


@app.command("launch")
@needs_db
def launch(
    campaign: str = typer.Argument(..., help="Campaign id or slug."),
    commit: bool = typer.Option(False, "--commit", help="Really create and queue the requests."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Plan the launch (dry run), or with --commit render, store and queue every request in the outbox.

    Example:
        whoswatching campaigns launch cctv-2026 --commit
    """
    from whoswatching.campaigns import services

    c = _campaign(campaign)
    try:
        if commit:
            with Progress(console=err_console, transient=True) as progress:
                task = progress.add_task("rendering and queueing", total=None)

                def tick(done: int, total: int) -> None:
                    progress.update(task, completed=done, total=total)

                plan = services.campaign_launch(c, by=_actor(), commit=True, progress=tick)
        else:
            plan = services.campaign_launch(c, by=_actor())
    except _errors() as exc:
        _fail(str(exc))
    if as_json:
        print_json({**asdict(plan), "errors": len(plan.errors)})
        return
    _print_problems(plan.problems)
    if plan.errors:
        raise typer.Exit(1)
    if commit:
        console.print(f"launched: {plan.created} requests created, {plan.enqueued} queued in the outbox; "
                      f"{len(plan.skipped_no_address)} bodies skipped (no address); "
                      f"{plan.already_requested} already had a request.")
    else:
        print_table([{"body": p.body_name, "to": p.to, "law": p.law} for p in plan.planned[:50]],
                    title=f"dry run: {len(plan.planned)} requests would be sent")
        if len(plan.planned) > 50:
            console.print(f"... and {len(plan.planned) - 50} more")
        console.print(f"{len(plan.skipped_no_address)} skipped (no address), {plan.already_requested} already "
                      "requested. Run again with --commit to launch.")


@app.command("list")
@needs_db
def list_campaigns(as_json: bool = typer.Option(False, "--json")) -> None:
    """List campaigns with their state and request counts.

    Example:
        whoswatching campaigns list --json
    """
    from django.db.models import Count

    from whoswatching.campaigns.models import Campaign

    rows = [
        {"id": c.pk, "slug": c.slug, "name": c.name, "state": c.state, "selected": c.n_targets,
         "requests": c.n_requests, "launched_at": c.launched_at}
        for c in Campaign.objects.annotate(n_targets=Count("targets", distinct=True),
                                           n_requests=Count("requests", distinct=True))
    ]
    print_json(rows) if as_json else print_table(rows)


@app.command("show")
@needs_db
def show(campaign: str = typer.Argument(..., help="Campaign id or slug."),
         as_json: bool = typer.Option(False, "--json")) -> None:
    """Show a campaign: counts by status, sector and region.

    Example:
        whoswatching campaigns show cctv-2026 --json
    """
    from whoswatching.campaigns import services

    c = _campaign(campaign)
    dash = services.campaign_dashboard(c)
    data = {"id": c.pk, "slug": c.slug, "name": c.name, "state": c.state, "launched_at": c.launched_at,
            "embargo_until": c.embargo_until, "selected": dash.selected, "requests": dash.total,
            "by_status": dash.by_status, "by_sector": dict(dash.by_sector), "by_region": dict(dash.by_region)}
    if as_json:
        print_json(data)
        return
    console.print(f"[bold]{escape(c.name)}[/bold] ({c.slug}, {c.state}): {dash.selected} bodies selected, "
                  f"{dash.total} requests", highlight=False)
    print_table([{"status": k, "requests": v} for k, v in dash.by_status.items()], title="by status")
    print_table([{"sector": k, **v} for k, v in dash.by_sector], title="by sector")
    print_table([{"region": k, **v} for k, v in dash.by_region], title="by region")


REQUEST_COLUMNS = ["reference", "body_name", "sector", "region", "law", "to_address", "status", "sent_at",
                   "received_on", "due_on"]


@app.command("requests")
@needs_db
def requests_(
    campaign: str = typer.Argument(..., help="Campaign id or slug."),
    status: list[str] = typer.Option([], help="Only these statuses (repeatable)."),
    search: str = typer.Option("", help="Reference or part of a body name."),
    as_json: bool = typer.Option(False, "--json", help="JSON lines, one request each."),
    as_csv: bool = typer.Option(False, "--csv", help="CSV (formula-neutralised)."),
) -> None:
    """List a campaign's requests.

    Example:
        whoswatching campaigns requests cctv-2026 --status overdue --csv > overdue.csv
    """
    from whoswatching.campaigns.models import Request

    c = _campaign(campaign)
    qs = Request.objects.filter(campaign=c).search(search)
    if status:
        qs = qs.filter(status__in=status)
    rows = list(qs.values(*REQUEST_COLUMNS))
    if as_csv:
        write_csv(rows, sys.stdout, columns=REQUEST_COLUMNS)
    elif as_json:
        from whoswatching.cli._output import print_jsonl

        print_jsonl(rows)
    else:
        print_table(rows, columns=["reference", "body_name", "law", "status", "due_on"])


@app.command("transition")
@needs_db
def transition(
    reference: str = typer.Argument(..., help="Request reference, e.g. WW-2026-000123."),
    status: str = typer.Argument(..., help="New status, e.g. refused, responded, clarification_requested."),
    note: str = typer.Option("", help="Why (kept in the history)."),
) -> None:
    """Move a request to another status, as the life cycle allows.

    Example:
        whoswatching campaigns transition WW-2026-000123 refused --note "s.24 and s.31 cited"
    """
    from whoswatching.campaigns import services

    try:
        request = services.request_transition(services.request_get(reference), status, by=_actor(), note=note)
    except _errors() as exc:
        _fail(str(exc))
    console.print(f"{request.reference} is now {request.status}")


@app.command("clock-event")
@needs_db
def clock_event(
    reference: str = typer.Argument(..., help="Request reference."),
    kind: str = typer.Option(..., help="clarification_requested, clarification_received, fee_notice or fee_paid."),
    on: str = typer.Option(..., help="The day it happened (YYYY-MM-DD)."),
    note: str = typer.Option("", help="Kept in the history."),
) -> None:
    """Record a dated clock event (clarification s.1(3), fees s.10(2)) and show the recomputed due date.

    Example:
        whoswatching campaigns clock-event WW-2026-000123 --kind fee_notice --on 2026-03-11
    """
    from whoswatching.campaigns import services

    try:
        day = date.fromisoformat(on)
        request = services.request_clock_event(services.request_get(reference), kind, on=day, by=_actor(), note=note)
    except _errors() as exc:
        _fail(str(exc))
    console.print(f"{request.reference}: due {request.due_on or 'paused'}", highlight=False)
    if request.due_working:
        console.print(escape(request.due_working), highlight=False, soft_wrap=True)


@app.command("resend")
@needs_db
def resend(
    reference: str = typer.Argument(..., help="Reference of a bounced request."),
    to: str = typer.Option("", help="Corrected address (default: the same one)."),
) -> None:
    """Queue a bounced request again, optionally to a corrected address.

    Example:
        whoswatching campaigns resend WW-2026-000123 --to foi@northmoor.gov.uk
    """
    from whoswatching.campaigns import services

    try:
        request = services.request_resend(services.request_get(reference), by=_actor(), to_address=to)
    except _errors() as exc:
        _fail(str(exc))
    console.print(f"{request.reference} queued again to {request.to_address}")


@app.command("refresh-overdue")
@needs_db
def refresh_overdue(
    today: str = typer.Option("", help="Check as of this date (YYYY-MM-DD); default today."),
    campaign: str = typer.Option("", help="Only this campaign."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Mark requests past their statutory deadline overdue or very overdue (run daily from cron).

    Example:
        whoswatching campaigns refresh-overdue
    """
    from whoswatching.campaigns import services

    try:
        day = date.fromisoformat(today) if today else None
    except ValueError:
        _fail(f"--today {today!r} is not YYYY-MM-DD")
    report = services.requests_refresh_overdue(today=day, by=_actor(),
                                               campaign=_campaign(campaign) if campaign else None)
    if as_json:
        print_json(asdict(report))
    else:
        console.print(f"checked {report.checked}: {report.overdue} now overdue, {report.very_overdue} very overdue, "
                      f"{report.due_changed} due dates recomputed")


@app.command("close")
@needs_db
def close(campaign: str = typer.Argument(..., help="Campaign id or slug.")) -> None:
    """Close a campaign (no more bodies; open requests keep being tracked).

    Example:
        whoswatching campaigns close cctv-2026
    """
    from whoswatching.campaigns import services

    c = services.campaign_close(_campaign(campaign), by=_actor())
    console.print(f"{c.slug} closed")


# The follow-up commands live in their own module (size); importing it registers them on followups_app.
from whoswatching.cli import campaign_followups  # noqa: E402,F401
