"""From a table cell to the bodies counted in it, with their evidence quotes (pure: no Django).

Every public figure must trace to quoted text (product principle). At build time each coded body gets
the list of cells it is counted in, per denominator, using the same definitions as
``stats.counts.count_group`` (a test checks the two agree on every cell); the web page then only selects
bodies from the built ``drilldown.json`` and never recomputes a statistic inside a request.

Measures: ``requests``, ``responses``, ``response_unknown``, ``non_response`` (known not to have responded;
an unknown response is never a non-response), ``refused``, ``n`` (in the denominator), the brands (``hikvision``, ``dahua``,
``either``, ``other_chinese``, ``any_chinese``, ``brand_unknown``), ``any`` (any capability present),
each capability name, and ``<capability>_in_use``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from whoswatching.publishing.redaction import redact_text
from whoswatching.stats.coded import CAPABILITIES, CAPABILITY_LABELS, SECTOR_LABELS, CodedBody
from whoswatching.stats.counts import DENOMINATORS, in_denominator
from whoswatching.stats.tables import UNKNOWN_REGION

FORMAT = "whoswatching-drilldown/1"

#: What a body in the cell did, as the end of "<Sector> that ..." (the drill-down page's title).
MEASURE_LABELS: dict[str, str] = {
    "requests": "were sent a request",
    "responses": "responded",
    "response_unknown": "may have responded (not known)",
    "non_response": "did not respond",
    "refused": "refused some or all of the information",
    "valid": "responded and did not refuse",
    "n": "are in the denominator",
    "hikvision": "use Hikvision",
    "dahua": "use Dahua",
    "either": "use Hikvision and/or Dahua",
    "other_chinese": "use other Chinese-made brands",
    "any_chinese": "use any Chinese-made brand",
    "brand_unknown": "did not say which brands they use",
    "any": "have any listed analytics capability",
    **{c: f"have {CAPABILITY_LABELS[c].lower()} capability" for c in CAPABILITIES},
    **{f"{c}_in_use": f"use {CAPABILITY_LABELS[c].lower()}" for c in CAPABILITIES},
}
#: Measures whose membership depends on the denominator (the others are counts of requests/replies).
DENOMINATOR_MEASURES = frozenset(
    {"n", "hikvision", "dahua", "either", "other_chinese", "any_chinese", "brand_unknown", "any", *CAPABILITIES,
     *(f"{c}_in_use" for c in CAPABILITIES)})
#: Codebook fields as the page names them, in the order they are shown.
FIELD_LABELS: dict[str, str] = {
    "kind": "Kind of reply", "uses_hikvision": "Hikvision", "uses_dahua": "Dahua",
    "other_chinese_brands": "Other Chinese-made brands", "oem_brands": "Rebranded equipment", "models": "Models",
    "camera_count": "Number of cameras", "capabilities_present": "Capabilities present",
    "capabilities_in_use": "Capabilities in use", "capability_details": "Capability details",
    "internet_connected": "Internet connection", "refused": "Refusal", "ncnd": "Neither confirm nor deny",
    "exemptions": "Exemptions", "not_held": "Not held",
}

#: The codebook fields whose evidence explains each measure (shared/docs/codebook.md).
EVIDENCE_FIELDS: dict[str, tuple[str, ...]] = {
    "responses": ("kind",),
    "refused": ("refused", "exemptions", "ncnd", "kind"),
    "hikvision": ("uses_hikvision",),
    "dahua": ("uses_dahua",),
    "either": ("uses_hikvision", "uses_dahua"),
    "other_chinese": ("other_chinese_brands", "oem_brands"),
    "any_chinese": ("uses_hikvision", "uses_dahua", "other_chinese_brands", "oem_brands"),
    "any": ("capabilities_present", "capability_details"),
    **{c: ("capabilities_present", "capability_details") for c in CAPABILITIES},
    **{f"{c}_in_use": ("capabilities_in_use", "capability_details") for c in CAPABILITIES},
}
DIMENSIONS = ("sector", "region", "nation", "overall")
NATION_LABELS = {"england": "England", "scotland": "Scotland", "wales": "Wales",
                 "northern_ireland": "Northern Ireland", "uk": "UK-wide"}


def measures(row: CodedBody, denominator: str) -> list[str]:
    """The measures ``row`` is counted in under ``denominator`` (mirrors ``count_group``)."""
    out = ["requests"]
    if row.responded is None:  # unknown is never a non-response (stats.counts)
        return [*out, "response_unknown"]
    if row.responded is not True:
        return [*out, "non_response"]
    out.append("responses")
    if row.refused is True:
        out.append("refused")
    else:
        out.append("valid")
    if not in_denominator(row, denominator):
        return out
    out.append("n")
    h, d, o = row.uses_hikvision is True, row.uses_dahua is True, row.uses_other_chinese is True
    out += [name for name, on in (("hikvision", h), ("dahua", d), ("either", h or d), ("other_chinese", o),
                                  ("any_chinese", h or d or o)) if on]
    if row.uses_hikvision is None and row.uses_dahua is None:
        out.append("brand_unknown")
    if row.capabilities:
        out.append("any")
        out += [c for c in CAPABILITIES if c in row.capabilities]
        if row.capabilities_in_use:
            out += [f"{c}_in_use" for c in CAPABILITIES if c in row.capabilities_in_use]
    return out


def _clean_evidence(evidence: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, quotes in evidence.items():
        seen: list[str] = []
        for quote in quotes or ():
            text = redact_text(str(quote)).strip()
            if text and text not in seen:
                seen.append(text)
        if seen:
            out[str(name)] = seen
    return out


def drilldown_data(rows: Iterable[CodedBody], evidence: Mapping[str, Mapping[str, Iterable[str]]],
                   *, sources: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The ``drilldown.json`` document: every body, the cells it counts in, its redacted evidence.

    ``evidence`` maps a body id to its accepted codes' evidence (field -> quotes); quotes are redacted
    here (``redaction.redact``), so the file the public pages read never holds officers' details.
    ``sources`` maps a body id to where its codes came from (``accepted codes``, a partner import).
    """
    bodies = []
    for row in rows:
        bodies.append({
            "id": row.body_id,
            "name": row.body,
            "sector": row.sector,
            "region": row.region or UNKNOWN_REGION,
            "nation": row.nation,
            "kind": row.kind,
            "exemptions": list(row.exemptions),
            "measures": {d: measures(row, d) for d in DENOMINATORS},
            "evidence": _clean_evidence(evidence.get(row.body_id, {})),
            "source": (sources or {}).get(row.body_id, "accepted codes"),
        })
    return {"format": FORMAT, "bodies": bodies}


