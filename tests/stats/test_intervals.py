from __future__ import annotations

import pytest

from whoswatching.stats.intervals import Share, wilson_interval


@pytest.mark.parametrize(
    "count,n,lo,hi",
    [
        # Newcombe (1998), Statistics in Medicine 17: 857-872, table I (Wilson score, no continuity correction)
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_matches_newcombe(count, n, lo, hi):
    got = wilson_interval(count, n)
    assert got is not None
    assert got[0] == pytest.approx(lo, abs=1e-4)
    assert got[1] == pytest.approx(hi, abs=1e-4)


def test_full_and_empty():
    assert wilson_interval(10, 10)[1] == 1.0
    assert wilson_interval(0, 10)[0] == 0.0


def test_zero_denominator_is_na():
    s = Share(0, 0)
    assert s.pct is None and s.ci95 is None
    assert s.text() == "n/a"
    assert wilson_interval(0, 0) is None


def test_count_outside_range():
    with pytest.raises(ValueError):
        wilson_interval(5, 4)


def test_share_text():
    assert Share(1, 4).text() == "25.0% (4.6–69.9)"
