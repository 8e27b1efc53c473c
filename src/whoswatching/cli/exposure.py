"""``whoswatching exposure``: classify scan records, load snapshots, report counts, fetch from Shodan.

Passive analysis only: nothing here sends a packet, except ``fetch`` (Shodan's API, with your key).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from whoswatching.cli._output import err_console, print_table
from whoswatching.exposure import engines as engine_registry
from whoswatching.exposure import ingest
from whoswatching.exposure.catalogue import resolver as default_resolver
from whoswatching.exposure.fingerprint import Classifier
from whoswatching.exposure.rules import load_rules
from whoswatching.exposure.snapshots import SnapshotError, snapshot_load, snapshot_names, snapshot_report

app = typer.Typer(help="Internet-scan exposure analytics (Shodan, Censys, ZGrab2, masscan, nmap).",
                  no_args_is_help=True)

FORMAT_HELP = f"input format ({', '.join(ingest.FORMATS)}); detected when omitted"
ENGINE_HELP = f"query engine ({', '.join(engine_registry.ENGINES)})"


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed:,} records"),
                    TimeElapsedColumn(), console=err_console, transient=True)


@app.command("classify")
def classify(
    files: list[Path] = typer.Argument(..., exists=True, dir_okay=False, help="scan files"),
    as_json: bool = typer.Option(False, "--json", help="one JSON object per input record"),
    fmt: str = typer.Option(None, "--format", help=FORMAT_HELP),
) -> None:
    """Fingerprint each record (pure-Python path) and show maker, brand, model, firmware, rules, CVEs.

    Example:
        whoswatching exposure classify shodan-gb.json.gz --json | head
    """
    classifier = Classifier(load_rules(), default_resolver())
    table = []
    for index, path in enumerate(files):
        try:
            report, rows = ingest.read(path, index=index, fmt=fmt)
        except ingest.UnknownFormat as exc:
            raise typer.BadParameter(str(exc)) from exc
        for row in rows:
            result = classifier.classify(row)
            cves = classifier.resolver.cve(result.maker, result.model, result.firmware)
            out = {"record": row["record"], "input": str(path), "ip": row["ip"], "port": row["port"],
                   "maker": result.maker, "brand": result.brand, "model": result.model,
                   "firmware": result.firmware, "rules": list(result.rules), "confidence": result.confidence,
                   "cve_status": cves.status, "known_exploited": cves.known_exploited, "cves": list(cves.cves)}
            if as_json:
                sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
            else:
                table.append({**out, "rules": ",".join(out["rules"]), "cves": len(out["cves"])})
        _report_input(report)
    if not as_json:
        print_table(table, columns=["record", "ip", "port", "maker", "brand", "model", "firmware", "confidence",
                                    "cve_status", "rules"])


def _report_input(report: ingest.InputReport) -> None:
    err_console.print(f"{report.path}: {report.format}, {report.used:,} records used, {report.skipped:,} skipped"
                      + (f" ({', '.join(f'{k}: {v}' for k, v in report.reasons.items())})" if report.skipped else ""))
    if report.error:
        err_console.print(f"[yellow]{report.path}: {report.error}[/yellow]")


@app.command("load")
def load(
    files: list[Path] = typer.Argument(..., exists=True, dir_okay=False, help="scan files (plain or gzip)"),
    snapshot: str = typer.Option(..., "--snapshot", help="snapshot name"),
    engine: str = typer.Option("duckdb", "--engine", help=ENGINE_HELP),
    fmt: str = typer.Option(None, "--format", help=FORMAT_HELP),
    replace: bool = typer.Option(False, "--replace", help="overwrite an existing snapshot of that name"),
    as_json: bool = typer.Option(False, "--json", help="print the manifest as JSON"),
) -> None:
    """Ingest scan files into a snapshot (Parquet under DATA_DIR/exposure/NAME) and classify them.

    Example:
        whoswatching exposure load shodan-gb.json.gz --snapshot gb-2026-11
    """
    with _progress() as progress:
        task = progress.add_task("ingesting", total=None)
        try:
            manifest = snapshot_load(files, name=snapshot, engine=engine, fmt=fmt, replace=replace,
                                     progress=lambda n: progress.advance(task, n))
        except (SnapshotError, ingest.UnknownFormat, ValueError) as exc:
            raise typer.BadParameter(str(exc)) from exc
    data = manifest.data
    if as_json:
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    for item in data["inputs"]:
        err_console.print(f"{item['path']}: {item['format']}, {item['used']:,} used, {item['skipped']:,} skipped"
                          + (f" {item['reasons']}" if item["skipped"] else "")
                          + (f" [yellow]{item['error']}[/yellow]" if item["error"] else ""))
    counts = data["counts"]
    err_console.print(f"snapshot {snapshot}: {counts['records_used']:,} records used, {counts['records_skipped']:,} "
                      f"skipped; {counts['services_attributed']:,} of {counts['services']:,} services attributed to "
                      f"a maker; {counts['devices']:,} devices; rules {data['rule_version']}")


@app.command("report")
def report(
    snapshot: str = typer.Option(..., "--snapshot", help="snapshot name"),
    by: str = typer.Option("country", "--by", help="maker, country, city, asn, model, firmware, cve or brand"),
    top: int = typer.Option(None, "--top", help="keep the N largest rows per maker (by IPs)"),
    country: str = typer.Option(None, "--country", help="ISO 3166-1 alpha-2 filter, e.g. GB"),
    maker: str = typer.Option(None, "--maker", help="only this maker"),
    engine: str = typer.Option("duckdb", "--engine", help=ENGINE_HELP),
    as_json: bool = typer.Option(False, "--json", help="JSON with the stamp and units"),
    as_csv: bool = typer.Option(False, "--csv", help="CSV on stdout (stamp as # lines)"),
    xlsx: Path = typer.Option(None, "--xlsx", help="write an XLSX workbook here"),
    chart: Path = typer.Option(None, "--chart", help="write a bar chart here (.html, .png, .svg)"),
    uk_map: Path = typer.Option(None, "--map", help="with --by city: write a map of Great Britain here"),
    unit: str = typer.Option("ips", "--unit", help="chart unit: ips, services or devices"),
) -> None:
    """Counts per maker by country, city, ASN, model, firmware or CVE status, in three stated units.

    Example:
        whoswatching exposure report --snapshot gb-2026-11 --by city --top 5 --country GB
    """
    from whoswatching.exposure.report import charts, outputs

    try:
        result = snapshot_report(snapshot, by=by, top=top, country=country, maker=maker, engine=engine)
    except (SnapshotError, ValueError) as exc:
        raise typer.BadParameter(str(exc)) from exc
    if xlsx:
        outputs.write_xlsx(result, xlsx)
        err_console.print(f"wrote {xlsx}")
    if chart:
        charts.save_chart(result, chart, unit=unit)
        err_console.print(f"wrote {chart}")
    if uk_map:
        from whoswatching.exposure.report import maps

        try:
            maps.save_map(result, uk_map, unit=unit)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from exc
        err_console.print(f"wrote {uk_map}")
    if as_json:
        outputs.write_json(result, sys.stdout)
    elif as_csv:
        outputs.write_csv(result, sys.stdout)
    elif not (xlsx or chart or uk_map):
        print_table(result.rows, columns=list(result.columns), title=f"by {by}")
        for line in outputs.stamp_lines(result):
            err_console.print(f"[dim]{line}[/dim]")


@app.command("snapshots")
def snapshots() -> None:
    """List stored snapshots.

    Example:
        whoswatching exposure snapshots
    """
    for name in snapshot_names():
        typer.echo(name)


@app.command("rules")
def rules(as_json: bool = typer.Option(False, "--json")) -> None:
    """List the fingerprint rules in priority order, with the rule-set version.

    Example:
        whoswatching exposure rules
    """
    ruleset = load_rules()
    rows = [{"id": r.id, "field": r.field, "maker": r.maker, "brand": r.brand, "confidence": r.confidence,
             "source": r.source} for r in ruleset.rules]
    if as_json:
        sys.stdout.write(json.dumps({"version": ruleset.version, "rules": rows}, indent=2) + "\n")
    else:
        print_table(rows, title=f"rules {ruleset.version}")


@app.command("fetch")
def fetch_command(
    query: str = typer.Argument(..., help="Shodan search query"),
    out: Path = typer.Option(..., "--out", help="file to write (gzip JSON lines, as `shodan download`)"),
    limit: int = typer.Option(1000, "--limit", help="stop after this many banners (pages after the first cost credits)"),
) -> None:
    """Page through a Shodan search into a local file (needs SHODAN_API_KEY; the only command that uses the network).

    Example:
        SHODAN_API_KEY=... whoswatching exposure fetch 'product:hikvision country:GB' --out gb.json.gz --limit 500
    """
    from whoswatching import config
    from whoswatching.exposure.fetch import FetchError, fetch

    with _progress() as progress:
        task = progress.add_task("fetching", total=limit)
        try:
            result = fetch(query, key=config.SHODAN_API_KEY, out=out, limit=limit,
                           progress=lambda n: progress.advance(task, n))
        except FetchError as exc:
            raise typer.BadParameter(str(exc)) from exc
    err_console.print(f"wrote {result.written:,} banners ({result.pages} pages, {result.total} matching) to {result.path}")
