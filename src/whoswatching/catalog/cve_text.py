"""Draft structured CVE ranges from the free text of a CVE record's affected/fixed fields.

The catalogue's ranges (``data/cve_ranges.yml``) are reviewed by a person; this module writes the first
draft for a new ``cves.csv`` row (``whoswatching catalog cve-draft CVE-ID``) so nobody starts from a blank
page. It reads the grammars the records use:

* ``DS-2CD2xx2F-I Series V5.2.0 build 140721 to V5.4.0 build 160530`` (Hikvision/ICS-CERT style),
* ``IPC-HX3XXX, SD49, ... with build time before June 2021`` and ``build time 2017/7 to 2021/7`` (Dahua),
* ``all versions up to and including V3.4.106 build 200422``.

Model wildcards become regex classes: ``x``/``X`` one letter or digit, Dahua's housing placeholder
``-HX`` any housing (``HFW``, ``HDBW``, ...). What it cannot read it leaves out and says so: an
unparsed segment gives no range, which can only ever yield ``likely``/``unknown``.
"""

from __future__ import annotations

import calendar
import csv
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from whoswatching.catalog.schema import AffectedRange

_VERSION = r"V?\d+(?:\.[0-9A-Z]+)+(?:-\d+)?(?:\s*build\s*\d{6})?"
_RANGE = re.compile(rf"(?P<lo>{_VERSION})\s+to\s+(?P<hi>{_VERSION})", re.IGNORECASE)
_UPTO = re.compile(rf"up to and including\s+(?P<hi>{_VERSION})", re.IGNORECASE)
_SINGLE = re.compile(r"\bV?\d+(?:\.\d+){1,3}\s*build\s*\d{6}\b", re.IGNORECASE)
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_BEFORE = re.compile(r"build time before (?P<month>[A-Za-z]+) (?P<year>\d{4})", re.IGNORECASE)
_WINDOW = re.compile(r"build time (?P<y1>\d{4})/(?P<m1>\d{1,2}) to (?P<y2>\d{4})/(?P<m2>\d{1,2})", re.IGNORECASE)
# a model-number token: letters then digits/wildcards, optional dashes; e.g. DS-2CD2xx2F-I, IPC-HX3XXX, SD49
_MODEL = re.compile(
    r"\b(?:DHI?-)?[A-Z]{2,}[A-Z0-9x]*(?:-[A-Z0-9x/]+)+"  # with dash parts: DS-2CD2xx2F-I, IPC-HX3XXX
    r"|\b[A-Z]{2,}\d[A-Z0-9x]*"  # letters then a digit: SD49, NVR5XXX, VTO75X95X
    r"|\b[A-Z]\d+[A-Z][A-Z0-9]*",  # one letter, digits, letters: N48PBB
    re.IGNORECASE,
)
_DAHUA_VERSION = re.compile(r"\bV?\d+\.\d{3}\.[0-9A-Z]{4,7}\.\d+\.[A-Z](?:\.\d{8})?\b", re.IGNORECASE)
_STOP = {"CVE", "ICSA", "HSRC", "NVR", "IPC", "XVR", "PTZ", "DVR", "KEV", "RCE", "CVSS"}


@dataclass
class Draft:
    """Ranges read from the text, and the segments that could not be read."""

    ranges: list[AffectedRange] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)


def model_regex(token: str) -> str:
    """Regex body (for re.match on normalised models) of one model token with wildcards.

    A lower-case ``x`` is always a wildcard (``DS-2CD2xx2F-I``, ``DS-2DFx``); an upper-case ``X`` is one
    after a digit or another wildcard (``IPC-HX3XXX``, ``NVR5XX``, ``VTO75X95X``) and literal otherwise
    (``XVR``). Dahua's ``IPC-HX`` stands for any housing code (``HFW``, ``HDW``, ``HDBW``, ...).
    """
    token = re.sub(r"(?i)\s*series$", "", token.strip()).strip("-")
    token = re.sub(r"(?i)^DHI?-", "", token)
    out: list[str] = []
    i = 0
    wild_before = False
    while i < len(token):
        if token[i - 3 : i].upper() == "IPC" and token[i : i + 3] == "-HX":
            out.append("-H[A-Z]{1,4}")
            i += 3
            wild_before = True
            continue
        ch = token[i]
        prev = token[i - 1] if i else ""
        in_run = token[i + 1 : i + 2] in ("X", "x") and ch == "X"
        if ch == "x" or (ch == "X" and (prev.isdigit() or wild_before or in_run)):
            run = 1
            while i + run < len(token) and token[i + run] in "xX":
                run += 1
            out.append("[0-9A-Z]" if run == 1 else f"[0-9A-Z]{{{run}}}")
            i += run
            wild_before = True
            continue
        out.append(re.escape(ch.upper()))
        wild_before = False
        i += 1
    return "".join(out)


def _month_start(year: str, month: str | int) -> date:
    return date(int(year), int(month), 1)


def _month_after(year: str, month: str) -> date:
    y, m = int(year), int(month)
    return date(y + (m == 12), m % 12 + 1, 1)


