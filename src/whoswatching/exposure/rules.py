"""The fingerprint rule database: YAML files under ``exposure/data/rules/``, validated here.

A rule reads one normalised column (:data:`whoswatching.exposure.records.RULE_FIELDS`), optionally
only on some ports, and matches one regular expression. When it fires it yields literal values or
templates over its capture groups (``"V{1} build {2}"``; a template whose groups are empty yields
nothing). ``maker`` is platform evidence (the maker's own firmware signature); ``brand`` is the label
as seen, which the catalogue's OEM evidence grades turn into a maker later (never for a weak grade).
Each rule carries examples that run as tests (``tests/exposure/test_rules.py``).

Patterns are written in the subset shared by RE2 (DuckDB), java.util.regex (Spark) and Python ``re``
(with ``re.ASCII``): :func:`check_portable` refuses the constructs whose meaning differs (``$``,
bare ``.``, look-around, back-references, named groups, possessive quantifiers, ``\\Z``/``\\A``,
``\\b`` and quotes, which the SQL literals cannot carry).
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from whoswatching.exposure.records import RULE_FIELDS

RULES_PACKAGE = "whoswatching.exposure.data.rules"
_TEMPLATE_GROUP = re.compile(r"\{(\d+)\}")
Product = Literal["camera", "nvr", "dvr", "xvr", "recorder", "video_device", "doorbell", "other"]
YIELDS = ("maker", "brand", "product", "model", "firmware", "serial", "mac", "uuid")


def check_portable(pattern: str) -> str:
    """Refuse regex constructs that RE2, Java and Python read differently (see module docstring)."""
    problems = []
    stripped = re.sub(r"\\.", "", pattern)  # drop escaped characters
    stripped_classes = re.sub(r"\[(?:\\.|[^\]\\])*\]", "", re.sub(r"\\.", "x", pattern))
    if "$" in stripped:
        problems.append("'$' (Java and Python also match before a final newline)")
    if "." in stripped_classes:
        problems.append("a bare '.' (Java excludes \\r and \\u0085; write [^\\r\\n] or \\.)")
    if "(?=" in pattern or "(?!" in pattern or "(?<" in pattern or "(?P" in pattern:
        problems.append("look-around or named groups")
    if re.search(r"\\[1-9]", pattern) or re.search(r"\\[ZAbBzG]", pattern):
        problems.append("back-references or \\A \\Z \\b \\B \\z \\G")
    if re.search(r"[*+?}]\+", stripped):
        problems.append("possessive quantifiers")
    if "'" in pattern:
        problems.append("a quote (write \\x27)")
    if problems:
        raise ValueError(f"pattern {pattern!r} is not portable: " + "; ".join(problems))
    re.compile(pattern, re.ASCII)
    return pattern


class Example(BaseModel):
    """A banner the rule is tested against; ``expect: null`` means the rule must not fire."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    banner: str
    port: int | None = None
    expect: dict[str, str | None] | None = None


class Rule(BaseModel):
    """One fingerprint: a field, a pattern, what it yields, its source and its examples."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.-]*$")
    field: str
    pattern: str
    ports: tuple[int, ...] = ()
    needs: tuple[str, ...] = Field((), description="pre-filter: the rule fires only if one of these "
                                   "literal substrings (case-sensitive) is in the field")
    maker: str | None = None
    brand: str | None = None
    product: Product | None = None
    model: str | None = None
    firmware: str | None = None
    serial: str | None = None
    mac: str | None = None
    uuid: str | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    source: str
    examples: tuple[Example, ...] = Field(min_length=1)

    @field_validator("field")
    @classmethod
    def _known_field(cls, value: str) -> str:
        if value not in RULE_FIELDS:
            raise ValueError(f"unknown field {value!r}; rules read {', '.join(RULE_FIELDS)}")
        return value

    @field_validator("pattern")
    @classmethod
    def _portable(cls, value: str) -> str:
        return check_portable(value)

    @field_validator("needs")
    @classmethod
    def _plain_literals(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for literal in value:
            if not literal or "'" in literal or "\\" in literal or not literal.isprintable():
                raise ValueError(f"needs literal {literal!r} must be printable, without quotes or backslashes")
        return value

    @model_validator(mode="after")
    def _groups_exist(self) -> Rule:
        groups = re.compile(self.pattern).groups
        for name in YIELDS:
            value = getattr(self, name)
            for number in _TEMPLATE_GROUP.findall(value or ""):
                if int(number) > groups or int(number) == 0:
                    raise ValueError(f"{self.id}: {name} uses group {{{number}}}, the pattern has {groups}")
        if not any(getattr(self, name) for name in YIELDS):
            raise ValueError(f"{self.id}: yields nothing")
        return self


class RuleSet(BaseModel):
    """All rules, in priority order (confidence descending, then file and position), with a version."""

    model_config = ConfigDict(frozen=True)
    version: str
    rules: tuple[Rule, ...]

    def by_id(self, rule_id: str) -> Rule:
        return next(rule for rule in self.rules if rule.id == rule_id)


def template_groups(value: str | None) -> list[int]:
    return [int(n) for n in _TEMPLATE_GROUP.findall(value or "")]


def template_parts(value: str) -> list[str | int]:
    """Split ``"V{1} build {2}"`` into ``["V", 1, " build ", 2]``."""
    parts: list[str | int] = []
    position = 0
    for match in _TEMPLATE_GROUP.finditer(value):
        if match.start() > position:
            parts.append(value[position:match.start()])
        parts.append(int(match.group(1)))
        position = match.end()
    if position < len(value):
        parts.append(value[position:])
    return parts


def _load_files(paths: list[tuple[str, str]]) -> RuleSet:
    rules: list[tuple[float, int, Rule]] = []
    digest = hashlib.sha256()
    seen: set[str] = set()
    for name, text in sorted(paths):
        digest.update(name.encode() + b"\0" + text.encode())
        data: dict[str, Any] = yaml.safe_load(text) or {}
        unknown = set(data) - {"rules", "about"}
        if unknown:
            raise ValueError(f"{name}: unknown top-level keys {sorted(unknown)}")
        for raw in data.get("rules", []):
            rule = Rule.model_validate(raw)
            if rule.id in seen:
                raise ValueError(f"{name}: duplicate rule id {rule.id}")
            seen.add(rule.id)
            rules.append((-rule.confidence, len(rules), rule))
    rules.sort(key=lambda item: (item[0], item[1]))
    return RuleSet(version=digest.hexdigest()[:12], rules=tuple(rule for _, _, rule in rules))


@cache
def load_rules(path: Path | None = None) -> RuleSet:
    """Load and validate every ``*.yaml`` rule file; the version is a hash of their contents."""
    if path is not None:
        return _load_files([(p.name, p.read_text("utf-8")) for p in sorted(path.glob("*.yaml"))])
    folder = resources.files(RULES_PACKAGE)
    return _load_files([(f.name, f.read_text("utf-8")) for f in folder.iterdir() if f.name.endswith(".yaml")])
