"""Check a published report's figures against its own raw counts.

For every printed percentage the checker recomputes the value under each denominator the table allows
(``valid`` = responses - refused, the seed's stated method; ``responses``), checks that region rows add
up to the sector totals and that parts never exceed wholes, and evaluates each quoted claim's candidate
derivations. Verdicts:

- ``ok``: reproduces under the stated method (or the only denominator the table offers), rounded as printed;
- ``rounding``: off by less than one unit in the last printed digit (truncated or mis-rounded);
- ``other_denominator`` / ``other_method``: reproduces only under another denominator or derivation;
- ``irreproducible``: no derivation from the printed counts gives the figure;
- ``inconsistent_total``: rows do not add up to the table's total (e.g. a region left out);
- ``exceeds_whole``: a part is larger than its whole (e.g. users of either brand above Hikvision + Dahua).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from whoswatching.stats.published import (
    CAPABILITY_FIELDS,
    Claim,
    MissingFact,
    PublishedFile,
    Row,
    Table,
    evaluate,
    parse_printed,
)

VERDICTS = ("ok", "rounding", "other_denominator", "other_method", "irreproducible", "inconsistent_total",
            "exceeds_whole")


@dataclass(frozen=True)
class Finding:
    table: str
    section: str
    sector: str | None
    region: str | None
    figure: str
    published: str | int | float | None
    recomputed: dict[str, Any]
    verdict: str
    reason: str = ""
    quote: str = ""

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        if not d["quote"]:
            d.pop("quote")
        return d


@dataclass
class CheckReport:
    source: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(VERDICTS, 0)
        for f in self.findings:
            out[f.verdict] += 1
        return out

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "summary": self.counts(), "findings": [f.to_json() for f in self.findings]}


def round_as_printed(value: float, decimals: int) -> float:
    q = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(q, rounding=ROUND_HALF_UP))


def _pct(k: float, n: float) -> float | None:
    return None if not n else 100.0 * k / n


def judge(published: float, decimals: int, candidates: list[tuple[str, float | None, bool, str]]) -> tuple[str, str]:
    """Verdict for a printed value against ``(label, value, stated, verdict_if_match)`` candidates."""
    unit = 10.0 ** -decimals
    usable = [c for c in candidates if c[1] is not None]
    for label, value, stated, verdict in usable:
        if abs(round_as_printed(value, decimals) - published) < 1e-9:  # type: ignore[arg-type]
            return ("ok", f"= {label}") if stated else (verdict, f"reproduces only as {label}")
    for label, value, stated, verdict in usable:
        if abs(value - published) < unit:  # type: ignore[operator]
            return (("rounding", f"{label} = {value:.4g}, printed {published:g}") if stated
                    else (verdict, f"close only as {label} = {value:.4g} (and mis-rounded)"))
    shown = "; ".join(f"{c[0]} = {c[1]:.4g}" for c in usable) or "no denominator available"
    return "irreproducible", f"no derivation gives {published:g}: {shown}"


def _finding(t: Table, row: Row | None, figure: str, published: Any, recomputed: dict[str, Any],
             verdict: str, reason: str) -> Finding:
    return Finding(table=t.table, section=t.section, sector=t.sector,
                   region=row.region_name if row is not None else None, figure=figure, published=published,
                   recomputed=recomputed, verdict=verdict, reason=reason)


def _part_checks(t: Table, row: Row | None, pairs: list[tuple[str, int | None, str, int | None]]) -> list[Finding]:
    out = []
    for part, pv, whole, wv in pairs:
        if pv is None or wv is None:
            continue
        if pv > wv:
            out.append(_finding(t, row, part, pv, {whole: wv}, "exceeds_whole", f"{part} ({pv}) > {whole} ({wv})"))
    return out


def _implied_count(p: float, decimals: int, n: int) -> int | None:
    """The whole count k with k / n printing as ``p``, if there is one."""
    if not n:
        return None
    k = round(p * n / 100.0)
    return k if abs(round_as_printed(100.0 * k / n, decimals) - p) < 1e-9 else None


def check_sector(t: Table, facts: dict[str, dict[str, float]]) -> list[Finding]:
    out: list[Finding] = []
    for row in t.rows:
        c = row.counts
        f = facts.setdefault(t.sector, {})
        f.update({k: float(v) for k, v in c.items()})
        valid = c["responses"] - c["refused"] if "refused" in c and "responses" in c else None
        if valid is not None:
            f["valid"] = valid
        whole = valid if valid is not None else c.get("responses")
        out += _part_checks(t, row, [("responses", c.get("responses"), "requests", c.get("requests")),
                                     ("refused", c.get("refused"), "responses", c.get("responses"))]
                            + [(b, c.get(b), "valid" if valid is not None else "responses", whole)
                               for b in ("hikvision", "dahua", "either", "other_chinese")])
        parts = [c[k] for k in ("hikvision", "not_hikvision", "not_known") if k in c]
        if len(parts) == 3 and valid is not None:
            ok = sum(parts) == valid
            out.append(_finding(t, row, "hikvision + not_hikvision + not_known", sum(parts), {"valid": valid},
                                "ok" if ok else "inconsistent_total",
                                "the answers add up to the valid responses" if ok
                                else f"answers add up to {sum(parts)}, valid responses are {valid}"))
        dens = {"valid": valid, "responses": c.get("responses")}
        for key, text in row.printed.items():
            p, d, _ = parse_printed(text)
            brand = key.removesuffix("_pct")
            if brand in c:
                rec = {name: _pct(c[brand], n) for name, n in dens.items() if n is not None}
                cands = [(f"{brand} / {name}", v, name == "valid", "other_denominator") for name, v in rec.items()]
                verdict, reason = judge(p, d, cands)
                out.append(_finding(t, row, key, text, {k: _r(v) for k, v in rec.items()}, verdict, reason))
                continue
            out.append(_check_implied_either(t, row, p, d, text, dens, f))
    return out


def _check_implied_either(t: Table, row: Row, p: float, d: int, text: str, dens: dict[str, int | None],
                          f: dict[str, float]) -> Finding:
    """"Hikvision and/or Dahua %" has no printed count: find the whole count it implies and bound it."""
    c = row.counts
    h, da = c.get("hikvision", 0), c.get("dahua", 0)
    lo, hi = max(h, da), h + da
    rec: dict[str, Any] = {}
    implied = {}
    for name, n in dens.items():
        if n is None:
            continue
        k = _implied_count(p, d, n)
        implied[name] = k
        rec[f"implied_count_{name}"] = k
        rec[f"range_{name}"] = [_r(_pct(lo, n)), _r(_pct(hi, n))]
    chosen = next(((name, k) for name, k in implied.items() if k is not None), None)
    both = all(k is not None for k in implied.values()) and len(implied) == 2
    note = ""
    if both and _row_denominator(row, dens) == "responses":
        # Both denominators print as the same figure; the row's other percentages use responses, so the
        # count behind the printed figure is most likely the responses one (it feeds the claims' facts).
        f["either"] = implied["responses"]  # type: ignore[assignment]
        note = (f"; it also prints as {implied['responses']} of {dens['responses']} responses, the denominator "
                "of this row's other percentages, so that count is used for the claims")
    if chosen is None:
        return _finding(t, row, "either_pct", text, rec, "irreproducible",
                        f"no whole number of bodies over valid or responses prints as {text}")
    name, k = chosen
    f.setdefault("either", k)
    if k > hi:
        return _finding(t, row, "either_pct", text, rec, "exceeds_whole",
                        f"{text} of {name} implies {k} users of Hikvision and/or Dahua, more than "
                        f"Hikvision + Dahua = {h} + {da} = {hi}")
    if k < lo:
        return _finding(t, row, "either_pct", text, rec, "exceeds_whole",
                        f"{text} implies {k} users of either brand, fewer than the {lo} of one brand alone")
    if name == "valid":
        return _finding(t, row, "either_pct", text, rec, "ok", f"implies {k} users of {dens['valid']} valid, "
                        f"within [{lo}, {hi}]{note}")
    return _finding(t, row, "either_pct", text, rec, "other_denominator",
                    f"reproduces only over responses ({k} of {dens['responses']}); over valid it cannot")


def _row_denominator(row: Row, dens: dict[str, int | None]) -> str | None:
    """The denominator under which the row's printed brand percentages with counts reproduce (if one)."""
    votes: dict[str, int] = defaultdict(int)
    for key, text in row.printed.items():
        brand = key.removesuffix("_pct")
        if brand not in row.counts:
            continue
        p, d, _ = parse_printed(text)
        for name, n in dens.items():
            v = _pct(row.counts[brand], n) if n else None
            if v is not None and abs(round_as_printed(v, d) - p) < 1e-9:
                votes[name] += 1
    return max(votes, key=lambda k: votes[k]) if votes else None