def _models(segment: str) -> list[str]:
    tokens = []
    for m in _MODEL.finditer(segment):
        tok = m.group(0)
        if tok.upper() in _STOP or re.fullmatch(_VERSION, tok, re.IGNORECASE) or not re.search(r"\d|X{2,}", tok):
            continue
        tokens.append(tok)
    return tokens


def draft_ranges(affected: str, fixed_in: str = "", *, dahua: bool = False) -> Draft:
    """Read ``affected`` (and ``fixed_in``) text into AffectedRange drafts; see the module docstring.

    ``dahua`` lets every pattern accept Dahua's optional ``DH-``/``DHI-`` prefix.
    """
    draft = Draft()
    pending: list[dict[str, object]] = []
    undated: list[dict[str, object]] = []  # segments since the last dated one: a date clause covers them
    text = re.sub(r"\b((?:DH-)?IPC)\s+HX", r"\1-HX", affected)  # "IPC HX5X3X" is written for IPC-HX5X3X
    for raw in (s.strip() for s in text.split(";")):
        if not raw:
            continue
        segment = _DAHUA_VERSION.sub(" ", _RANGE.sub(" ", raw))
        rng: dict[str, object] = {"model_text": raw}
        if m := _RANGE.search(raw):
            rng["min_version"], rng["max_version"] = m["lo"], m["hi"]
        elif m := _UPTO.search(raw):
            rng["max_version"] = m["hi"]
            segment = _UPTO.sub(" ", segment)
        else:  # named builds without a range: "firmware 2.2.10 build 131009", "V2.622.0000000.9.R"
            builds = [b.group(0) for b in _DAHUA_VERSION.finditer(raw)]
            builds += [b.group(0) for b in _SINGLE.finditer(_DAHUA_VERSION.sub(" ", raw))]
            if builds:
                rng["builds"] = tuple(builds)
                segment = _SINGLE.sub(" ", segment)
        dated = False
        if m := _BEFORE.search(raw):
            month = _MONTHS.get(m["month"].lower())
            if month:
                rng["build_before"] = _month_start(m["year"], month)
                dated = True
        elif m := _WINDOW.search(raw):
            rng["build_from"] = _month_start(m["y1"], m["m1"])
            rng["build_before"] = _month_after(m["y2"], m["m2"])
            dated = True
        models = _models(_BEFORE.sub(" ", _WINDOW.sub(" ", segment)))
        if dated:  # "a; b; c with build time before X" dates a and b as well (reviewers check the grouping)
            for p in undated:
                for key in ("build_from", "build_before"):
                    if key in rng:
                        p.setdefault(key, rng[key])
            undated = []
        if not models:
            if not dated:
                draft.unparsed.append(raw)
            continue
        bodies = list(dict.fromkeys(model_regex(t) for t in models))
        prefix = "^(DHI?-)?" if dahua else "^"
        rng["model_pattern"] = prefix + (bodies[0] if len(bodies) == 1 else "(" + "|".join(bodies) + ")")
        pending.append(rng)
        if not dated:
            undated.append(rng)
    fixed = fixed_in.strip()
    for rng in pending:
        if fixed and re.match(r"^V?\d+(\.\d+)+$", fixed):
            rng["fixed_in"] = fixed
        draft.ranges.append(AffectedRange.model_validate(rng))
    return draft


def draft_entry(cve_id: str, data: Path | None = None) -> dict[str, object]:
    """A draft ``cve_ranges.yml`` entry for a ``cves.csv`` row: maker and brand guessed from the vendor
    cell, ranges from :func:`draft_ranges`. Raises LookupError when the row does not exist."""
    from whoswatching.catalog.index import name_key  # the index imports the schema this module uses
    from whoswatching.catalog.load import DATA_DIR, read_sources

    root = Path(data) if data is not None else DATA_DIR
    with (root / "cves.csv").open(encoding="utf-8", newline="") as fh:
        row = next((r for r in csv.DictReader(fh) if r.get("cve", "").strip() == cve_id.strip().upper()), None)
    if row is None:
        raise LookupError(f"{cve_id} is not in {root / 'cves.csv'}; add the row first (with its source_url)")
    src = read_sources(root)
    makers = {name_key(n): m.name for m in src.makers for n in (m.name, *m.aliases)}
    brands = {name_key(n): b for b in src.brands for n in (b.name, *b.aliases)}
    vendor = row["vendor"]
    words = [vendor, vendor.split("(")[0], *vendor.replace("(", " ").replace(")", " ").split()]
    maker = next((makers[name_key(w)] for w in words if name_key(w) in makers), None)
    brand = next((brands[name_key(w)] for w in words if name_key(w) in brands), None)
    if maker is None and brand is not None:
        maker = brand.maker
    drafted = draft_ranges(row["affected"], row["fixed_in"], dahua=maker == "Dahua")
    entry: dict[str, object] = {"id": row["cve"], "maker": maker or f"FIXME: no maker matches {vendor!r}"}
    if brand is not None:
        entry["brand"] = brand.name
    entry["known_exploited"] = False
    if drafted.unparsed:
        entry["note"] = "DRAFT, not parsed: " + " | ".join(drafted.unparsed)
    entry["affected"] = [r.model_dump(mode="json", exclude_defaults=True) for r in drafted.ranges]
    return entry
