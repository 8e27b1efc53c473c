"""Published figures: a documented file format for tables and claims as a report printed them.

A published-figures file (YAML or JSON, format ``whoswatching-published/1``) has ``source`` (title,
publisher, date, the stated denominator and the quoted method), ``tables`` (raw counts and the
percentages *as printed*, strings so their precision is kept) and ``claims`` (figures quoted in the text,
each with candidate derivations from the tables' counts). ``data/published/seed-2022.yml`` transcribes the
seed's appendix tables and headline findings, each with its section. See ``stats/README.md``.
"""

from __future__ import annotations

import ast
import json
import operator
import re
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from whoswatching.stats.coded import SECTORS, normalise_region

FORMAT = "whoswatching-published/1"
SEED_FILE = "seed-2022.yml"

COUNT_FIELDS = ("requests", "responses", "refused", "hikvision", "dahua", "either", "other_chinese",
                "not_hikvision", "not_known")
CAPABILITY_FIELDS = ("any", "face_detection", "face_recognition", "thermal", "demographic", "behavioural",
                     "object_detection")
PRINTED_FIELDS = ("hikvision_pct", "dahua_pct", "either_pct")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    title: str
    publisher: str
    published: str
    file: str = ""
    stated_denominator: Literal["valid", "responses"] = "valid"
    method_quote: str = ""
    method_section: str = ""


class Row(_Strict):
    region: str | None = None
    counts: dict[str, int]
    printed: dict[str, str] = Field(default_factory=dict)

    @property
    def region_name(self) -> str | None:
        return None if self.region is None else normalise_region(self.region)


class Table(_Strict):
    table: str
    section: str
    kind: Literal["sector", "regions", "capabilities"]
    sector: str
    note: str = ""
    regions_expected: list[str] = Field(default_factory=list)
    rows: list[Row]

    @field_validator("sector")
    @classmethod
    def _sector(cls, v: str) -> str:
        if v not in SECTORS:
            raise ValueError(f"unknown sector {v!r}")
        return v

    def model_post_init(self, _: object) -> None:
        allowed = CAPABILITY_FIELDS if self.kind == "capabilities" else COUNT_FIELDS
        for row in self.rows:
            bad = set(row.counts) - set(allowed)
            if bad:
                raise ValueError(f"{self.table}: unknown count field(s) {sorted(bad)}; use {allowed}")
            bad = set(row.printed) - set(PRINTED_FIELDS)
            if bad:
                raise ValueError(f"{self.table}: unknown printed field(s) {sorted(bad)}; use {PRINTED_FIELDS}")
            for text in row.printed.values():
                parse_printed(text)
            if self.kind == "regions" and row.region is None:
                raise ValueError(f"{self.table}: every row of a regions table needs a region")
            if row.region is not None:
                row.region_name  # noqa: B018 - validates the region name


class Candidate(_Strict):
    label: str
    expr: str
    stated: bool = False
    verdict: Literal["other_denominator", "other_method"] = "other_denominator"


class Claim(_Strict):
    id: str
    section: str
    quote: str
    published: str
    comparison: Literal["eq", "approx", "gt", "ge", "lt", "le"] = "eq"
    tolerance: float = 0.0
    candidates: list[Candidate]


class PublishedFile(_Strict):
    format: Literal["whoswatching-published/1"]
    source: Source
    tables: list[Table]
    claims: list[Claim] = Field(default_factory=list)


_PRINTED = re.compile(r"^\s*(-?[\d,]*\.?\d+)\s*(%?)\s*$")


def parse_printed(text: str) -> tuple[float, int, bool]:
    """``"57.3%"`` -> (57.3, 1 decimal, is_percent); ``"2,865"`` -> (2865.0, 0, False)."""
    m = _PRINTED.match(text)
    if not m:
        raise ValueError(f"{text!r} is not a printed number like '57.3%' or '2,865'")
    number = m.group(1).replace(",", "")
    decimals = len(number.split(".")[1]) if "." in number else 0
    return float(number), decimals, bool(m.group(2))


class PublishedFileError(ValueError):
    """A published-figures file that cannot be read or does not follow ``whoswatching-published/1``;
    the message lists each problem as ``where: what`` (one per line)."""


def load_published(path: str | Path | None = None) -> PublishedFile:
    """Load and validate a published-figures file (YAML or JSON); the seed's transcription by default.

    Raises :class:`PublishedFileError` naming the line (syntax) or the field path (schema) of each problem.
    """
    try:
        if path is None:
            text = resources.files("whoswatching.stats").joinpath("data", "published", SEED_FILE).read_text("utf-8")
            data = yaml.safe_load(text)
        else:
            p = Path(path)
            text = p.read_text("utf-8")
            data = json.loads(text) if p.suffix.lower() == ".json" else yaml.safe_load(text)
    except UnicodeDecodeError as exc:
        raise PublishedFileError(f"not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8") from None
    except json.JSONDecodeError as exc:
        raise PublishedFileError(f"line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise PublishedFileError(f"{where}not valid YAML: {problem}") from None
    if not isinstance(data, dict):
        raise PublishedFileError("the file must be a mapping with 'format', 'source', 'tables' (and 'claims')")
    try:
        return PublishedFile.model_validate(data)
    except ValidationError as exc:
        lines = [
            f"{'.'.join(str(part) for part in err['loc']) or '(top level)'}: {err['msg']}"
            for err in exc.errors(include_url=False)
        ]
        lines.append("the format is in the stats README ('The published-figures format'); "
                     "whoswatching/stats/data/published/seed-2022.yml is a complete example")
        raise PublishedFileError("\n".join(lines)) from None


_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


class MissingFact(KeyError):
    """An expression names a count the tables do not give."""


def evaluate(expr: str, facts: dict[str, dict[str, float]]) -> float:
    """Evaluate ``+ - * /`` over numbers and ``GROUP.FIELD`` names (e.g. ``school.valid``), nothing else."""
    def ev(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return float(node.value)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            group = facts.get(node.value.id)
            if group is None or node.attr not in group:
                raise MissingFact(f"{node.value.id}.{node.attr}")
            return float(group[node.attr])
        raise ValueError(f"unsupported expression element {ast.dump(node)[:60]} in {expr!r}")

    return ev(ast.parse(expr, mode="eval"))