def check_regions(t: Table, facts: dict[str, dict[str, float]]) -> list[Finding]:
    out: list[Finding] = []
    for row in t.rows:
        c = row.counts
        out += _part_checks(t, row, [
            ("responses", c.get("responses"), "requests", c.get("requests")),
            ("either", c.get("either"), "responses", c.get("responses")),
            ("hikvision", c.get("hikvision"), "either", c.get("either")),
            ("dahua", c.get("dahua"), "either", c.get("either")),
            ("either", c.get("either"), "hikvision + dahua", c.get("hikvision", 0) + c.get("dahua", 0)),
        ])
        for key, text in row.printed.items():
            p, d, _ = parse_printed(text)
            brand = key.removesuffix("_pct")
            value = _pct(c[brand], c["responses"]) if brand in c else None
            verdict, reason = judge(p, d, [(f"{brand} / responses", value, True, "other_denominator")])
            out.append(_finding(t, row, key, text, {"responses": _r(value)}, verdict, reason))
    out.append(_finding(t, None, "denominator", "responses", {"stated": "valid"}, "other_denominator",
                        "the region table has no refused column, so its percentages are of responses, "
                        "not of the stated denominator (responses - refused)"))
    totals = facts.get(t.sector, {})
    listed = [r.region_name for r in t.rows]
    missing = [r for r in t.regions_expected if r not in listed]
    sums: dict[str, int] = defaultdict(int)
    for row in t.rows:
        for k, v in row.counts.items():
            sums[k] += v
    for k, total in sorted(sums.items()):
        if k not in totals:
            continue
        expected = int(totals[k])
        ok = total == expected
        reason = (f"regions add up to the sector total {expected}" if ok else
                  f"regions add up to {total}, the sector table says {expected} (difference {expected - total:+d})"
                  + (f"; regions missing from the table: {', '.join(missing)}" if missing else ""))
        out.append(_finding(t, None, f"sum of {k}", total, {"sector_total": expected},
                            "ok" if ok else "inconsistent_total", reason))
    return out