@dataclass(frozen=True)
class Cell:
    """One table cell: denominator, dimension, sector (or ``all``), group value and measure."""

    denominator: str
    dimension: str
    sector: str
    group: str
    measure: str

    def problems(self) -> list[str]:
        out = []
        if self.denominator not in DENOMINATORS:
            out.append(f"denominator must be one of {', '.join(DENOMINATORS)}")
        if self.dimension not in DIMENSIONS:
            out.append(f"dimension must be one of {', '.join(DIMENSIONS)}")
        if self.sector != "all" and self.sector not in SECTOR_LABELS:
            out.append("unknown sector")
        if self.measure not in MEASURE_LABELS:
            out.append("unknown measure")
        return out

    def describe(self) -> str:
        sector = "All bodies" if self.sector == "all" else SECTOR_LABELS.get(self.sector, self.sector)
        group = NATION_LABELS.get(self.group, self.group) if self.dimension == "nation" else self.group
        where = "" if self.dimension in ("sector", "overall") else f" in {group}"
        return f"{sector}{where} that {MEASURE_LABELS.get(self.measure, self.measure)}"


def select(data: Mapping[str, Any], cell: Cell) -> list[dict[str, Any]]:
    """The bodies of ``drilldown.json`` counted in ``cell`` (a selection, never a recount)."""
    out = []
    for body in data.get("bodies", []):
        if cell.sector != "all" and body["sector"] != cell.sector:
            continue
        if cell.dimension == "region" and body["region"] != cell.group:
            continue
        if cell.dimension == "nation" and body["nation"] != cell.group:
            continue
        if cell.measure not in body["measures"].get(cell.denominator, ()):
            continue
        fields = EVIDENCE_FIELDS.get(cell.measure)
        evidence = body["evidence"]
        shown = {k: v for k, v in evidence.items() if fields is None or k in fields} or evidence
        order = list(FIELD_LABELS)
        ranked = sorted(shown.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order), kv[0]))
        out.append({**body, "shown_evidence": ranked,
                    "evidence_labelled": [(FIELD_LABELS.get(k, k), v) for k, v in ranked]})
    return sorted(out, key=lambda b: b["name"].casefold())
