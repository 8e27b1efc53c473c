from __future__ import annotations

import pytest

from whoswatching.stats.extrapolate import (
    all_methods,
    nonresponse_adjusted,
    respondent_rate,
    share_of_remaining,
)
from whoswatching.stats.fictional import fictional_bodies


def test_footnote_13_arithmetic():
    plain, dropped = respondent_rate(806, 1289, 4510)
    assert plain.estimate == pytest.approx(806 / 1289 * 4510)
    assert dropped.estimate == pytest.approx(806 + 0.9 * 806 / 1289 * (4510 - 1289))
    assert any("2,580" in a for a in dropped.assumptions)
    assert "footnote 13" in plain.reference


def test_schools_half_of_remaining_exceeds_1700():
    # the seed: 380 schools use either brand, 676 of 3,343 responded
    e = share_of_remaining(380, 676, 3343)
    assert e.estimate == pytest.approx(380 + 0.5 * (3343 - 676))
    assert e.estimate > 1700


def test_nonresponse_adjusted_range_brackets_estimate():
    cells = [("school/London", 30, 50, 400), ("school/Wales", 0, 0, 20), ("council/Wales", 9, 10, 22)]
    e = nonresponse_adjusted(cells)
    assert e.low < e.estimate < e.high
    pooled = 39 / 60
    assert e.estimate == pytest.approx(30 + 0.6 * 350 + pooled * 20 + 9 + 0.9 * 12)
    assert any("pooled" in a for a in e.assumptions)


def test_nonresponse_adjusted_with_no_answers_is_na():
    e = nonresponse_adjusted([("x", 0, 0, 10)])
    assert e.estimate is None


def test_all_methods_population_override():
    rows = fictional_bodies(500, seed=3)
    base = all_methods(rows)
    bigger = all_methods(rows, population={"school": 10_000})
    assert base[0].inputs["population"] == 500
    assert bigger[0].inputs["population"] > 10_000
    assert all(e.assumptions for e in base)
