"""Inter-coder agreement for double-coded replies: Cohen's kappa per codebook field.

Cohen, J. (1960). "A coefficient of agreement for nominal scales". Educational and Psychological
Measurement 20(1): 37-46. kappa = (p_o - p_e) / (1 - p_e), where p_o is the observed share of items on
which the two coders agree and p_e the agreement expected by chance from each coder's marginal
distribution. A null answer ("the reply does not say") is a category of its own; list fields are
compared as sets. When both coders used one and the same category for every item, p_e = 1 and kappa is
undefined: it is reported as ``None`` ("n/a"), never as a fake 1 or 0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from whoswatching.coding.result import FIELDS as CODEBOOK_FIELDS

#: The codebook fields agreement is reported on (codebook.md), in its published order.
FIELDS = tuple(CODEBOOK_FIELDS)


def category(value: Any) -> str:
    """A comparable category for a field value: lists as sorted sets, null as its own category."""
    if value is None:
        return "null"
    if isinstance(value, list | tuple | set | frozenset):
        return "|".join(sorted({str(v).strip().lower() for v in value})) or "[]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip().lower()


@dataclass(frozen=True)
class FieldAgreement:
    field: str
    items: int
    agreed: int
    observed: float | None  # p_o
    expected: float | None  # p_e
    kappa: float | None  # None when undefined (p_e == 1) or no items

    def to_dict(self) -> dict:
        return {
            "field": self.field,
            "items": self.items,
            "agreed": self.agreed,
            "observed": self.observed,
            "expected": self.expected,
            "kappa": self.kappa,
        }


def cohen_kappa(first: Sequence[Any], second: Sequence[Any], *, field: str = "") -> FieldAgreement:
    """Cohen's kappa between two coders' answers to the same items (paired by position)."""
    if len(first) != len(second):
        raise ValueError(f"{field or 'field'}: the two coders rated {len(first)} and {len(second)} items")
    a = [category(v) for v in first]
    b = [category(v) for v in second]
    n = len(a)
    if n == 0:
        return FieldAgreement(field, 0, 0, None, None, None)
    agreed = sum(1 for x, y in zip(a, b, strict=True) if x == y)
    p_o = agreed / n
    count_a, count_b = Counter(a), Counter(b)
    p_e = sum(count_a[c] * count_b[c] for c in set(count_a) | set(count_b)) / (n * n)
    kappa = None if p_e >= 1.0 else (p_o - p_e) / (1.0 - p_e)
    return FieldAgreement(field, n, agreed, p_o, p_e, kappa)


def agreement_report(pairs: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]],
                     fields: Sequence[str] = FIELDS) -> list[FieldAgreement]:
    """Kappa for every field over pairs of (first coder's codes, second coder's codes)."""
    pairs = list(pairs)
    return [
        cohen_kappa([p[0].get(f) for p in pairs], [p[1].get(f) for p in pairs], field=f)
        for f in fields
    ]


def disagreements(first: Mapping[str, Any], second: Mapping[str, Any], fields: Sequence[str] = FIELDS) -> list[str]:
    """The fields on which two codings of one reply differ (these go to adjudication)."""
    return [f for f in fields if category(first.get(f)) != category(second.get(f))]
