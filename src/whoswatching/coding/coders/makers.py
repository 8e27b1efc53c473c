"""``uses_hikvision``, ``uses_dahua``, ``other_chinese_brands``, ``oem_brands`` (codebook).

Read from the body's own sentences only (never a quoted question, signature or disclaimer):

- a maker's name or alias, read with :func:`~whoswatching.coding.polarity.polarity` in its clause;
- a Hikvision/Dahua model number the catalogue identifies (``reply.notes["models"]``): true;
- a brand from the catalogue: listed in ``oem_brands`` when affirmed; it makes ``uses_<maker>`` true
  only when its evidence grade is strong, or medium for a brand the maker owns (HiLook, Imou). A weak
  grade, or a medium OEM link (Annke, truVision), never does: a false "yes" accuses a public body;
- a bare "Yes"/"No" answering the request's Hikvision or Dahua question (``scheme/request.yml``);
- "we do not use any Chinese-made cameras" and "we have no CCTV": false for both makers.

A maker affirmed anywhere is true (a reply may deny one site and affirm another: "we no longer buy
Hikvision, but 12 Hikvision cameras remain"); false needs a denial and no affirmation; otherwise null.
"""

from __future__ import annotations

import re

from whoswatching.coding.coders import Reply
from whoswatching.coding.polarity import HEDGE, NEG, POS, bare_answer, polarity
from whoswatching.coding.result import Code

TARGETS = ("Hikvision", "Dahua")
_CHINESE = re.compile(
    r"\bchinese(?:[- ](?:made|manufactured|owned|brands?|manufacturers?|companies|makers?|suppliers?))?\b|"
    r"\bmade in china\b|\b(?:manufacturers?|companies|makers?) (?:based|headquartered) in china\b|tsieineaidd",
    re.I,
)
_NO_CCTV = re.compile(
    r"\b(?:(?:do|does|did)(?: not|n't)|no longer) (?:have|operate|use|own|run)(?: any)? (?:cctv cameras?|cctv systems?|cctv|surveillance cameras?|cameras|camera systems?)"
    r"(?: (?:or|and) (?:cctv cameras?|cctv|surveillance cameras?|cameras|camera systems?))?(?=\s*(?:[.,;]|$|at all|on|in|or|and|,))|"
    r"\bhas no (?:cctv|cameras)\b|\bhave no (?:cctv|cameras)\b|\bthere (?:is|are) no (?:cctv|cameras)\b|"
    r"\bno cctv (?:cameras |systems? )?(?:are|is) (?:installed|in use|operated)",
    re.I,
)
#: "The answer to all of your questions is no": a "No" to every question of the request.
ALL_NO = re.compile(
    r"\b(?:the )?answers? to (?:all|each|every one|both) (?:of )?(?:your |the |these )?questions (?:is|are|would be) [\"'‘“]?no\b",
    re.I,
)
_CONF_BRAND = {"strong": 0.85, "medium": 0.75}


def _brand_counts(relation: str | None, grade: str | None) -> bool:
    """A brand stands for its maker: strong grade, or medium grade for a brand the maker owns."""
    return grade == "strong" or (grade == "medium" and relation == "own")


_LIST_JOIN = re.compile(r"^\s*(?:,|and|or|nor|/|&|,\s*(?:and|or|nor))\s*$", re.I)


def _groups(text: str, hits) -> list[tuple[int, int]]:
    """For each hit, the span of the list it belongs to ("Hikvision, Dahua or Uniview")."""
    spans: list[list[int]] = []
    owner: list[int] = []
    for i, (s, e, _name) in enumerate(hits):
        if i and _LIST_JOIN.match(text[hits[i - 1][1] : s]):
            spans[owner[-1]][1] = e
            owner.append(owner[-1])
        else:
            spans.append([s, e])
            owner.append(len(spans) - 1)
    return [(spans[o][0], spans[o][1]) for o in owner]


def _model_counts_as_maker(model: dict) -> bool:
    """A model number counts for its maker unless it is another label's model whose link to the maker is
    not strong enough (the same rule as for brand names: an OEM link must be strong, an own brand at
    least medium; a weak grade never counts)."""
    relation, grade = model.get("brand_relation"), model.get("brand_grade")
    if not model.get("brand") or relation is None:
        return True
    if relation == "oem":
        return grade == "strong"
    return grade in ("strong", "medium")


