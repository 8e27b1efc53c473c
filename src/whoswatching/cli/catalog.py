"""``whoswatching catalog`` commands: thin over ``whoswatching.catalog`` (pure; no database)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from whoswatching.cli._output import console, err_console, print_json, print_table

app = typer.Typer(
    help="The catalogue: makers, brands, model numbers, capabilities, CVEs, facts (shipped data files).",
    no_args_is_help=True,
)

DataOpt = Annotated[
    Path | None, typer.Option("--data", help="Catalogue data directory (default: the one shipped in the package).")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON on stdout instead of a table.")]


def _fail(message: str) -> typer.Exit:
    err_console.print(f"[red]Error:[/red] {message}", markup=True, highlight=False)
    return typer.Exit(1)


def _catalog(data: Path | None):  # -> Catalog; the import stays lazy so `--help` is fast
    from whoswatching.catalog import CatalogError, load_catalog

    try:
        return load_catalog(data)
    except CatalogError as exc:
        raise _fail(str(exc)) from None


def _dump(obj) -> dict:
    return obj.model_dump(mode="json")


@app.command("check")
def check(data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """Validate the catalogue data: schema, references, pattern examples, sources and counts.

    Exits 1 when any check fails, listing every problem with its file and row.

    Example:
        whoswatching catalog check
        whoswatching catalog check --data ./my-catalog --json
    """
    from whoswatching.catalog.checks import COUNT_FLOORS, run_checks

    report = run_checks(data)
    if as_json:
        print_json(report.as_dict())
    else:
        rows = [
            {"count": k, "found": v, "at least": COUNT_FLOORS.get(k, ""),
             "ok": "yes" if v >= COUNT_FLOORS.get(k, 0) else "NO"}
            for k, v in report.counts.items()
        ]
        print_table(rows, title=f"Catalogue {report.path}")
        if report.problems:
            print_table(
                [{"check": p.check, "file": p.file, "row": p.row, "problem": p.message} for p in report.problems],
                title=f"{len(report.problems)} problem(s)",
            )
        else:
            console.print(f"[green]OK[/green]: checks {', '.join(report.checks_run)} all pass.")
    if not report.ok:
        raise typer.Exit(1)


@app.command("identify")
def identify(
    models: Annotated[list[str], typer.Argument(help="One or more model numbers, e.g. DS-2CD2143G2-I.")],
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Say which maker, brand, product line and marketed capabilities a model number belongs to.

    Exits 1 if any model matches no pattern, and names the nearest patterns.

    Example:
        whoswatching catalog identify DS-2CD2143G2-I --json
        whoswatching catalog identify "ipc-hdbw5442e-ze" NVR4104HS-P-4KS2
    """
    cat = _catalog(data)
    found, missing = [], []
    for text in models:
        ident = cat.identify(text)
        if ident is None:
            missing.append(text)
        else:
            found.append(ident)
    if as_json:
        out = [_dump(i) for i in found]
        out += [{"model": cat.normalise_model(t), "error": "no catalogue pattern matches",
                 "nearest": [s.__dict__ for s in cat.suggest(t)]} for t in missing]
        print_json(out if len(models) > 1 else out[0])
    else:
        for i in found:
            who = i.maker or f"maker not established ({i.made_by} only on weak evidence)"
            console.print(f"[bold]{i.model}[/bold]: {who}"
                          + (f" (brand {i.brand}, {i.brand_relation}, {i.brand_grade} evidence)" if i.brand else "")
                          + f", {i.kind}, {i.series}", highlight=False)
            if i.product_line:
                console.print(f"  product line: {i.product_line}", highlight=False)
            if i.capabilities:
                console.print(f"  capabilities: {', '.join(i.capabilities)}", highlight=False)
            if i.capability_details:
                console.print(f"  details: {', '.join(i.capability_details)}", highlight=False)
            for note in i.notes:
                console.print(f"  [dim]note: {note}[/dim]", highlight=False)
            console.print(f"  [dim]pattern {i.pattern}; sources: {' ; '.join(i.source_urls)}[/dim]", highlight=False)
    for text in missing:
        near = ", ".join(f"{s.maker} {s.pattern} (e.g. {s.example})" for s in cat.suggest(text))
        err_console.print(
            f"[red]Error:[/red] no catalogue pattern matches {cat.normalise_model(text)!r}; "
            f"the nearest makers' patterns are: {near}. Check the spelling, or add a pattern with examples to "
            "catalog/data/models/ and run `whoswatching catalog check`.",
            highlight=False,
        )
    if missing:
        raise typer.Exit(1)


