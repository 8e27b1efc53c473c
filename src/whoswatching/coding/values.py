"""Validate a person's corrected codes against the codebook (shared/docs/codebook.md) before storing them.

Pure. Takes loosely typed input (form strings or JSON) and returns clean values plus a list of errors
naming each bad field, so a correction is stored whole or not at all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from whoswatching.coding.result import FIELDS

KINDS = ("substantive", "partial", "refusal", "not_held", "acknowledgement", "clarification", "fee_notice",
         "portal_redirect", "out_of_office", "bounce", "other")
CAPABILITIES = ("face_detection", "face_recognition", "thermal", "demographic", "behavioural", "object_detection")
TRISTATE = ("uses_hikvision", "uses_dahua", "internet_connected")
FLAGS = ("refused", "ncnd", "not_held")
LISTS = ("other_chinese_brands", "oem_brands", "models", "capabilities_present", "capabilities_in_use", "exemptions")
EXEMPTION = re.compile(r"^(FOIA|FOISA|EIR|EISR) (s\d+[A-Z]?(\(\d+\))*(\([a-z]+\))*|\d+\(\d+\)(\([a-z]\))?)$")

_TRUE = {"true", "yes", "1", "y", "on"}
_FALSE = {"false", "no", "0", "n", "off"}
_NULL = {"", "null", "none", "unknown", "n/a"}


def _tristate(value: Any) -> tuple[bool | None, str | None]:
    if value is None or isinstance(value, bool):
        return value, None
    text = str(value).strip().lower()
    if text in _TRUE:
        return True, None
    if text in _FALSE:
        return False, None
    if text in _NULL:
        return None, None
    return None, f"{value!r} is not true, false or empty (unknown)"


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    items = [str(v) for v in value] if isinstance(value, list | tuple) else re.split(r"[;\n,]", str(value))
    return [item.strip() for item in items if item.strip()]


def clean_values(raw: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """(clean values for every codebook field, {field: error}) from a correction form or JSON."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    kind = str(raw.get("kind", FIELDS["kind"]) or "").strip()
    if kind not in KINDS:
        errors["kind"] = f"{kind!r} is not one of {', '.join(KINDS)}"
    clean["kind"] = kind
    for name in TRISTATE:
        clean[name], error = _tristate(raw.get(name))
        if error:
            errors[name] = error
    for name in FLAGS:
        value, error = _tristate(raw.get(name))
        clean[name] = bool(value)
        if error:
            errors[name] = error
    for name in LISTS:
        clean[name] = _list(raw.get(name))
    clean["models"] = sorted({m.upper().replace(" ", "") for m in clean["models"]})
    for name in ("capabilities_present", "capabilities_in_use"):
        bad = [c for c in clean[name] if c not in CAPABILITIES]
        if bad:
            errors[name] = f"unknown capabilities {', '.join(bad)}; use {', '.join(CAPABILITIES)}"
    if not set(clean["capabilities_in_use"]) <= set(clean["capabilities_present"]):
        errors["capabilities_in_use"] = "a capability in use must also be listed as present"
    bad = [e for e in clean["exemptions"] if not EXEMPTION.match(e)]
    if bad:
        errors["exemptions"] = f"write exemptions as 'FOIA s24(1)', 'FOISA s35(1)' or 'EIR 12(5)(a)': {', '.join(bad)}"
    count = raw.get("camera_count")
    if count in (None, ""):
        clean["camera_count"] = None
    else:
        try:
            clean["camera_count"] = int(str(count).replace(",", "").strip())
            if clean["camera_count"] < 0:
                raise ValueError
        except ValueError:
            errors["camera_count"] = f"{count!r} is not a whole number of cameras"
            clean["camera_count"] = None
    return clean, errors


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """Codebook fields whose value differs (lists compared as sets, case-insensitively)."""
    def norm(v: Any) -> Any:
        return sorted(str(x).lower() for x in v) if isinstance(v, list | tuple) else v

    return [f for f in FIELDS if norm(before.get(f, FIELDS[f])) != norm(after.get(f, FIELDS[f]))]
