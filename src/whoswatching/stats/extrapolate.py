"""Extrapolation from respondents to every body in the register, each method with its assumptions.

Three methods, always printed side by side:

1. :func:`respondent_rate` - the seed's footnote 13 ("Headline findings > Summary"): "806 of 1,289 public
   bodies said they use Hikvision and/or Dahua, totalling 62.5%. If the same percentage was applied to all
   public bodies covered by this investigation this would extrapolate to 2,865 using the equipment.
   Allowing for a 10% drop in usage rates in the non-respondents provides an estimate of 2,580."
2. :func:`share_of_remaining` - the seed's schools analysis ("Appendix > Education > Analysis"): "If only
   half of the remaining schools [a 12.5% drop in users compared to respondent schools] use Hikvision or
   Dahua we would expect to find the number of schools using the Chinese brands exceeding 1,700."
3. :func:`nonresponse_adjusted` - a weighting-class non-response adjustment (Kalton & Flores-Cervantes
   2003, "Weighting methods", Journal of Official Statistics 19(2): 81-97; Little & Rubin 2019,
   *Statistical Analysis with Missing Data*, 3rd ed., section 3.3): within each sector x region cell,
   non-respondents are assumed to use the equipment at ``k`` times the respondents' rate. The central
   estimate takes k = 1 (missing at random within cells); the sensitivity range runs from k = 0.5 with
   each cell's Wilson lower bound to k = 1 with each cell's Wilson upper bound.

"Users" are bodies using Hikvision or Dahua (``either``); the rate is users over the chosen denominator
(``counts``), so bodies there with empty brand codes count as respondents without a known use, as in the
seed; bodies outside it (no reply, unknown reply status, refusals under ``valid``) are the ones
extrapolated to.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from whoswatching.stats.coded import CodedBody
from whoswatching.stats.counts import in_denominator
from whoswatching.stats.intervals import wilson_interval


@dataclass(frozen=True)
class Extrapolation:
    method: str
    reference: str
    estimate: float | None
    low: float | None = None
    high: float | None = None
    assumptions: tuple[str, ...] = ()
    inputs: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        r = lambda v: None if v is None else round(v, 1)  # noqa: E731
        return {
            "method": self.method,
            "reference": self.reference,
            "estimate": r(self.estimate),
            "low": r(self.low),
            "high": r(self.high),
            "assumptions": list(self.assumptions),
            "inputs": self.inputs,
        }


def respondent_rate(users: int, n: int, population: int, *, drop: float = 0.10) -> list[Extrapolation]:
    """Footnote 13: the respondents' rate applied to the whole register, then with a ``drop`` (relative)
    in the rate among the non-respondents."""
    rate = users / n if n else None
    inputs = {"users": users, "denominator": n, "population": population, "drop": drop}
    plain = Extrapolation(
        method="respondent rate applied to all (seed footnote 13)",
        reference="seed: Headline findings > Summary, footnote 13",
        estimate=None if rate is None else rate * population,
        assumptions=(
            "Every body in the register uses the equipment at the respondents' rate.",
            "Non-respondents and refusers are like respondents (no non-response bias).",
        ),
        inputs=inputs,
    )
    dropped = Extrapolation(
        method=f"respondent rate, {drop:.0%} lower among non-respondents (seed footnote 13)",
        reference="seed: Headline findings > Summary, footnote 13",
        estimate=None if rate is None else users + rate * (1 - drop) * (population - n),
        assumptions=(
            "Respondents' own answers are counted as they are.",
            f"Bodies without a usable answer use the equipment at {1 - drop:.0%} of the respondents' rate.",
            "The seed's 2,580 equals 90% of its 2,865, i.e. it also lowered the respondents' own count.",
        ),
        inputs=inputs,
    )
    return [plain, dropped]


def share_of_remaining(users: int, n: int, population: int, *, share: float = 0.5) -> Extrapolation:
    """Schools analysis: known users plus ``share`` of the bodies without a usable answer."""
    remaining = max(population - n, 0)
    return Extrapolation(
        method=f"known users + {share:.0%} of the remaining (seed schools analysis)",
        reference="seed: Appendix > Education > Analysis ('If only half of the remaining schools...')",
        estimate=users + share * remaining,
        assumptions=(
            f"{share:.0%} of bodies without a usable answer use the equipment, whatever the respondents' rate.",
            "Refusers count as remaining (the seed counted only non-respondents: 3,343 - 676 schools).",
        ),
        inputs={"users": users, "denominator": n, "population": population, "remaining": remaining, "share": share},
    )


def nonresponse_adjusted(
    cells: Sequence[tuple[str, int, int, int]], *, k_low: float = 0.5, k_high: float = 1.0
) -> Extrapolation:
    """Weighting-class estimate over ``(cell, users, n, population)``; cells with no usable answer borrow
    the pooled rate of all cells."""
    total_users = sum(c[1] for c in cells)
    total_n = sum(c[2] for c in cells)
    pooled = total_users / total_n if total_n else None
    est = low = high = 0.0
    borrowed = []
    for name, users, n, pop in cells:
        missing = max(pop - n, 0)
        if n:
            rate = users / n
            lo, hi = wilson_interval(users, n)  # type: ignore[misc]
        elif pooled is not None:
            rate = lo = hi = pooled
            borrowed.append(name)
        else:
            return Extrapolation(method="non-response adjusted (weighting classes)",
                                 reference="Kalton & Flores-Cervantes 2003; Little & Rubin 2019",
                                 estimate=None, assumptions=("No usable answers: nothing to extrapolate from.",))
        est += users + rate * missing
        low += users + lo * k_low * missing
        high += users + hi * k_high * missing
    assumptions = [
        "Within each sector x region cell, bodies without a usable answer use the equipment at the "
        "respondents' rate (missing at random within cells).",
        f"Sensitivity range: from {k_low:g} x the cell's Wilson 95% lower bound to {k_high:g} x its upper bound.",
    ]
    if borrowed:
        assumptions.append(f"{len(borrowed)} cell(s) had no usable answer and used the pooled rate.")
    return Extrapolation(
        method="non-response adjusted (weighting classes, sector x region)",
        reference="Kalton & Flores-Cervantes 2003; Little & Rubin 2019, section 3.3",
        estimate=est, low=low, high=high, assumptions=tuple(assumptions),
        inputs={"cells": len(cells), "users": total_users, "denominator": total_n,
                "population": sum(c[3] for c in cells), "k_low": k_low, "k_high": k_high},
    )


def all_methods(
    rows: Iterable[CodedBody], *, denominator: str = "valid", population: Mapping[str, int] | None = None
) -> list[Extrapolation]:
    """Every method for the whole register. ``population`` (sector -> register size) defaults to the
    number of rows per sector (each row is a body that was asked); a cell's population is scaled to match."""
    cells: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for r in rows:
        c = cells[(r.sector, r.region)]
        c[2] += 1
        if in_denominator(r, denominator):
            c[1] += 1
            c[0] += r.uses_either
    per_sector_rows: dict[str, int] = defaultdict(int)
    for (sector, _), c in cells.items():
        per_sector_rows[sector] += c[2]
    cell_list = []
    for (sector, region), (users, n, pop) in sorted(cells.items()):
        if population and sector in population and per_sector_rows[sector]:
            pop = round(pop * population[sector] / per_sector_rows[sector])
        cell_list.append((f"{sector}/{region or '?'}", users, n, max(pop, n)))
    users = sum(c[1] for c in cell_list)
    n = sum(c[2] for c in cell_list)
    pop = sum(c[3] for c in cell_list)
    return [*respondent_rate(users, n, pop), share_of_remaining(users, n, pop), nonresponse_adjusted(cell_list)]
