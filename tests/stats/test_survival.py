from __future__ import annotations

import math

import pytest

from whoswatching.stats.survival import kaplan_meier, km_median


def test_kaplan_meier_textbook():
    # Kleinbaum & Klein, Survival Analysis (3rd ed.), group 1-like toy data: events at 6 (x3), 7, 10,
    # censored at 6, 9, 10; n = 8.
    obs = [(6, True)] * 3 + [(6, False), (7, True), (9, False), (10, True), (10, False)]
    pts = kaplan_meier(obs)
    assert [p.time for p in pts] == [6, 7, 9, 10]
    s6 = 1 - 3 / 8
    s7 = s6 * (1 - 1 / 4)
    s10 = s7 * (1 - 1 / 2)
    assert [p.survival for p in pts] == pytest.approx([s6, s7, s7, s10])
    assert [p.at_risk for p in pts] == [8, 4, 3, 2]
    # Greenwood: Var = S^2 * sum d / (n (n - d)); log-log interval contains S
    g7 = 3 / (8 * 5) + 1 / (4 * 3)
    se = math.sqrt(g7) / abs(math.log(s7))
    assert pts[1].lo == pytest.approx(s7 ** math.exp(1.959963984540054 * se))
    assert pts[1].lo < s7 < pts[1].hi
    assert km_median(pts) == 7


def test_all_censored_has_no_median():
    pts = kaplan_meier([(5, False), (9, False)])
    assert km_median(pts) is None
    assert pts[-1].survival == 1.0


def test_last_event_drops_to_zero():
    pts = kaplan_meier([(1, True), (2, True)])
    assert pts[-1].survival == 0.0 and pts[-1].lo is None
