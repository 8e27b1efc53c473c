"""``whoswatching catalog check``: schema, referential and count assertions over the data files.

Modelled on zavod's dataset assertions: every check is named, every failure names the file and row, and
the counts are floors (a refresh that silently drops brands or CVEs fails CI). Runs in well under a second
on the shipped data.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from whoswatching.catalog.identify import ModelIndex, normalise_model
from whoswatching.catalog.index import LEGAL_FORMS, name_key
from whoswatching.catalog.load import Problem, Sources, read_sources

#: Floors on the shipped data (zavod "assertions"), set at the counts of the last reviewed data: a refresh
#: that silently drops rows fails. Raise them when data is added; never lower them without a reason.
COUNT_FLOORS: dict[str, int] = {
    "makers": 19,
    "chinese makers": 11,
    "non-Chinese makers": 8,
    "brands": 18,
    "capabilities": 6,
    "capability details": 29,
    "product lines": 11,
    "model patterns": 49,
    "pattern examples": 170,
    "CVEs": 17,
    "known-exploited CVEs": 4,
    "facts": 27,
    "OUI prefixes": 138,
}

#: The codebook's six capability names (docs/codebook.md): the taxonomy must carry exactly these.
CODEBOOK_CAPABILITIES = (
    "face_detection", "face_recognition", "thermal", "demographic", "behavioural", "object_detection",
)


@dataclass
class CheckReport:
    """Outcome of all checks: counts, and every problem found."""

    path: Path
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    checks_run: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "path": str(self.path),
            "counts": self.counts,
            "floors": COUNT_FLOORS,
            "checks": self.checks_run,
            "problems": [
                {"check": p.check, "file": p.file, "row": p.row, "message": p.message} for p in self.problems
            ],
        }


def _duplicates(src: Sources) -> None:
    def dup(file: str, names: list[str], what: str) -> None:
        for name, n in Counter(names).items():
            if n > 1:
                src.problem(file, name, f"{what} appears {n} times", "duplicates")

    dup("makers.yml", [m.name for m in src.makers], "maker name")
    owner: dict[str, str] = {}
    names = [("makers.yml", m.name, n) for m in src.makers for n in (m.name, *m.aliases)]
    names += [("makers.yml", m.name, n) for m in src.makers for s in m.subsidiaries for n in (s.name, *s.aliases)]
    names += [("brands.yml", f"brand {b.name}", n) for b in src.brands for n in (b.name, *b.aliases)]
    for file, who, n in names:
        k = name_key(n)
        if len(k) < 2 or k in LEGAL_FORMS:
            src.problem(file, n, f"{who}: alias {n!r} is too short or only a legal form (a YAML comma split?)",
                        "duplicates")
        elif owner.setdefault(k, who) != who:
            src.problem(file, n, f"name/alias used by both {owner[k]} and {who}", "duplicates")
    dup("oem_brands.csv", [b.name for b in src.brands], "brand name")
    dup("capabilities.yml", [c.name for c in src.capabilities] + [d.name for d in src.details], "capability name")
    dup("product_lines.yml", [p.name for p in src.product_lines], "product line")
    dup("models/", [p.id for p in src.patterns], "pattern id")
    dup("facts.yml", [f.id for f in src.facts], "fact id")
    dup("cves.csv", [c.id for c in src.cves], "CVE id")
    dup("oui.csv", [o.prefix for o in src.oui], "OUI prefix")


def referential(src: Sources) -> None:
    """Every reference between files resolves (also run by load_catalog, so lookups never dangle)."""
    makers = {m.name for m in src.makers}
    brands = {b.name for b in src.brands}
    caps = {c.name for c in src.capabilities}
    details = {d.name: d for d in src.details}
    lines = {p.name: p for p in src.product_lines}

    def ref(ok: bool, file: str, row: str, message: str) -> None:
        if not ok:
            src.problem(file, row, message, "references")

    for m in src.makers:
        ref(m.chinese == (m.country == "CN"), "makers.yml", m.name, f"chinese={m.chinese} but country={m.country}")
        ref(not m.state_owned or any(m.name in f.makers and f.topic == "ownership" for f in src.facts),
            "makers.yml", m.name, "state_owned needs an ownership fact in facts.yml")
    for b in src.brands:
        ref(b.maker in makers, "oem_brands.csv", b.name, f"maker {b.maker!r} is not in makers.yml")
        for other in b.other_makers:
            ref(other in makers, "oem_brands.csv", b.name, f"maker {other!r} is not in makers.yml")
        ref(b.name not in makers, "oem_brands.csv", b.name, "a brand may not share a maker's name")
    for d in src.details:
        ref(d.parent is None or d.parent in caps, "capabilities.yml", d.name, f"parent {d.parent!r} is no capability")
    for name in CODEBOOK_CAPABILITIES:
        ref(name in caps, "capabilities.yml", name, "codebook capability missing from the taxonomy")
    for name in caps - set(CODEBOOK_CAPABILITIES):
        ref(False, "capabilities.yml", name, "not a codebook capability (put specific analytics under details)")
    for pl in src.product_lines:
        ref(pl.maker in makers, "product_lines.yml", pl.name, f"maker {pl.maker!r} is not in makers.yml")
        for c in pl.capabilities:
            ref(c in caps, "product_lines.yml", pl.name, f"capability {c!r} is not in the taxonomy")
        for d in pl.capability_details:
            ref(d in details, "product_lines.yml", pl.name, f"capability detail {d!r} is not in the taxonomy")
            parent = details[d].parent if d in details else None
            ref(parent is None or parent in pl.capabilities, "product_lines.yml", pl.name,
                f"detail {d!r} counts under {parent!r}, which the line does not list")
    for p in src.patterns:
        ref(p.maker in makers, f"models/ {p.id}", p.id, f"maker {p.maker!r} is not in makers.yml")
        ref(p.brand is None or p.brand in brands, f"models/ {p.id}", p.id, f"brand {p.brand!r} is not in oem_brands.csv")
        ref(p.product_line is None or p.product_line in lines, f"models/ {p.id}", p.id,
            f"product line {p.product_line!r} is not in product_lines.yml")
        for c in p.capabilities:
            ref(c in caps, f"models/ {p.id}", p.id, f"capability {c!r} is not in the taxonomy")
        for d in p.capability_details:
            ref(d in details, f"models/ {p.id}", p.id, f"capability detail {d!r} is not in the taxonomy")
    for maker, rules in src.suffixes.items():
        ref(maker in makers, "models/", maker, f"suffix rules for unknown maker {maker!r}")
        for s in rules:
            ref(s.product_line is None or s.product_line in lines, "models/", s.id, f"product line {s.product_line!r} unknown")
            for d in s.capability_details:
                ref(d in details, "models/", s.id, f"capability detail {d!r} is not in the taxonomy")
    for c in src.cves:
        ref(c.maker in makers, "cve_ranges.yml", c.id, f"maker {c.maker!r} is not in makers.yml")
        ref(c.brand is None or c.brand in brands, "cve_ranges.yml", c.id, f"brand {c.brand!r} is not in oem_brands.csv")
        ref(not c.known_exploited or bool(c.kev_source_url), "cve_ranges.yml", c.id,
            "known_exploited needs a kev_source_url")
    for f in src.facts:
        for m in f.makers:
            ref(m in makers, "facts.yml", f.id, f"maker {m!r} is not in makers.yml")


def _examples(src: Sources) -> None:
    """Every pattern example identifies to its own pattern; no counter-example does."""
    index = ModelIndex(src.patterns, src.suffixes, {p.name: p for p in src.product_lines}, {d.name: d for d in src.details})
    for p in src.patterns:
        for ex in p.examples:
            got = index.match(normalise_model(ex))
            if got is None or got.id != p.id:
                src.problem(f"models/ {p.id}", ex, f"example identifies as {got.id if got else 'nothing'}, not {p.id}",
                            "examples")
        for ex in p.counter_examples:
            got = index.match(normalise_model(ex))
            if got is not None and got.id == p.id:
                src.problem(f"models/ {p.id}", ex, "counter-example matches the pattern", "examples")


def _sources(src: Sources) -> None:
    """Every fact row carries a source URL that looks like one."""
    url = re.compile(r"^https?://\S+$")

    def check(file: str, row: str, value: str) -> None:
        for part in (v.strip() for v in value.split(" ; ")):
            if not url.match(part):
                src.problem(file, row, f"source_url {part!r} is not a URL", "sources")

    for m in src.makers:
        check("makers.yml", m.name, m.source_url)
        for s in m.subsidiaries:
            check("makers.yml", s.name, s.source_url)
    for b in src.brands:
        check("oem_brands.csv", b.name, b.source_url)
    for pl in src.product_lines:
        check("product_lines.yml", pl.name, pl.source_url)
    for p in src.patterns:
        check("models/", p.id, p.source_url)
    for c in src.cves:
        check("cves.csv", c.id, c.source_url)
        if c.kev_source_url:
            check("cve_ranges.yml", c.id, c.kev_source_url)
    for f in src.facts:
        check("facts.yml", f.id, f.source_url)


def counts(src: Sources) -> dict[str, int]:
    return {
        "makers": len(src.makers),
        "chinese makers": sum(m.chinese for m in src.makers),
        "non-Chinese makers": sum(not m.chinese for m in src.makers),
        "brands": len(src.brands),
        "capabilities": len(src.capabilities),
        "capability details": len(src.details),
        "product lines": len(src.product_lines),
        "model patterns": len(src.patterns),
        "pattern examples": sum(len(p.examples) for p in src.patterns),
        "CVEs": len(src.cves),
        "known-exploited CVEs": sum(c.known_exploited for c in src.cves),
        "facts": len(src.facts),
        "OUI prefixes": len(src.oui),
    }


CHECKS: tuple[tuple[str, Callable[[Sources], None]], ...] = (
    ("duplicates", _duplicates),
    ("references", referential),
    ("examples", _examples),
    ("sources", _sources),
)


def run_checks(path: Path | None = None, *, floors: dict[str, int] | None = None) -> CheckReport:
    """Run every check on a data directory (default: the shipped data). Floors default to COUNT_FLOORS."""
    src = read_sources(path)
    report = CheckReport(path=src.path, checks_run=["schema"])
    for name, check in CHECKS:
        check(src)
        report.checks_run.append(name)
    report.counts = counts(src)
    for what, floor in (COUNT_FLOORS if floors is None else floors).items():
        if report.counts.get(what, 0) < floor:
            src.problem("(all)", what, f"{report.counts.get(what, 0)} found, at least {floor} expected", "counts")
    report.checks_run.append("counts")
    report.problems = src.problems
    return report
