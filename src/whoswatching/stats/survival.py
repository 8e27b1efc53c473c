"""Time to a reply as a Kaplan-Meier curve (open requests censored) and lateness against the deadline.

Kaplan, E. L. & Meier, P. (1958), "Nonparametric estimation from incomplete observations", JASA
53(282): 457-481: S(t) = prod over event times t_i <= t of (1 - d_i / n_i), where d_i replies arrive at
t_i among the n_i requests still open just before t_i. A request still open on the ``as_of`` date is
censored there: it counts in n_i until then and never as a reply. Here S(t) is the share of requests still
unanswered t calendar days after sending.

Pointwise 95% intervals use Greenwood's variance (Greenwood 1926, "The natural duration of cancer",
Reports on Public Health and Medical Subjects 33) on the log(-log S) scale (Kalbfleisch & Prentice 1980,
section 1.3), which keeps the bounds inside [0, 1].
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import Any

from whoswatching.stats.coded import CodedBody
from whoswatching.stats.intervals import Z95, Share


@dataclass(frozen=True, slots=True)
class KMPoint:
    time: float
    at_risk: int
    events: int
    censored: int
    survival: float
    lo: float | None
    hi: float | None


def kaplan_meier(observations: Iterable[tuple[float, bool]]) -> list[KMPoint]:
    """Kaplan-Meier estimate from ``(time, event)`` pairs (``event`` False = censored at ``time``).

    Returns one point per distinct time with an event or a censoring, in time order. Ties: events at a
    time are counted before the censorings at that time (the usual convention)."""
    obs = sorted(observations)
    n_at_risk = len(obs)
    s = 1.0
    greenwood = 0.0
    points: list[KMPoint] = []
    i = 0
    while i < len(obs):
        t = obs[i][0]
        d = c = 0
        while i < len(obs) and obs[i][0] == t:
            if obs[i][1]:
                d += 1
            else:
                c += 1
            i += 1
        if d:
            s *= 1 - d / n_at_risk
            greenwood = greenwood + d / (n_at_risk * (n_at_risk - d)) if n_at_risk > d else math.inf
        lo, hi = _loglog_ci(s, greenwood)
        points.append(KMPoint(time=t, at_risk=n_at_risk, events=d, censored=c, survival=s, lo=lo, hi=hi))
        n_at_risk -= d + c
    return points


def _loglog_ci(s: float, greenwood: float) -> tuple[float | None, float | None]:
    if s <= 0.0 or s >= 1.0 or math.isinf(greenwood) or greenwood == 0.0:
        return (None, None) if s <= 0.0 or math.isinf(greenwood) else (s, s)
    se = math.sqrt(greenwood) / abs(math.log(s))
    lo = s ** math.exp(Z95 * se)
    hi = s ** math.exp(-Z95 * se)
    return lo, hi


def km_median(points: Sequence[KMPoint]) -> float | None:
    """The first time the curve falls to 0.5 or below; None when it never does (too many still open)."""
    for p in points:
        if p.survival <= 0.5:
            return p.time
    return None


def latest_date(rows: Iterable[CodedBody]) -> date | None:
    """The latest date in the data: the default ``as_of`` (keeps output independent of today's date)."""
    dates = [d for r in rows for d in (r.requested_on, r.responded_on) if d]
    return max(dates) if dates else None


def _observations(rows: Iterable[CodedBody], as_of: date | None) -> tuple[list[tuple[float, bool]], int]:
    obs, skipped = [], 0
    for r in rows:
        if r.requested_on is None:
            continue
        if r.responded is True and r.responded_on is not None:
            obs.append((float((r.responded_on - r.requested_on).days), True))
        elif r.responded is False and as_of is not None and as_of >= r.requested_on:
            obs.append((float((as_of - r.requested_on).days), False))
        else:
            skipped += 1  # responded without a date, or unknown response status (not assumed open)
    return obs, skipped


def response_time_tables(groups: Mapping[str, Sequence[CodedBody]], *, as_of: date | None) -> list[dict[str, Any]]:
    """Per group (sectors, then "all"): the KM curve of days to reply, its median and counts."""
    out = []
    for key, group in groups.items():
        obs, skipped = _observations(group, as_of)
        if not obs:
            continue
        pts = kaplan_meier(obs)
        out.append({
            "sector": key,
            "requests_dated": len(obs),
            "replies": sum(1 for _, e in obs if e),
            "open_censored": sum(1 for _, e in obs if not e),
            "skipped": skipped,
            "median_days": km_median(pts),
            "still_open_at_20_days": _survival_at(pts, 20.0),
            "curve": [
                {"days": p.time, "at_risk": p.at_risk, "replies": p.events, "censored": p.censored,
                 "still_open": round(p.survival, 4),
                 "ci95": None if p.lo is None else [round(p.lo, 4), round(p.hi, 4)]}  # type: ignore[arg-type]
                for p in pts
            ],
        })
    return out


def _survival_at(points: Sequence[KMPoint], t: float) -> float | None:
    s = 1.0
    for p in points:
        if p.time > t:
            break
        s = p.survival
    return round(s, 4) if points else None


def lateness_tables(
    groups: Mapping[str, Sequence[CodedBody]],
    *,
    as_of: date | None,
    working_days: Callable[..., int] | None,
) -> list[dict[str, Any]]:
    """Replies after ``due_on``: how many and by how much (working days via the deadline engine when
    given, otherwise calendar days), plus requests still open past their due date on ``as_of``."""
    unit = "working days" if working_days else "calendar days"
    cache: dict[tuple[date, date, str], int] = {}
    out = []
    for key, group in groups.items():
        replied = late = overdue = 0
        any_due = False
        days: list[int] = []
        for r in group:
            due = r.due_on
            if due is None:
                continue
            any_due = True
            if r.responded is True and r.responded_on is not None:
                replied += 1
                if r.responded_on > due:
                    late += 1
                    days.append(_late_by(due, r.responded_on, r, working_days, cache))
            elif r.responded is False and as_of is not None and as_of > due:
                overdue += 1
        if not any_due:
            continue
        share = Share(late, replied)
        out.append({
            "sector": key,
            "unit": unit,
            "replies_with_due_date": replied,
            "late": late,
            "late_pct": share.pct_rounded(2),
            "late_ci95": share.ci_rounded(2),
            "median_lateness": median(days) if days else None,
            "max_lateness": max(days) if days else None,
            "open_overdue": overdue,
        })
    return out


def _late_by(due: date, replied: date, row: CodedBody, working_days: Callable[..., int] | None,
             cache: dict[tuple[date, date, str], int]) -> int:
    if working_days is None:
        return (replied - due).days
    law = row.law or ("foisa" if row.nation == "scotland" else "foia")
    key = (due, replied, law)
    if key not in cache:
        cache[key] = int(working_days(due, replied, law=law))
    return cache[key]