@app.command("makers")
def makers(
    chinese: Annotated[bool | None, typer.Option("--chinese/--not-chinese", help="Only (non-)Chinese makers.")] = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List makers with country, state shareholding, brands and facts.

    Example:
        whoswatching catalog makers --chinese
    """
    cat = _catalog(data)
    rows = [m for m in cat.makers.values() if chinese is None or m.chinese == chinese]
    if as_json:
        print_json([_dump(m) for m in rows])
        return
    print_table([
        {"maker": m.name, "country": m.country, "chinese": "yes" if m.chinese else "no",
         "state-linked": {True: "yes", False: "no", None: ""}[m.state_owned],
         "brands": ", ".join(b.name for b in cat.brands_of(m.name)), "facts": len(m.facts),
         "aliases": ", ".join(m.aliases[:3]) + (" ..." if len(m.aliases) > 3 else "")}
        for m in rows
    ], title="Makers")


@app.command("brands")
def brands(
    maker: Annotated[str | None, typer.Option("--maker", help="Only this maker's brands.")] = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List brands with their maker, relation (own/oem) and evidence grade.

    A weak grade never stands in for the maker on its own (codebook: oem_brands).

    Example:
        whoswatching catalog brands --maker Dahua --json
    """
    cat = _catalog(data)
    rows = list(cat.brands.values())
    if maker:
        m = cat.find_maker(maker)
        if m is None:
            raise _fail(f"unknown maker {maker!r}; try one of: {', '.join(cat.makers)}")
        rows = [b for b in rows if b.maker == m.name]
    if as_json:
        print_json([{**_dump(b), "counts_as_maker": b.counts_as_maker} for b in rows])
        return
    print_table([
        {"brand": b.name, "maker": b.maker, "relation": b.relation, "grade": b.grade, "scope": b.scope,
         "evidence": b.evidence[:90] + ("..." if len(b.evidence) > 90 else "")}
        for b in rows
    ], title="Brands")


@app.command("cves")
def cves(
    maker: Annotated[str | None, typer.Option("--maker", help="Only this maker's CVEs (a brand works too).")] = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List catalogued CVEs with CVSS, known-exploited flag and affected series.

    Example:
        whoswatching catalog cves --maker Hikvision
    """
    cat = _catalog(data)
    rows = list(cat.cves)
    if maker:
        who = cat.attribute(maker)
        if who is None:
            raise _fail(f"unknown maker {maker!r}; try one of: {', '.join(cat.makers)}")
        rows = [c for c in rows if c.maker == who.maker]
    if as_json:
        print_json([_dump(c) for c in rows])
        return
    print_table([
        {"cve": c.id, "maker": c.maker + (f" ({c.brand})" if c.brand else ""), "cvss": c.cvss or "",
         "KEV": "yes" if c.known_exploited else "", "published": c.published or "",
         "ranges": len(c.affected), "title": c.title[:70]}
        for c in rows
    ], title="CVEs")


@app.command("cve-status")
def cve_status(
    maker: Annotated[str, typer.Option("--maker", help="Maker or brand, e.g. Hikvision, Amcrest.")],
    model: Annotated[str | None, typer.Option("--model", help="Model number as the device reports it.")] = None,
    firmware: Annotated[str | None, typer.Option("--firmware", help='Firmware, e.g. "V5.4.0 build 160530".')] = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Say, CVE by CVE, whether one device is affected, likely, unknown or not affected.

    Without a firmware version the answer is never "affected".

    Example:
        whoswatching catalog cve-status --maker Hikvision --model DS-2CD2132F-I --firmware "V5.4.0 build 160530"
    """
    cat = _catalog(data)
    if cat.attribute(maker) is None:
        raise _fail(f"unknown maker {maker!r}; try one of: {', '.join(cat.makers)}")
    matches = cat.cve_status(maker, model, firmware)
    if as_json:
        print_json([_dump(m) for m in matches])
        return
    print_table([
        {"cve": m.cve_id, "status": m.status, "KEV": "yes" if m.known_exploited else "", "cvss": m.cvss or "",
         "reason": m.reason}
        for m in matches
    ], title=f"{maker} {model or '(model?)'} {firmware or '(firmware?)'}")


@app.command("facts")
def facts(
    maker: Annotated[str | None, typer.Option("--maker", help="Only facts about this maker.")] = None,
    topic: Annotated[str | None, typer.Option("--topic", help="ownership, ban, investigation, human_rights, security, market")] = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List sourced facts on ownership, bans and investigations (each with its source).

    Example:
        whoswatching catalog facts --maker Hikvision --topic ban
    """
    cat = _catalog(data)
    if maker and cat.find_maker(maker) is None:
        raise _fail(f"unknown maker {maker!r}; try one of: {', '.join(cat.makers)}")
    rows = cat.facts_about(maker, topic=topic)
    if as_json:
        print_json([_dump(f) for f in rows])
        return
    print_table([
        {"id": f.id, "date": f.date or "", "topic": f.topic, "makers": ", ".join(f.makers),
         "after seed": "yes" if f.after_seed else "", "fact": f.text, "source": f.source_url}
        for f in rows
    ], title="Facts")


@app.command("capabilities")
def capabilities(data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """List the codebook's capability taxonomy, its details and the keywords the coder looks for.

    Example:
        whoswatching catalog capabilities --json
    """
    cat = _catalog(data)
    if as_json:
        print_json({
            "capabilities": [_dump(c) for c in cat.capabilities.values()],
            "details": [_dump(d) for d in cat.capability_details.values()],
        })
        return
    rows = [{"name": c.name, "counts under": "(codebook)", "label": c.label, "keywords": ", ".join(c.keywords[:6])}
            for c in cat.capabilities.values()]
    rows += [{"name": d.name, "counts under": d.parent or "-", "label": d.label, "keywords": ", ".join(d.keywords[:6])}
             for d in cat.capability_details.values()]
    print_table(rows, title="Capabilities")


@app.command("product-lines")
def product_lines(
    maker: Annotated[str | None, typer.Option("--maker", help="Only this maker's lines.")] = None,
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List product lines with the analytics each is marketed with, and the source.

    Example:
        whoswatching catalog product-lines --maker Dahua
    """
    cat = _catalog(data)
    m = cat.find_maker(maker) if maker else None
    if maker and m is None:
        raise _fail(f"unknown maker {maker!r}; try one of: {', '.join(cat.makers)}")
    rows = [pl for pl in cat.product_lines.values() if m is None or pl.maker == m.name]
    if as_json:
        print_json([_dump(pl) for pl in rows])
        return
    print_table([
        {"line": pl.name, "maker": pl.maker, "kinds": ", ".join(pl.kinds), "capabilities": ", ".join(pl.capabilities),
         "source": pl.source}
        for pl in rows
    ], title="Product lines")


@app.command("oui")
def oui(
    macs: Annotated[list[str], typer.Argument(help="MAC addresses in any notation (aa:bb:cc:.., aabb.cc.., ...).")],
    data: DataOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Say which maker registered each MAC address's prefix (IEEE registry extract in oui.csv).

    An OUI names the network card's registrant, not necessarily the label on the box.

    Example:
        whoswatching catalog oui c0:56:e3:12:34:56 3C-EF-8C-00-00-01
    """
    from whoswatching.catalog import mac_prefix

    cat = _catalog(data)
    rows = [{"mac": mac, "prefix": mac_prefix(mac), "maker": cat.oui_maker(mac)} for mac in macs]
    if as_json:
        print_json(rows if len(rows) > 1 else rows[0])
    else:
        print_table(rows, title="OUI")


@app.command("export")
def export(
    out: Annotated[Path, typer.Argument(help="File to write: .db/.sqlite for SQLite, .json for JSON.")],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
    data: DataOpt = None,
) -> None:
    """Export the catalogue as flat tables (SQLite for Datasette or DuckDB joins, or JSON).

    Example:
        whoswatching catalog export catalog.db
        datasette catalog.db
    """
    from whoswatching.catalog.export import export_json, export_sqlite

    cat = _catalog(data)
    if out.suffix.lower() not in (".db", ".sqlite", ".sqlite3", ".json"):
        raise _fail(f"{out}: use a .db, .sqlite or .json file name")
    if out.exists():
        if not force:
            raise _fail(f"{out} exists; pass --force to replace it")
        out.unlink()
    counts = export_json(cat, out) if out.suffix.lower() == ".json" else export_sqlite(cat, out)
    err_console.print(f"wrote {out}: " + ", ".join(f"{k} {v}" for k, v in counts.items()), highlight=False)


@app.command("cve-draft")
def cve_draft(
    cve_id: Annotated[str, typer.Argument(help="A CVE id listed in cves.csv, e.g. CVE-2021-33044.")],
    data: DataOpt = None,
) -> None:
    """Print a draft cve_ranges.yml entry read from a cves.csv row's affected/fixed text, for review.

    The draft is a starting point: check every model pattern, version and date against the record
    before adding it to cve_ranges.yml, then run `whoswatching catalog check`.

    Example:
        whoswatching catalog cve-draft CVE-2021-33044 >> draft.yml
    """
    import yaml

    from whoswatching.catalog.cve_text import draft_entry

    try:
        entry = draft_entry(cve_id, data)
    except LookupError as exc:
        raise _fail(str(exc)) from None
    sys.stdout.write(yaml.safe_dump([entry], sort_keys=False, allow_unicode=True, width=110))
