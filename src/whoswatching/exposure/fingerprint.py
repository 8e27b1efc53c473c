"""Pure-Python classification of one normalised record with the rule set (the reference path).

The SQL engines (``compile.py`` + ``sql/classify.sql``) implement exactly this function over whole
tables; ``tests/exposure/test_engines.py`` checks both give the same answer on the labelled set.

Per record: every rule whose field matches fires; fired rules are taken in rule-set order
(confidence descending, then file order) and each yield is the first non-empty one. The maker is
the first rule ``maker``; else the maker of the brand seen if its evidence grade counts
(:mod:`.catalogue`); else the maker of the MAC prefix. ``rules`` lists the rule ids that fired, plus
``brand:<grade>`` or ``oui:<prefix>`` when those decided the maker.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import cached_property
from typing import Any

from whoswatching.exposure.catalogue import GRADE_FACTOR, OUI_FACTOR, Resolver, mac_key
from whoswatching.exposure.rules import YIELDS, Rule, RuleSet, template_parts


@dataclass(frozen=True)
class Classification:
    maker: str | None
    brand: str | None
    product: str | None
    model: str | None
    firmware: str | None
    serial: str | None
    mac: str | None
    uuid: str | None
    rules: tuple[str, ...]
    confidence: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def render(template: str | None, match: re.Match[str]) -> str | None:
    """Fill a yield template from a match; None when a referenced group is empty."""
    if template is None:
        return None
    out = []
    for part in template_parts(template):
        if isinstance(part, int):
            value = match.group(part)
            if not value:
                return None
            out.append(value)
        else:
            out.append(part)
    return "".join(out)


def normalise(name: str, value: str | None) -> str | None:
    """Post-processing shared with SQL: models upper-cased, MACs as 12 hex digits, all trimmed."""
    if value is None:
        return None
    value = value.strip(" ")
    if name == "model":
        value = value.upper()
    elif name == "mac":
        return mac_key(value)
    return value or None


class Classifier:
    """Apply a :class:`RuleSet` through a :class:`Resolver` to normalised rows."""

    def __init__(self, rules: RuleSet, resolver: Resolver) -> None:
        self.rules = rules
        self.resolver = resolver

    @cached_property
    def compiled(self) -> list[tuple[Rule, re.Pattern[str]]]:
        return [(rule, re.compile(rule.pattern, re.ASCII)) for rule in self.rules.rules]

    def classify(self, row: dict[str, Any]) -> Classification:
        fired: list[str] = []
        values: dict[str, str | None] = dict.fromkeys(YIELDS)
        confidence = 0.0
        for rule, regex in self.compiled:
            text = row.get(rule.field)
            if text is None or (rule.ports and row.get("port") not in rule.ports):
                continue
            if rule.needs and not any(literal in text for literal in rule.needs):
                continue
            match = regex.search(text)
            if match is None:
                continue
            fired.append(rule.id)
            confidence = max(confidence, rule.confidence)
            for name in YIELDS:
                if values[name] is None:
                    values[name] = normalise(name, render(getattr(rule, name), match))
        maker = values["maker"]
        if maker is None and values["brand"] is not None:
            found = self.resolver.brand_maker(values["brand"])
            if found is not None:
                maker = found[0]
                confidence = confidence * GRADE_FACTOR[found[1]]
                fired.append(f"brand:{found[1]}")
        if maker is None and values["mac"] is not None:
            maker = self.resolver.oui_maker(values["mac"])
            if maker is not None:
                confidence = confidence * OUI_FACTOR
                fired.append(f"oui:{values['mac'][:6]}")
        values["maker"] = maker
        return Classification(**values, rules=tuple(fired), confidence=confidence)
