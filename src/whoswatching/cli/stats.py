"""``whoswatching stats`` commands: tables, published-figure checks and reports from coded results."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from whoswatching.cli._output import print_json, print_table
from whoswatching.stats.coded import CODEBOOK_VERSION, CodedInputError, CodedTable, read_coded_csv
from whoswatching.stats.counts import DENOMINATORS
from whoswatching.stats.intervals import fmt_pct

app = typer.Typer(help="Statistics from coded replies: tables, checks of published figures, reports.",
                  no_args_is_help=True)

InputOpt = Annotated[Path, typer.Option("--input", "-i", help="Coded-results CSV (one row per body).",
                                        exists=True, dir_okay=False, readable=True)]
DenominatorOpt = Annotated[str, typer.Option(
    help="Denominator of every percentage: 'valid' (responses - refused; the seed's stated method) "
         "or 'responses'.")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="Censoring date for open requests "
                                             "(YYYY-MM-DD; default: the latest date in the data).")]
PopulationOpt = Annotated[list[str] | None, typer.Option(
    "--population", help="Register size of a sector for extrapolation, SECTOR=N (repeatable; "
                         "default: the number of rows of that sector).")]
CodebookOpt = Annotated[str, typer.Option("--codebook-version", help="Codebook version the codes follow.")]


def _working_days() -> Callable[..., int] | None:
    """The campaigns deadline engine's working-day counter, when that module provides one.

    Imported here (the CLI sits above both domains) and passed into stats, which must not import
    the campaigns domain."""
    try:
        from whoswatching.campaigns import deadlines
    except ImportError:
        return None
    return getattr(deadlines, "working_days_between", None)


def _load(path: Path, codebook_version: str) -> CodedTable:
    try:
        table = read_coded_csv(path, codebook_version=codebook_version)
    except CodedInputError as exc:
        sys.stderr.write(f"{exc}\n")
        raise typer.Exit(2) from exc
    for w in table.warnings:
        sys.stderr.write(f"warning: {w}\n")
    return table


def _published_findings(published: Path | None) -> dict[str, Any] | None:
    """Checked figures of ``--published`` ('seed' = the shipped transcription); a bad file exits 2."""
    if published is None:
        return None
    from whoswatching.stats.checks import check_published
    from whoswatching.stats.published import PublishedFileError, load_published

    if str(published) != "seed" and not published.is_file():
        raise typer.BadParameter(f"{published} is not a file (or give 'seed' for the seed report's figures)",
                                 param_hint="--published")
    try:
        pub = load_published(None if str(published) == "seed" else published)
    except PublishedFileError as exc:
        sys.stderr.write(f"{published}: not a valid published-figures file (format whoswatching-published/1):\n"
                         f"{exc}\n")
        raise typer.Exit(2) from exc
    return check_published(pub).to_json()


def _check_denominator(denominator: str) -> None:
    if denominator not in DENOMINATORS:
        raise typer.BadParameter(f"use one of: {', '.join(DENOMINATORS)}", param_hint="--denominator")


def _population(items: list[str] | None) -> dict[str, int] | None:
    if not items:
        return None
    out = {}
    for item in items:
        sector, _, n = item.partition("=")
        if not n.strip().isdigit():
            raise typer.BadParameter(f"{item!r}: write SECTOR=N, e.g. school=3343", param_hint="--population")
        out[sector.strip()] = int(n)
    return out


def _as_of(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise typer.BadParameter("write YYYY-MM-DD", param_hint="--as-of") from exc


def _pct_cell(row: dict[str, Any], key: str) -> str:
    return f"{row[key]} ({fmt_pct(row.get(f'{key}_pct'))})"


@app.command("tables")
def tables_cmd(
    input: InputOpt,
    denominator: DenominatorOpt = "valid",
    as_of: AsOfOpt = None,
    population: PopulationOpt = None,
    codebook_version: CodebookOpt = CODEBOOK_VERSION,
    json_out: Annotated[bool, typer.Option("--json", help="Print every table as JSON.")] = False,
    show: Annotated[list[str] | None, typer.Option(
        "--show", help="Tables to print without --json (repeatable): sectors, regions, nations, capabilities, "
                       "exemptions, response-times, extrapolation, all.")] = None,
) -> None:
    """Tables by sector, region, nation and capability from a coded-results CSV.

    Percentages are of the named denominator with Wilson 95% intervals; n/a where it is zero.

    Example:
        whoswatching stats tables --input coded.csv --denominator valid --json
    """
    from whoswatching.stats.tables import build_tables

    _check_denominator(denominator)
    table = _load(input, codebook_version)
    result = build_tables(table, denominator=denominator, as_of=_as_of(as_of),
                          working_days=_working_days(), population=_population(population))
    if json_out:
        print_json(result.to_json())
        return
    show = show or ["sectors", "extrapolation"]
    for name in (SHOWABLE if "all" in show else show):
        if name not in SHOWABLE:
            raise typer.BadParameter(f"{name!r}: choose from {', '.join(SHOWABLE)} or all", param_hint="--show")
        _HUMAN[name](result)
    sys.stdout.write(f"{result.meta['method']}\ninput sha256 {result.meta['input_sha256']}, "
                     f"codebook {result.meta['codebook_version']}\n")


def _brand_rows(rows: list[dict[str, Any]], first: str) -> list[dict[str, Any]]:
    return [
        {first: r[first], "requests": r["requests"], "responses": r["responses"], "refused": r["refused"],
         "n": r["n"], "Hikvision": _pct_cell(r, "hikvision"), "Dahua": _pct_cell(r, "dahua"),
         "either": _pct_cell(r, "either"), "any Chinese": _pct_cell(r, "any_chinese")}
        for r in rows
    ]


def _show_sectors(t: Any) -> None:
    print_table(_brand_rows([*t.sectors, t.overall], "sector"),
                title=f"By sector (% of {t.meta['denominator']}; intervals in --json and the report)")


def _show_regions(t: Any) -> None:
    rows = [{"sector": r["sector"], **b} for r, b in zip(t.regions, _brand_rows(t.regions, "region"), strict=True)]
    print_table(rows, title=f"By region within sector (% of {t.meta['denominator']})")


def _show_nations(t: Any) -> None:
    rows = [{"sector": r["sector"], **b} for r, b in zip(t.nations, _brand_rows(t.nations, "nation"), strict=True)]
    print_table(rows, title=f"By nation within sector (% of {t.meta['denominator']})")


def _show_capabilities(t: Any) -> None:
    from whoswatching.stats.coded import CAPABILITIES

    rows = [{"sector": r["sector"], "n": r["n"], "total with any": _pct_cell(r, "any"),
             **{c: f"{r[c]}/{r[c + '_in_use']}" for c in CAPABILITIES}} for r in t.capabilities]
    print_table(rows, title="Capabilities: present/in use (total with any as % of the denominator)")


def _show_exemptions(t: Any) -> None:
    print_table([{k: r[k] for k in ("sector", "law", "exemption", "bodies", "responses")}
                 | {"% of responses": fmt_pct(r["of_responses_pct"])} for r in t.exemptions],
                title="Exemptions cited")


def _show_response_times(t: Any) -> None:
    print_table([{k: ("n/a" if v is None else v) for k, v in r.items() if k != "curve"} for r in t.response_times],
                title=f"Days to reply (Kaplan-Meier; open requests censored at {t.meta['as_of']})")
    print_table([{k: ("n/a" if v is None else v) for k, v in r.items() if not k.endswith("ci95")}
                 for r in t.lateness], title=f"Lateness ({t.meta['lateness_unit']})")


def _show_extrapolation(t: Any) -> None:
    out = sys.stdout
    out.write("Extrapolation to the whole register (assumptions beside each number):\n")
    for e in t.extrapolation:
        est = "n/a" if e["estimate"] is None else f"{e['estimate']:,.0f}"
        rng = "" if e["low"] is None else f" (range {e['low']:,.0f}–{e['high']:,.0f})"
        out.write(f"  {e['method']}: {est}{rng}\n")
        for a in e["assumptions"]:
            out.write(f"      - {a}\n")
        out.write(f"      source: {e['reference']}\n")


_HUMAN = {
    "sectors": _show_sectors, "regions": _show_regions, "nations": _show_nations,
    "capabilities": _show_capabilities, "exemptions": _show_exemptions,
    "response-times": _show_response_times, "extrapolation": _show_extrapolation,
}
SHOWABLE = tuple(_HUMAN)


@app.command("check-published")
def check_published_cmd(
    file: Annotated[Path | None, typer.Argument(help="Published-figures file (YAML/JSON); default: the "
                                                     "shipped transcription of the seed report.",
                                                dir_okay=False)] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print every finding as JSON.")] = False,
    show_all: Annotated[bool, typer.Option("--all", help="Also list the figures that check out.")] = False,
) -> None:
    """Recompute a published report's figures from its own raw counts and list what does not add up.

    Exit status 0 when every figure checks out, 1 when any does not.

    Example:
        whoswatching stats check-published --json
        whoswatching stats check-published my-report.yml
    """
    from whoswatching.stats.checks import check_published
    from whoswatching.stats.published import PublishedFileError, load_published

    if file is not None and not file.is_file():
        raise typer.BadParameter(f"{file} is not a file (leave FILE out to check the seed's figures)",
                                 param_hint="FILE")
    try:
        pub = load_published(file)
    except PublishedFileError as exc:
        sys.stderr.write(f"{file}: not a valid published-figures file (format whoswatching-published/1):\n{exc}\n")
        raise typer.Exit(2) from exc
    report = check_published(pub)
    if json_out:
        print_json(report.to_json())
    else:
        _print_findings(report, show_all=show_all)
    if any(f.verdict != "ok" for f in report.findings):
        raise typer.Exit(1)


def _print_findings(report: Any, *, show_all: bool) -> None:
    src = report.source
    out = sys.stdout
    out.write(f"{src['publisher']}: {src['title']} ({src['published']})\n")
    out.write(f"Stated method: {src.get('method_quote') or src['stated_denominator']}\n\n")
    current = None
    for f in report.findings:
        if f.verdict == "ok" and not show_all:
            continue
        if f.section != current:
            current = f.section
            out.write(f"{current}\n")
        where = " / ".join(x for x in (f.table, f.region) if x)
        out.write(f"  [{f.verdict}] {where}: {f.figure} = {f.published}\n      {f.reason}\n")
        if f.quote:
            out.write(f"      quote: \"{f.quote}\"\n")
    counts = ", ".join(f"{v} {k}" for k, v in report.counts().items() if v)
    out.write(f"\n{len(report.findings)} figures checked: {counts}\n")


@app.command("report")
def report_cmd(
    input: InputOpt,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the report files into.",
                                      file_okay=False)] = Path("stats-report"),
    denominator: DenominatorOpt = "valid",
    formats: Annotated[str, typer.Option("--formats", help="Comma-separated: html,xlsx,csv,json,svg.")] =
        "html,xlsx,csv,json,svg",
    published: Annotated[Path | None, typer.Option(
        "--published", help="Also check a published-figures file and add the findings to the report "
                            "('seed' for the shipped transcription of the seed report).")] = None,
    as_of: AsOfOpt = None,
    population: PopulationOpt = None,
    codebook_version: CodebookOpt = CODEBOOK_VERSION,
    title: Annotated[str, typer.Option("--title", help="Report title.")] =
        "Who's watching? Hikvision and Dahua in UK public bodies",
) -> None:
    """Write the report: self-contained HTML (tables, charts, map, method notes), XLSX, CSV, JSON, SVG.

    The same input gives the same files apart from one stamped line (HTML and JSON).

    Example:
        whoswatching stats report --input coded.csv --out report/ --published seed
    """
    from whoswatching.stats.report.build import FORMATS, build_report

    _check_denominator(denominator)
    fmts = tuple(f.strip() for f in formats.split(",") if f.strip())
    bad = [f for f in fmts if f not in FORMATS]
    if bad:
        raise typer.BadParameter(f"unknown {', '.join(bad)}; choose from {', '.join(FORMATS)}",
                                 param_hint="--formats")
    findings = _published_findings(published)
    table = _load(input, codebook_version)
    result = build_report(table, out, denominator=denominator, formats=fmts, as_of=_as_of(as_of),
                          working_days=_working_days(), population=_population(population), findings=findings,
                          title=title)
    for path in result.files:
        sys.stdout.write(f"{path}\n")


@app.command("build")
def build_cmd(
    input: Annotated[Path | None, typer.Option("--input", "-i", help="Coded-results CSV (one row per body).",
                                               exists=True, dir_okay=False, readable=True)] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder the public statistics pages serve "
                                                                 "(replaced as a whole; CSV route).",
                                             file_okay=False)] = None,
    campaign: Annotated[str | None, typer.Option(
        "--campaign", help="Build from a campaign's accepted codes in the database (slug or id) as a draft "
                           "publication, instead of --input/--out.")] = None,
    publish: Annotated[bool, typer.Option("--publish", help="With --campaign: publish the build (hidden until "
                                                            "the campaign's embargo date, if any).")] = False,
    published: Annotated[Path | None, typer.Option(
        "--published", help="Published-figures file to check and include ('seed' for the seed report).")] = None,
    as_of: AsOfOpt = None,
    population: PopulationOpt = None,
    codebook_version: CodebookOpt = CODEBOOK_VERSION,
) -> None:
    """Build the statistics folder for the web: a report per denominator and a manifest.json.

    From a CSV (--input, --out), or from a campaign's accepted codes (--campaign; every reply must be
    accepted first), recorded as a publication that staff preview and publish at /stats/staff/.

    Example:
        whoswatching stats build --input coded.csv --out var/stats --published seed
        whoswatching stats build --campaign my-campaign --publish
    """
    if campaign is not None:
        if input is not None or out is not None:
            raise typer.BadParameter("use either --campaign or --input/--out", param_hint="--campaign")
        _build_campaign(campaign, publish=publish)
        return
    if input is None or out is None:
        raise typer.BadParameter("give --input and --out (a CSV), or --campaign SLUG (the database)",
                                 param_hint="--input")
    from whoswatching.stats.report.site import build_site

    findings = _published_findings(published)
    table = _load(input, codebook_version)
    manifest = build_site(table, out, findings=findings, as_of=_as_of(as_of), working_days=_working_days(),
                          population=_population(population))
    files = sum(len(s["files"]) for s in manifest.data["denominators"].values())
    sys.stdout.write(f"{manifest.path} ({files} files, input sha256 {table.source_sha256})\n")


def _build_campaign(ref: str, *, publish: bool) -> None:
    """The database route: ``publishing.services.publication_build`` (+ ``publication_publish``)."""
    from whoswatching.cli._django import setup_django

    setup_django()
    from whoswatching.campaigns.errors import CampaignError
    from whoswatching.campaigns.services import campaign_get
    from whoswatching.publishing import services

    try:
        campaign = campaign_get(ref)
        pub = services.publication_build(campaign, by="cli")
        if publish:
            pub = services.publication_publish(pub, by="cli")
    except (CampaignError, services.PublishingError) as exc:
        sys.stderr.write(f"{exc}\n")
        raise typer.Exit(2) from exc
    embargo = campaign.embargo_until
    hidden = f" (hidden until the embargo ends {embargo.isoformat()})" if publish and not services.is_public(pub) else ""
    sys.stdout.write(f"{pub.folder}/manifest.json ({pub.state}{hidden}; build {pub.build_id}, "
                     f"{pub.bodies} bodies, input sha256 {pub.input_sha256})\n")
