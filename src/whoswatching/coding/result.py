"""A coded reply: the codebook fields (shared/docs/codebook.md), their evidence and confidence.

:class:`Code` is one coder's suggestion for one field: a value, a confidence from 0 to 1 and the spans
of the reply text that support it. :class:`CodedReply` gathers one per field and turns them into the
codebook's JSON object (:meth:`CodedReply.to_json`), the format of ``whoswatching coding code-file``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Version of the codebook this coder writes. Bump when a field's meaning or a rule changes, so stored
#: suggestions made under an older version can be found and re-coded.
CODEBOOK_VERSION = "1.0"

#: Codebook fields in their published order, with the value a reply that says nothing gets.
FIELDS: dict[str, Any] = {
    "kind": "other",
    "uses_hikvision": None,
    "uses_dahua": None,
    "other_chinese_brands": [],
    "oem_brands": [],
    "models": [],
    "camera_count": None,
    "capabilities_present": [],
    "capabilities_in_use": [],
    "internet_connected": None,
    "refused": False,
    "ncnd": False,
    "exemptions": [],
    "not_held": False,
}
#: Fields added beyond the codebook (allowed: "Add fields freely").
EXTRA_FIELDS: dict[str, Any] = {
    "capability_details": [],
    "oem_makers": [],  # [{"brand", "maker", "relation", "grade"}] behind each oem_brands entry
    "model_makers": [],  # [{"model", "maker", "kind", "capabilities"}] from catalogue identification
}

#: Fields whose false is an answer ("we do not use Hikvision"), quoted like a true.
TRI_STATE = ("uses_hikvision", "uses_dahua", "internet_connected")

#: Longest quote kept as evidence; longer spans are cut at a word boundary with an ellipsis.
MAX_QUOTE = 300


@dataclass(frozen=True)
class Code:
    """One field's suggested value, with supporting spans (start, end) into the reply text."""

    field: str
    value: Any
    confidence: float
    spans: tuple[tuple[int, int], ...] = ()


def quote(text: str, start: int, end: int) -> str:
    """The reply's words between two offsets, whitespace collapsed, cut to :data:`MAX_QUOTE`."""
    words = " ".join(text[start:end].split())
    if len(words) > MAX_QUOTE:
        words = words[:MAX_QUOTE].rsplit(" ", 1)[0] + " …"
    return words


def is_empty(value: Any) -> bool:
    return value is None or value is False or value == [] or value == ""


@dataclass
class CodedReply:
    """All fields of one reply. ``text`` is what the spans point into."""

    text: str
    codes: dict[str, Code] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def value(self, name: str) -> Any:
        code = self.codes.get(name)
        if code is not None:
            return code.value
        default = FIELDS.get(name, EXTRA_FIELDS.get(name))
        return list(default) if isinstance(default, list) else default

    def set(self, code: Code) -> None:
        self.codes[code.field] = code

    def to_json(self) -> dict[str, Any]:
        """The codebook object: every field, then ``evidence`` and ``confidence`` per field."""
        out: dict[str, Any] = {name: self.value(name) for name in FIELDS}
        for name in EXTRA_FIELDS:
            out[name] = self.value(name)
        evidence: dict[str, list[str]] = {}
        confidence: dict[str, float] = {}
        for name in (*FIELDS, *EXTRA_FIELDS):
            code = self.codes.get(name)
            confidence[name] = round(code.confidence, 2) if code else 0.5
            # Evidence for every non-empty value, and for a "no" of the true/false/null fields too.
            said = not is_empty(code.value) or (name in TRI_STATE and code.value is False) if code else False
            if code and said and code.spans:
                quotes: list[str] = []
                for s, e in sorted(set(code.spans)):
                    q = quote(self.text, s, e)
                    if q and q not in quotes:
                        quotes.append(q)
                evidence[name] = quotes
        out["evidence"] = evidence
        out["confidence"] = confidence
        out["codebook_version"] = CODEBOOK_VERSION
        if self.warnings:
            out["warnings"] = list(self.warnings)
        return out
