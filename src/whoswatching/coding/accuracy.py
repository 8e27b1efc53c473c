"""Score coded replies against hand labels: per-field accuracy and precision of a "yes".

A label is a codebook object written by a person (``tests/coding/corpus/*.json``). Lists are
compared as sets (order is not meaningful), everything else by equality. ``precision(field, True)``
is the share of the coder's ``true`` that the labels confirm: for ``uses_hikvision`` a false "yes"
accuses a public body, so it is watched on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from whoswatching.coding.result import FIELDS

SCORED_FIELDS = tuple(FIELDS)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b))
    return a == b


@dataclass
class Score:
    total: int = 0
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SCORED_FIELDS, 0))
    mistakes: list[tuple[str, str, Any, Any]] = field(default_factory=list)  # (case, field, got, expected)
    predicted_true: dict[str, int] = field(default_factory=dict)
    confirmed_true: dict[str, int] = field(default_factory=dict)

    def add(self, case: str, got: Mapping[str, Any], expected: Mapping[str, Any]) -> None:
        self.total += 1
        for name in SCORED_FIELDS:
            ok = _same(got.get(name), expected.get(name))
            if ok:
                self.correct[name] += 1
            else:
                self.mistakes.append((case, name, got.get(name), expected.get(name)))
            if got.get(name) is True:
                self.predicted_true[name] = self.predicted_true.get(name, 0) + 1
                if expected.get(name) is True:
                    self.confirmed_true[name] = self.confirmed_true.get(name, 0) + 1

    def accuracy(self) -> dict[str, float]:
        return {name: (self.correct[name] / self.total if self.total else 0.0) for name in SCORED_FIELDS}

    def precision_true(self, name: str) -> float:
        """Share of the coder's ``true`` for ``name`` that the labels confirm (1.0 when it said none)."""
        said = self.predicted_true.get(name, 0)
        return self.confirmed_true.get(name, 0) / said if said else 1.0


def score(pairs: Iterable[tuple[str, Mapping[str, Any], Mapping[str, Any]]]) -> Score:
    """Score (case id, coded, label) triples."""
    s = Score()
    for case, got, expected in pairs:
        s.add(case, got, expected)
    return s