def check_capabilities(t: Table, facts: dict[str, dict[str, float]]) -> list[Finding]:
    out: list[Finding] = []
    for row in t.rows:
        c = row.counts
        f = facts.setdefault(t.sector, {})
        f.update({f"cap_{k}": float(v) for k, v in c.items()})
        parts = {k: v for k, v in c.items() if k != "any"}
        out += _part_checks(t, row, [(k, v, "any", c.get("any")) for k, v in parts.items()])
        valid = f.get("valid")
        if valid is not None and "any" in c:
            out += _part_checks(t, row, [("any", c["any"], "valid", int(valid))])
        if "any" in c and parts:
            total = sum(parts.values())
            ok = c["any"] <= total
            out.append(_finding(t, row, "any", c["any"], {"sum_of_columns": total, "max_column": max(parts.values())},
                                "ok" if ok else "inconsistent_total",
                                f"the total with any ({c['any']}) is within [{max(parts.values())}, {total}]" if ok
                                else f"the total with any ({c['any']}) exceeds the sum of the capability columns "
                                     f"({total}): some bodies are counted under no column"))
    return out


def check_claim(claim: Claim, facts: dict[str, dict[str, float]]) -> Finding:
    p, d, _ = parse_printed(claim.published)
    values: list[tuple[str, float | None, bool, str]] = []
    rec: dict[str, Any] = {}
    for cand in claim.candidates:
        try:
            v = evaluate(cand.expr, facts)
        except (MissingFact, ZeroDivisionError) as exc:
            rec[cand.label] = f"n/a ({exc})"
            continue
        values.append((cand.label, v, cand.stated, cand.verdict))
        rec[cand.label] = _r(v)
    if claim.comparison == "eq":
        verdict, reason = judge(p, d, values)
    else:
        verdict, reason = _judge_comparison(claim, p, values)
    return Finding(table=f"claim {claim.id}", section=claim.section, sector=None, region=None, figure=claim.id,
                   published=claim.published, recomputed=rec, verdict=verdict, reason=reason, quote=claim.quote)


def _judge_comparison(claim: Claim, p: float, values: list[tuple[str, float | None, bool, str]]) -> tuple[str, str]:
    tests = {
        "gt": lambda v: v > p, "ge": lambda v: v >= p, "lt": lambda v: v < p, "le": lambda v: v <= p,
        "approx": lambda v: abs(v - p) <= claim.tolerance,
    }
    test = tests[claim.comparison]
    words = {"gt": "more than", "ge": "at least", "lt": "less than", "le": "at most",
             "approx": f"about (±{claim.tolerance:g})"}[claim.comparison]
    for stated in (True, False):
        for label, v, is_stated, verdict in values:
            if is_stated == stated and v is not None and test(v):
                return ("ok" if stated else verdict), f"{label} = {v:.4g} is {words} {p:g}"
    shown = "; ".join(f"{c[0]} = {c[1]:.4g}" for c in values if c[1] is not None)
    return "irreproducible", f"not {words} {p:g}: {shown}"


def _r(v: float | None) -> float | None:
    return None if v is None else round(v, 3)


def check_published(pub: PublishedFile) -> CheckReport:
    """Check every table and claim of ``pub``; tables first (they provide the facts claims use)."""
    facts: dict[str, dict[str, float]] = {}
    report = CheckReport(source=pub.source.model_dump())
    order = {"sector": 0, "capabilities": 1, "regions": 2}
    by_table: dict[int, list[Finding]] = {}
    for i, t in sorted(enumerate(pub.tables), key=lambda it: order[it[1].kind]):
        if t.kind == "sector":
            by_table[i] = check_sector(t, facts)
        elif t.kind == "capabilities":
            by_table[i] = check_capabilities(t, facts)
        else:
            by_table[i] = check_regions(t, facts)
    for i in range(len(pub.tables)):  # report in the file's order
        report.findings += by_table[i]
    all_facts: dict[str, float] = defaultdict(float)
    for sector_facts in facts.values():
        for k, v in sector_facts.items():
            all_facts[k] += v
    for cap in CAPABILITY_FIELDS:
        all_facts.setdefault(f"cap_{cap}", 0.0)
    facts["all"] = dict(all_facts)
    report.findings += [check_claim(c, facts) for c in pub.claims]
    return report
