"""Merging another organisation's coded results with ours, field by field, logging every disagreement.

Rules (chosen per import):

* ``any_affirmative``: the seed's rule for the Free Tibet data ("any affirmative answer is correct"):
  a yes from either side wins; otherwise a no from either side; otherwise unknown. Lists are united.
* ``ours_wins``: our value stands; theirs fills only what we do not know (null / empty).
* ``theirs_wins``: the mirror image, for a partner whose coding is the reference.

Unknown (null/empty) is never a disagreement with a known value; it is a gap that the other side fills.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

RULES = ("any_affirmative", "ours_wins", "theirs_wins")

#: Fields that are three-valued booleans (true / false / unknown) in the coded-results CSV.
BOOLEAN_FIELDS = ("responded", "refused", "uses_hikvision", "uses_dahua", "uses_other_chinese", "not_held", "ncnd",
                  "internet_connected")
LIST_FIELDS = ("capabilities", "capabilities_in_use", "exemptions", "other_chinese_brands", "oem_brands", "models")


@dataclass(frozen=True)
class Disagreement:
    body: str
    field: str
    ours: Any
    theirs: Any
    merged: Any


@dataclass
class MergeResult:
    row: dict
    disagreements: list[Disagreement] = field(default_factory=list)
    filled: list[str] = field(default_factory=list)  # fields where the partner filled our unknown


def _empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, list | tuple | set) and not value)


def _merge_bool(ours: bool | None, theirs: bool | None, rule: str) -> bool | None:
    if rule == "any_affirmative":
        if ours is True or theirs is True:
            return True
        if ours is False or theirs is False:
            return False
        return None
    first, second = (ours, theirs) if rule == "ours_wins" else (theirs, ours)
    return first if first is not None else second


def _merge_list(ours: list, theirs: list, rule: str) -> list:
    if rule == "any_affirmative":
        return sorted(set(ours or []) | set(theirs or []))
    first, second = (ours, theirs) if rule == "ours_wins" else (theirs, ours)
    return list(first) if first else list(second or [])


def merge_rows(body: str, ours: Mapping[str, Any], theirs: Mapping[str, Any], *, rule: str) -> MergeResult:
    """Merge one body's two codings under ``rule``; every field where both are known and differ is logged."""
    if rule not in RULES:
        raise ValueError(f"unknown merge rule {rule!r}; choose one of {', '.join(RULES)}")
    merged = dict(ours)
    result = MergeResult(merged)
    for name in sorted(set(ours) | set(theirs)):
        a, b = ours.get(name), theirs.get(name)
        if name in BOOLEAN_FIELDS:
            value = _merge_bool(a, b, rule)
        elif name in LIST_FIELDS:
            value = _merge_list(list(a or []), list(b or []), rule)
        else:
            value = a if not _empty(a) else b
            if rule == "theirs_wins" and not _empty(b):
                value = b
        merged[name] = value
        if _empty(a) and not _empty(b):
            result.filled.append(name)
        elif not _empty(a) and not _empty(b) and _norm(a) != _norm(b):
            result.disagreements.append(Disagreement(body, name, a, b, value))
    return result


def _norm(value: Any) -> Any:
    if isinstance(value, list | tuple | set):
        return sorted(str(v).lower() for v in value)
    if isinstance(value, str):
        return value.strip().lower()
    return value
