"""The report's tables from a :class:`~whoswatching.stats.coded.CodedTable`: sector, region, nation,
overall, capabilities, exemptions, response times, lateness and extrapolation.

Every percentage is a number from 0 to 100 (two decimals) with its Wilson 95% interval (``*_ci95``) and
its denominator named in ``denominator``/``n``; a zero denominator gives ``None`` (shown as ``n/a``).
Shares "of users" divide by the bodies that use Hikvision or Dahua (``either``) within the denominator.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from whoswatching.stats import extrapolate, survival
from whoswatching.stats.coded import CAPABILITIES, NATIONS, REGIONS, SECTORS, CodedBody, CodedTable
from whoswatching.stats.counts import DENOMINATOR_TEXT, DENOMINATORS, GroupCounts, count_group
from whoswatching.stats.intervals import Share

WorkingDays = Callable[..., int]

BRANDS = ("hikvision", "dahua", "either", "other_chinese", "any_chinese")
METHOD_VERSION = "whoswatching-stats/1"
UNKNOWN_REGION = "(unknown)"


def method_text(denominator: str) -> str:
    return (
        f"Percentages of {DENOMINATOR_TEXT[denominator]}; Wilson score 95% intervals (Wilson 1927); "
        "empty codes are unknown and never counted as users (brand_unknown bodies stay in the denominator, "
        "so a share is a lower bound when it is not 0); a zero denominator is shown as n/a."
    )


def share_fields(prefix: str, count: int, n: int) -> dict[str, Any]:
    s = Share(count, n)
    return {f"{prefix}_pct": s.pct_rounded(2), f"{prefix}_ci95": s.ci_rounded(2)}


def brand_row(c: GroupCounts, denominator: str) -> dict[str, Any]:
    """The per-group row: counts, rates and every brand share with its interval."""
    row: dict[str, Any] = {
        "requests": c.requests,
        "responses": c.responses,
        "response_unknown": c.response_unknown,
        "refused": c.refused,
        "valid": c.valid,
        "denominator": denominator,
        "n": c.n,
    }
    for b in BRANDS:
        row[b] = getattr(c, b)
    row["brand_unknown"] = c.brand_unknown
    for b in BRANDS:
        row |= share_fields(b, getattr(c, b), c.n)
    row |= share_fields("hikvision_of_users", c.hikvision, c.either)
    row |= share_fields("dahua_of_users", c.dahua, c.either)
    row |= share_fields("response_rate", c.responses, c.response_known)
    row |= share_fields("non_response_rate", c.response_known - c.responses, c.response_known)
    row |= share_fields("refusal_rate", c.refused, c.responses)
    return row


def capability_row(c: GroupCounts) -> dict[str, Any]:
    """Present and in-use counts per capability, with the seed's "total with any" column."""
    row: dict[str, Any] = {"n": c.n, "users": c.any_chinese, "any": c.capability_any}
    row |= share_fields("any", c.capability_any, c.n)
    row |= share_fields("any_of_users", c.capability_any, c.any_chinese)
    for cap, k in zip(CAPABILITIES, c.capabilities, strict=True):
        row[cap] = k
        row |= share_fields(cap, k, c.n)
    row["any_in_use"] = c.capability_any_in_use
    row |= share_fields("any_in_use", c.capability_any_in_use, c.n)
    for cap, k in zip(CAPABILITIES, c.capabilities_in_use, strict=True):
        row[f"{cap}_in_use"] = k
        row |= share_fields(f"{cap}_in_use", k, c.n)
    row["in_use_unknown"] = c.in_use_unknown
    return row


def _ordered(keys: Iterable[str], order: tuple[str, ...]) -> list[str]:
    rank = {k: i for i, k in enumerate(order)}
    return sorted(keys, key=lambda k: (rank.get(k, len(order)), k))


def _groups(rows: Iterable[CodedBody], key: Callable[[CodedBody], Any]) -> dict[Any, list[CodedBody]]:
    out: dict[Any, list[CodedBody]] = defaultdict(list)
    for r in rows:
        out[key(r)].append(r)
    return out


def exemption_rows(rows: Iterable[CodedBody]) -> list[dict[str, Any]]:
    """Bodies citing each exemption, per sector and law, as a share of that group's responses."""
    responses: dict[tuple[str, str], int] = defaultdict(int)
    cited: dict[tuple[str, str, str], int] = defaultdict(int)
    for r in rows:
        if r.responded is not True:
            continue
        law = r.law or (r.exemptions[0].split()[0].lower() if r.exemptions else "") or "unknown"
        responses[(r.sector, law)] += 1
        for ex in sorted(set(r.exemptions)):
            cited[(r.sector, law, ex)] += 1
    out = []
    for (sector, law, ex), k in cited.items():
        n = responses[(sector, law)]
        out.append({"sector": sector, "law": law, "exemption": ex, "bodies": k, "responses": n}
                   | share_fields("of_responses", k, n))
    rank = {s: i for i, s in enumerate(SECTORS)}
    out.sort(key=lambda r: (rank.get(r["sector"], 99), r["law"], -r["bodies"], r["exemption"]))
    return out


