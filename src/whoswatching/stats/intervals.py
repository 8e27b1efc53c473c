"""Proportions with their denominator and a Wilson score interval.

Wilson, E. B. (1927), "Probable inference, the law of succession, and statistical inference",
JASA 22(158): 209-212. The score interval keeps its coverage near the nominal 95% for small samples and
proportions near 0 or 1, where the Wald interval collapses (Brown, Cai & DasGupta 2001, Statistical
Science 16(2)). A zero denominator has no proportion: :class:`Share` then carries ``None`` and prints
``n/a`` - never a fake 0%.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: The 97.5% quantile of the standard normal distribution, for two-sided 95% intervals.
Z95 = 1.959963984540054


def wilson_interval(count: int, n: int, *, z: float = Z95) -> tuple[float, float] | None:
    """Wilson score interval for ``count`` successes out of ``n`` as proportions in [0, 1]; None if n == 0."""
    if n <= 0:
        return None
    if not 0 <= count <= n:
        raise ValueError(f"count {count} is outside 0..{n}")
    p = count / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = (z / (1 + z2 / n)) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    lo, hi = max(0.0, centre - half), min(1.0, centre + half)
    # Exact bounds at the edges (the formula gives them up to floating-point noise).
    if count == 0:
        lo = 0.0
    if count == n:
        hi = 1.0
    return lo, hi


@dataclass(frozen=True, slots=True)
class Share:
    """``count`` of ``n`` as a percentage (0-100) with a Wilson 95% interval; ``pct`` None when n == 0."""

    count: int
    n: int

    @property
    def pct(self) -> float | None:
        return None if self.n == 0 else 100.0 * self.count / self.n

    @property
    def ci95(self) -> tuple[float, float] | None:
        ci = wilson_interval(self.count, self.n)
        return None if ci is None else (100.0 * ci[0], 100.0 * ci[1])

    def pct_rounded(self, digits: int = 1) -> float | None:
        return None if self.pct is None else round(self.pct, digits)

    def ci_rounded(self, digits: int = 1) -> list[float] | None:
        ci = self.ci95
        return None if ci is None else [round(ci[0], digits), round(ci[1], digits)]

    def text(self, digits: int = 1) -> str:
        """``52.2% (48.4-56.0)`` or ``n/a`` for a zero denominator."""
        if self.pct is None:
            return "n/a"
        lo, hi = self.ci95  # type: ignore[misc]
        return f"{self.pct:.{digits}f}% ({lo:.{digits}f}–{hi:.{digits}f})"


def fmt_pct(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}%"
