"""Send-rate throttling: a sliding one-minute window overall and per recipient domain (pure, clock injected).

Public bodies' mail servers (often Microsoft 365 tenants shared by a whole council) rate-limit or greylist
a sender that floods one domain, and a burst of thousands of FOI requests from a new sender looks like spam.
So the sender spreads requests out: at most ``per_minute`` attempts in any 60 seconds overall, and at most
``per_domain_per_minute`` to any one recipient domain. A limit of 0 switches that limit off.

The worker asks :meth:`Throttle.allow` for each candidate; a saturated *domain* makes the worker skip that
message (it stays queued, untouched) so other domains proceed. Only a saturated *overall* limit makes the
worker wait, for :meth:`Throttle.wait_seconds`.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable

WINDOW_SECONDS = 60.0


class Throttle:
    """Sliding-window counters; ``clock`` returns seconds (monotonic in production, fake in tests)."""

    def __init__(
        self,
        *,
        per_minute: int = 0,
        per_domain_per_minute: int = 0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if per_minute < 0 or per_domain_per_minute < 0:
            raise ValueError("throttle limits must be >= 0 (0 switches a limit off)")
        self.per_minute = per_minute
        self.per_domain_per_minute = per_domain_per_minute
        self.clock = clock
        self._all: deque[float] = deque()
        self._domains: dict[str, deque[float]] = {}

    @property
    def enabled(self) -> bool:
        return bool(self.per_minute or self.per_domain_per_minute)

    @staticmethod
    def _trim(q: deque[float], horizon: float) -> None:
        while q and q[0] <= horizon:
            q.popleft()

    def _expire(self, now: float) -> None:
        horizon = now - WINDOW_SECONDS
        self._trim(self._all, horizon)
        for domain in [d for d, q in self._domains.items() if q and q[-1] <= horizon]:
            del self._domains[domain]
        for q in self._domains.values():
            self._trim(q, horizon)

    def overall_saturated(self) -> bool:
        if not self.per_minute:
            return False
        self._trim(self._all, self.clock() - WINDOW_SECONDS)
        return len(self._all) >= self.per_minute

    def domain_saturated(self, domain: str) -> bool:
        if not self.per_domain_per_minute:
            return False
        q = self._domains.get(domain.lower())
        if q is None:
            return False
        self._trim(q, self.clock() - WINDOW_SECONDS)
        return len(q) >= self.per_domain_per_minute

    def allow(self, domain: str) -> bool:
        """True when one more attempt to ``domain`` now stays within both limits (records nothing)."""
        return not self.overall_saturated() and not self.domain_saturated(domain)

    def record(self, domain: str, *, at: float | None = None) -> None:
        """Count one attempt to ``domain`` (at ``at`` seconds on the clock, default now); no-op when off."""
        if not self.enabled:
            return
        when = self.clock() if at is None else at
        self._all.append(when)
        self._domains.setdefault(domain.lower(), deque()).append(when)

    def saturated_domains(self) -> set[str]:
        """Domains that may not take another attempt right now."""
        self._expire(self.clock())
        if not self.per_domain_per_minute:
            return set()
        return {d for d, q in self._domains.items() if len(q) >= self.per_domain_per_minute}

    def wait_seconds(self, domains: Iterable[str] = ()) -> float:
        """Seconds until an attempt to one of ``domains`` (or to any domain, when empty) is allowed."""
        now = self.clock()
        self._expire(now)
        overall = 0.0
        if self.per_minute and len(self._all) >= self.per_minute:
            overall = self._all[len(self._all) - self.per_minute] + WINDOW_SECONDS - now
        wanted = [d.lower() for d in domains]
        if not wanted or not self.per_domain_per_minute:
            return max(overall, 0.0)
        per_domain = []
        for d in wanted:
            q = self._domains.get(d, deque())
            if len(q) < self.per_domain_per_minute:
                per_domain.append(0.0)
            else:
                per_domain.append(q[len(q) - self.per_domain_per_minute] + WINDOW_SECONDS - now)
        return max(overall, min(per_domain), 0.0)