@dataclass(frozen=True)
class StatsTables:
    """All tables for one input and one denominator; ``to_json()`` is the CLI's ``--json`` shape."""

    meta: dict[str, Any]
    overall: dict[str, Any]
    sectors: list[dict[str, Any]]
    regions: list[dict[str, Any]]
    nations: list[dict[str, Any]]
    capabilities: list[dict[str, Any]]
    exemptions: list[dict[str, Any]]
    response_times: list[dict[str, Any]]
    lateness: list[dict[str, Any]]
    extrapolation: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "meta": self.meta,
            "overall": self.overall,
            "sectors": self.sectors,
            "regions": self.regions,
            "nations": self.nations,
            "capabilities": self.capabilities,
            "exemptions": self.exemptions,
            "response_times": self.response_times,
            "lateness": self.lateness,
            "extrapolation": self.extrapolation,
        }

    #: Table name -> rows, in report order (for XLSX sheets and CSV files).
    def named_tables(self) -> list[tuple[str, list[dict[str, Any]]]]:
        km_points = [
            {"sector": c["sector"], **p} for c in self.response_times for p in c.get("curve", [])
        ]
        km_summary = [{k: v for k, v in c.items() if k != "curve"} for c in self.response_times]
        return [
            ("sectors", self.sectors),
            ("regions", self.regions),
            ("nations", self.nations),
            ("overall", [self.overall]),
            ("capabilities", self.capabilities),
            ("exemptions", self.exemptions),
            ("response_times", km_summary),
            ("response_curve", km_points),
            ("lateness", self.lateness),
            ("extrapolation", self.extrapolation),
        ]


def build_tables(
    table: CodedTable,
    *,
    denominator: str = "valid",
    as_of: date | None = None,
    working_days: WorkingDays | None = None,
    population: Mapping[str, int] | None = None,
) -> StatsTables:
    """Compute every table. ``working_days(start, end, *, law)`` (the campaigns deadline engine) turns
    lateness into working days; without it lateness is in calendar days and labelled so.
    ``population`` overrides the register size per sector for extrapolation (default: requests)."""
    if denominator not in DENOMINATORS:
        raise ValueError(f"unknown denominator {denominator!r}; use one of {', '.join(DENOMINATORS)}")
    rows = table.rows
    by_sector = _groups(rows, lambda r: r.sector)
    sector_keys = _ordered(by_sector, SECTORS)

    sectors, regions, nations, capabilities = [], [], [], []
    for s in sector_keys:
        srows = by_sector[s]
        c = count_group(srows, denominator=denominator)
        sectors.append({"sector": s} | brand_row(c, denominator))
        capabilities.append({"sector": s} | capability_row(c))
        by_region = _groups(srows, lambda r: r.region or UNKNOWN_REGION)
        for reg in _ordered(by_region, (*REGIONS, UNKNOWN_REGION)):
            rc = count_group(by_region[reg], denominator=denominator)
            regions.append({"sector": s, "region": reg} | brand_row(rc, denominator))
        by_nation = _groups(srows, lambda r: r.nation or UNKNOWN_REGION)
        for nat in _ordered(by_nation, (*NATIONS, UNKNOWN_REGION)):
            nc = count_group(by_nation[nat], denominator=denominator)
            nations.append({"sector": s, "nation": nat} | brand_row(nc, denominator))
    all_by_nation = _groups(rows, lambda r: r.nation or UNKNOWN_REGION)
    for nat in _ordered(all_by_nation, (*NATIONS, UNKNOWN_REGION)):
        nc = count_group(all_by_nation[nat], denominator=denominator)
        nations.append({"sector": "all", "nation": nat} | brand_row(nc, denominator))
    all_by_region = _groups(rows, lambda r: r.region or UNKNOWN_REGION)
    for reg in _ordered(all_by_region, (*REGIONS, UNKNOWN_REGION)):
        rc = count_group(all_by_region[reg], denominator=denominator)
        regions.append({"sector": "all", "region": reg} | brand_row(rc, denominator))
    oc = count_group(rows, denominator=denominator)
    overall = {"sector": "all"} | brand_row(oc, denominator)
    capabilities.append({"sector": "all"} | capability_row(oc))

    as_of = as_of or survival.latest_date(rows)
    groups: dict[str, Sequence[CodedBody]] = {s: by_sector[s] for s in sector_keys} | {"all": rows}
    response_times = survival.response_time_tables(groups, as_of=as_of)
    lateness = survival.lateness_tables(groups, as_of=as_of, working_days=working_days)
    extrap = [e.to_json() for e in extrapolate.all_methods(rows, denominator=denominator, population=population)]

    meta = {
        "input": table.source_name,
        "input_sha256": table.source_sha256,
        "codebook_version": table.codebook_version,
        "method": method_text(denominator),
        "method_version": METHOD_VERSION,
        "denominator": denominator,
        "bodies": len(rows),
        "as_of": as_of.isoformat() if as_of else None,
        "lateness_unit": "working days" if working_days else "calendar days",
        "warnings": list(table.warnings),
    }
    return StatsTables(
        meta=meta, overall=overall, sectors=sectors, regions=regions, nations=nations,
        capabilities=capabilities, exemptions=exemption_rows(rows), response_times=response_times,
        lateness=lateness, extrapolation=extrap,
    )
