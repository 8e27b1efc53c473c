"""Pure modules: throttle (fake clock), retry policy, message building."""

from __future__ import annotations

import email
import random

import pytest

from whoswatching.outbox import mime
from whoswatching.outbox.backoff import RetryPolicy
from whoswatching.outbox.throttle import Throttle


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_throttle_overall_limit_and_window():
    clock = Clock()
    t = Throttle(per_minute=3, clock=clock)
    for _ in range(3):
        assert t.allow("a.gov.uk")
        t.record("a.gov.uk")
        clock.t += 1
    assert not t.allow("b.gov.uk")
    assert t.wait_seconds() == pytest.approx(57.0)
    clock.t += 57.0
    assert t.allow("b.gov.uk")


def test_throttle_saturated_domain_is_skipped_not_blocking():
    clock = Clock()
    t = Throttle(per_minute=100, per_domain_per_minute=2, clock=clock)
    t.record("northmoor.gov.uk")
    t.record("Northmoor.gov.uk")
    assert not t.allow("northmoor.gov.uk")
    assert t.allow("staldric.sch.uk")
    assert t.saturated_domains() == {"northmoor.gov.uk"}
    assert t.wait_seconds(["northmoor.gov.uk", "staldric.sch.uk"]) == 0.0
    assert t.wait_seconds(["northmoor.gov.uk"]) == pytest.approx(60.0)
    clock.t += 60.0
    assert t.allow("northmoor.gov.uk") and t.saturated_domains() == set()


def test_throttle_off():
    t = Throttle(clock=Clock())
    for _ in range(10_000):
        t.record("a.gov.uk")
    assert t.allow("a.gov.uk") and not t.enabled
    with pytest.raises(ValueError):
        Throttle(per_minute=-1)


def test_retry_policy_grows_caps_and_jitters():
    policy = RetryPolicy(base_seconds=60, max_seconds=3600, max_attempts=5, jitter=0.2)
    rng = random.Random(1)
    delays = [policy.delay(n, rng=rng) for n in range(1, 12)]
    assert 48 <= delays[0] <= 72
    assert 96 <= delays[1] <= 144
    assert all(d <= 3600 * 1.2 for d in delays)
    assert delays[-1] >= 3600 * 0.8
    assert not policy.exhausted(4) and policy.exhausted(5)
    with pytest.raises(ValueError):
        RetryPolicy(base_seconds=10, max_seconds=5)


def test_message_id_is_derived_from_key():
    assert mime.message_id_for("NBC-2026-0001.request", "ww.example") == "<NBC-2026-0001.request@ww.example>"
    odd = mime.message_id_for("NBC 2026/0001 request", "ww.example")
    assert odd.startswith("<NBC-2026-0001-request.") and odd.endswith("@ww.example>")
    assert odd != mime.message_id_for("NBC 2026/0001-request", "ww.example")


def test_address_parse_and_build():
    assert mime.address_parse("Northmoor FOI <FOI@Northmoor.gov.uk>") == ("FOI@Northmoor.gov.uk", "northmoor.gov.uk")
    for bad in ("", "no-at-sign", "a@localhost", "a@b.c\r\nBcc: x@y.z", "renée@northmoor.gov.uk"):
        with pytest.raises(mime.AddressError):
            mime.address_parse(bad)
    from datetime import UTC, datetime

    raw = mime.message_build(message_id="<k@d.example>", sender="foi@ww.example", to="foi@northmoor.gov.uk",
                             subject="FOI request", body="Line\n.dot\n", date=datetime(2026, 1, 5, tzinfo=UTC),
                             headers={"X-Request": "NBC-1"})
    msg = email.message_from_bytes(raw)
    assert msg["Message-ID"] == "<k@d.example>" and msg["X-Request"] == "NBC-1"
    assert b"\r\n" in raw
    with pytest.raises(ValueError):
        mime.message_build(message_id="<k@d>", sender="a@b.cd", to="c@d.ef", subject="s", body="b",
                           date=datetime(2026, 1, 5, tzinfo=UTC), headers={"Message-ID": "<x@y>"})