def code(reply: Reply, decided) -> list[Code]:
    pos: dict[str, list[tuple[tuple[int, int], float]]] = {t: [] for t in TARGETS}
    neg: dict[str, list[tuple[int, int]]] = {t: [] for t in TARGETS}
    others: dict[str, list[tuple[int, int]]] = {}
    oem: dict[str, list[tuple[int, int]]] = {}
    oem_info: dict[str, dict] = {}
    for model in reply.notes.get("models", {}).values():
        if not _model_counts_as_maker(model):
            continue
        if model["maker"] in TARGETS:
            pos[model["maker"]].append((model["span"], 0.95))
        elif model["maker"] in reply.lex.catalog.makers and reply.lex.catalog.makers[model["maker"]].chinese:
            others.setdefault(model["maker"], []).append(model["span"])
    for unit in reply.seg.units:
        text = unit.text
        span = (unit.start, unit.end)
        hits = reply.lex.find(text)
        named = set()
        for (_s, _e, name), (gs, ge) in zip(hits, _groups(text, hits), strict=True):
            maker_topic = name.maker.lower() in unit.topics or "other_chinese" in unit.topics
            p = polarity(text, gs, ge, answer=maker_topic and unit.lead, row=unit.row)
            if p is None and maker_topic:
                p = POS
            if p in (None, HEDGE):
                continue
            named.add(name.maker)
            if name.brand is None:
                if name.maker in TARGETS:
                    (pos[name.maker].append((span, 0.9)) if p == POS else neg[name.maker].append(span))
                elif name.chinese and p == POS:
                    others.setdefault(name.maker, []).append(span)
                continue
            if p != POS:
                continue
            if name.maker in TARGETS:
                oem.setdefault(name.brand, []).append(span)
                oem_info[name.brand] = {
                    "brand": name.brand,
                    "maker": name.maker,
                    "relation": name.relation,
                    "grade": name.grade,
                }
                if _brand_counts(name.relation, name.grade):
                    pos[name.maker].append((span, _CONF_BRAND[name.grade]))
            elif name.chinese:
                others.setdefault(name.maker, []).append(span)
        # "We do not use any Chinese-made cameras": a denial for both makers.
        for m in _CHINESE.finditer(text):
            if polarity(text, m.start(), m.end(), row=unit.row) == NEG:
                for t in TARGETS:
                    if t not in named:
                        neg[t].append(span)
        if ALL_NO.search(text):
            for t in TARGETS:
                if t not in named:
                    neg[t].append(span)
        if _NO_CCTV.search(text) and not hits:
            for t in TARGETS:
                neg[t].append(span)
        # A bare Yes/No answering the Hikvision or Dahua question.
        if unit.lead:
            answer = bare_answer(text)
            asked = [t for t in TARGETS if t.lower() in unit.topics]
            q = reply.seg.question_for(unit)
            if q is not None:  # quote the question with a bare "No" so the evidence reads on its own
                span = (q.start, unit.end)
            if answer is False and asked:
                for t in asked:
                    if t not in named:
                        neg[t].append(span)
            elif answer is True and len(asked) == 1 and asked[0] not in named:
                pos[asked[0]].append((span, 0.85))
    out: list[Code] = []
    for t in TARGETS:
        field = f"uses_{t.lower()}"
        if pos[t]:
            conf = max(c for _, c in pos[t])
            if neg[t]:
                conf = min(conf, 0.6)
            out.append(Code(field, True, conf, tuple(s for s, _ in pos[t])))
        elif neg[t]:
            out.append(Code(field, False, 0.85, tuple(neg[t])))
        else:
            out.append(Code(field, None, 0.7))
    out.append(
        Code("other_chinese_brands", sorted(others), 0.85 if others else 0.75, tuple(s for v in others.values() for s in v))
    )
    out.append(Code("oem_brands", sorted(oem), 0.8 if oem else 0.8, tuple(s for v in oem.values() for s in v)))
    out.append(Code("oem_makers", [oem_info[b] for b in sorted(oem_info)], 0.8))
    return out


__all__ = ["code", "TARGETS", "NEG", "POS"]
