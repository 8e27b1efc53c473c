"""Retry policy for transient delivery failures: capped exponential back-off with jitter (pure).

RFC 5321 §4.5.4.1 asks a sender to retry a deferred message after at least 30 minutes and to keep
trying for 4-5 days; greylisting servers (RFC 6647) expect a retry within minutes. We start sooner
(default 60 s, so greylisting clears fast), double each time, cap the delay (default 6 hours) and add
±``jitter`` so a queue deferred by one outage does not come back as one burst. After ``max_attempts``
attempts that each ended in a 4xx reply, the message is failed permanently and shown to staff.
Connection failures (server down) never exhaust the attempts: the message stays deferred and is retried
at the capped interval until the server answers (issue 2: "requests stay queued, retried and visible").
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from whoswatching import config


@dataclass(frozen=True)
class RetryPolicy:
    base_seconds: float = field(default_factory=lambda: float(config.SEND_RETRY_BASE_SECONDS))
    max_seconds: float = field(default_factory=lambda: float(config.SEND_RETRY_MAX_SECONDS))
    max_attempts: int = field(default_factory=lambda: config.SEND_MAX_ATTEMPTS)
    factor: float = 2.0
    jitter: float = 0.2

    def __post_init__(self) -> None:
        if self.base_seconds <= 0 or self.max_seconds < self.base_seconds:
            raise ValueError("retry policy needs 0 < base_seconds <= max_seconds")
        if self.max_attempts < 1 or not 0 <= self.jitter < 1 or self.factor < 1:
            raise ValueError("retry policy needs max_attempts >= 1, 0 <= jitter < 1 and factor >= 1")

    def delay(self, attempts: int, *, rng: random.Random | None = None) -> float:
        """Seconds to wait after the ``attempts``-th failed attempt (1 = the first failure)."""
        exponent = max(attempts - 1, 0)
        raw = min(self.base_seconds * self.factor ** min(exponent, 64), self.max_seconds)
        spread = (rng or random).uniform(-self.jitter, self.jitter)
        return max(raw * (1 + spread), 1.0)

    def exhausted(self, attempts: int) -> bool:
        """True when a message that has failed ``attempts`` times (4xx replies) should be given up."""
        return attempts >= self.max_attempts
