"""``models``: model numbers the body names, normalised and identified by the catalogue.

A token counts as a model number when the catalogue identifies it (``Catalog.identify``: Hikvision
``DS-2CD2143G2-I``, Dahua ``IPC-HFW2431S-S-S2``...), or when it has a model number's shape (letters and
digits, usually hyphenated) and the sentence or table row calls it a model ("model", "Model" column).
Quoted questions are never read. The identification's maker is left in ``reply.notes["models"]`` for
the makers coder: a Hikvision model number is a statement that the body uses Hikvision.
"""

from __future__ import annotations

import re

from whoswatching.coding.coders import Reply
from whoswatching.coding.polarity import NEG, polarity
from whoswatching.coding.result import Code

# Letters and digits with at least one digit and one letter, 5-40 characters, hyphens/slashes inside.
_CANDIDATE = re.compile(
    r"(?<![\w/-])(?=[\w/()+-]{0,40}\d)(?=[\w/()+-]{0,40}[A-Za-z])[A-Za-z0-9](?:[\w/+-]|\(\w{1,4}\)){3,38}(?<![-/])(?![\w/-])"
)
_MODEL_WORD = re.compile(r"\bmodels?\b|\bmodel (?:no|number)s?\b|\bpart (?:no|number)\b|\bmodel\t", re.I)
_NOT_MODEL = re.compile(
    r"^(?:FOI|EIR|REF|CRM|REQ|INC|CASE|SAR|FOISA|GDPR|ISO|BS|EN|IP\d\d|H\.?26[45]\+?|\d+(?:MP|TB|GB|MM|K|P)|"
    r"[A-Z]{1,2}\d{1,2}[A-Z]?|\d{1,2}(?:am|pm)|COVID-?19|\d+(?:st|nd|rd|th)|4K|1080P|720P|2MP|4MP|8MP|PoE|"
    r"Q\d+|A\d+|S\d+|s\d+|[A-Z]{1,2}\d{1,2}\s?\d[A-Z]{2})$",
    re.I,
)
_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$", re.I)
_REFERENCE = re.compile(r"^(?:FOI|EIR|REF|FOISA|IR|REQ|CASE)[-/ ]?\d", re.I)


def code(reply: Reply, decided) -> list[Code]:
    found: dict[str, list[tuple[int, int]]] = {}
    makers: dict[str, dict] = {}
    header_model_col: int | None = None
    for unit in reply.seg.units:
        text = unit.text
        if unit.row:
            cells = text.split("\t")
            lowered = [c.strip().lower() for c in cells]
            if any(c in ("model", "model no", "model number", "model no.", "part number") for c in lowered):
                header_model_col = next(
                    i for i, c in enumerate(lowered) if c in ("model", "model no", "model number", "model no.", "part number")
                )
                continue
        else:
            header_model_col = None
        model_context = bool(_MODEL_WORD.search(text)) or header_model_col is not None or "models" in unit.topics
        for m in _CANDIDATE.finditer(text):
            token = m.group(0)
            if _NOT_MODEL.match(token) or _REFERENCE.match(token) or _POSTCODE.match(token):
                continue
            if token.isdigit() or sum(ch.isdigit() for ch in token) < 2:
                continue
            norm, ident = reply.lex.identify(token)
            if ident is None and not (model_context and ("-" in token or len(token) >= 6)):
                continue
            if ident is None and header_model_col is not None:
                col = len(text[: m.start()].split("\t")) - 1
                if col != header_model_col:
                    continue
            if polarity(text, m.start(), m.end(), row=unit.row) == NEG:
                continue
            span = (unit.start + m.start(), unit.start + m.end())
            found.setdefault(norm, []).append(span)
            if ident is not None and norm not in makers:
                makers[norm] = {
                    "model": norm,
                    "maker": ident.maker,
                    "brand": ident.brand,
                    "brand_relation": ident.brand_relation,
                    "brand_grade": ident.brand_grade,
                    "kind": ident.kind,
                    "capabilities": list(ident.capabilities),
                    "span": span,
                }
    reply.notes["models"] = makers
    if not found:
        return [Code("models", [], 0.8), Code("model_makers", [], 0.8)]
    models = sorted(found)
    spans = tuple(s for v in found.values() for s in v)
    conf = 0.95 if all(m in makers for m in models) else 0.8
    model_makers = [{k: v for k, v in d.items() if k != "span"} for d in makers.values()]
    return [
        Code("models", models, conf, spans),
        Code("model_makers", model_makers, 0.9, tuple(d["span"] for d in makers.values())),
    ]
