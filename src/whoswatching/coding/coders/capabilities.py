"""``capabilities_present``, ``capabilities_in_use``, ``capability_details`` (codebook mapping).

Each capability has phrases (below) read in the body's own sentences with the clause rules of
:mod:`whoswatching.coding.polarity`: "the cameras have face detection" is present, "none of our
cameras have facial recognition" is not, "we are considering thermal screening" says nothing.
A present capability is in use when its sentence says so ("enabled", "in use", "switched on") and not
when the sentence denies it ("not enabled", "switched off", "not in use"). Answers to question 5's
parts ("a) Yes", "c) No") map to the codebook order of the request (a face detection ... f object
detection); a bare "Yes"/"All" answering question 6 puts every present capability in use, "No"/"None"
none. Phrases are specific on purpose: "face-to-face meetings" or "facing the car park" are no faces.
"""

from __future__ import annotations

import re

from whoswatching.coding.coders import Reply
from whoswatching.coding.polarity import HEDGE, NEG, POS, bare_answer, polarity
from whoswatching.coding.result import Code

#: Codebook order; also the order of question 5's parts a) to f).
CAPABILITIES = ("face_detection", "face_recognition", "thermal", "demographic", "behavioural", "object_detection")

PHRASES: dict[str, re.Pattern[str]] = {
    "face_recognition": re.compile(
        r"\b(?:facial|face) (?:recognition|matching|identification)\b|\bface librar(?:y|ies)\b|\bfacecontrast\b|"
        r"\bwatch ?lists?\b|\bvip lists?\b|\bface comparison against\b|\badnabod wynebau\b",
        re.I,
    ),
    "face_detection": re.compile(
        r"\b(?:facial|face)[- ](?:detection|detecting|capture|capturing|picture comparison)\b|\bcanfod wynebau\b",
        re.I,
    ),
    "thermal": re.compile(
        r"\bthermal\b(?! (?:printers?|paper|insulation|comfort|efficiency|labels?|rolls?))|\btemperature (?:screening|checks?|checking|measurement|detection|scanning)\b|\bfever\b|"
        r"\bbody temperature\b|\bthermograph\w*\b|\bthermol\b",
        re.I,
    ),
    "demographic": re.compile(
        # Attributes of a person only when detected or classified ("equality regardless of age, gender
        # or ethnicity" is no capability).
        r"\bdemographic\b|\b(?:age|gender|sex|ethnicity|ethnic origin|race|skin (?:tone|colour))"
        r"(?:,? (?:and|or) (?:age|gender|sex|ethnicity|race))* (?:detection|recognition|classification|estimation|analysis|attributes?)\b|"
        r"\b(?:detect\w*|classif\w*|estimat\w*|recogni[sz]\w*|identif\w*|profil\w*) (?:a person's |people's |the )?(?:age|gender|sex|ethnicity|race)\b|"
        r"\bcanfod rhyw\b",
        re.I,
    ),
    "behavioural": re.compile(
        r"\bbehaviou?ral\b|\bloitering detection\b|\bloitering\b(?= (?:alarms?|alerts?|analytics?|events?))|"
        r"\bfight(?:ing)? detection\b|\bdetect\w* (?:fights?|fighting|violence|loitering)\b|\bviolence detection\b|\brunning detection\b|\bpeople gathering\b|"
        r"\bcrowd (?:detection|density|gathering|behaviou?r)\b|\bfall detection\b|\bqueue (?:detection|management)\b|"
        r"\bsudden (?:change|increase) (?:in|of) sound\b|\baudio exception\b|\bviolent motion\b|\bemotion\w*\b|\baggressi\w+ detection\b",
        re.I,
    ),
    "object_detection": re.compile(
        r"\bobject (?:detection|removal|classification)\b|\bunattended (?:bags?|baggage|objects?|items?|luggage)\b|"
        r"\babandoned (?:objects?|bags?|baggage)\b|\bobjects? left\b|\bleft luggage\b|\bremoved objects?\b|"
        r"\b(?:human|person|people)(?: and |/| or )vehicle (?:classification|detection)\b|\bvehicle(?: and |/| or )(?:human|person) (?:classification|detection)\b|"
        r"\b(?:face )?mask detection\b|\bhard hats?\b|\bhelmet detection\b",
        re.I,
    ),
}
DETAILS: dict[str, re.Pattern[str]] = {
    "anpr": re.compile(r"\banpr\b|\bnumber plate recognition\b|\blicen[cs]e plate recognition\b|\blpr\b", re.I),
    "heat_map": re.compile(r"\bheat ?maps?\b", re.I),
    "people_counting": re.compile(r"\bpeople counting\b|\bfootfall counting\b", re.I),
    "mask_detection": re.compile(r"\bmask detection\b", re.I),
    "line_crossing": re.compile(r"\bline[- ]crossing\b|\btripwire\b", re.I),
    "intrusion_detection": re.compile(r"\bintrusion detection\b", re.I),
    "loitering": re.compile(r"\bloiter\w*\b", re.I),
    "fight_detection": re.compile(r"\bfight(?:ing)? detection\b|\bviolent motion\b", re.I),
    "temperature_screening": re.compile(r"\btemperature (?:screening|checks?|measurement)\b|\bfever\b", re.I),
}
_NOT_IN_USE = re.compile(
    r"\bnot (?:currently |being |been )?(?:in use|used|enabled|activated|active|switched on|turned on|utilised|"
    r"utilized|configured|operational|licensed|in operation)\b|\b(?:disabled|switched off|turned off|deactivated)\b|"
    r"\bnever (?:been )?(?:used|enabled|activated)\b|\bnot using\b|\bdoes not use\b|\bdo not use\b|\bno longer (?:used|in use)\b|"
    r"\bnid yw\b.{0,20}\bdefnydd",
    re.I,
)
_IN_USE = re.compile(
    r"\b(?:in use|(?:is|are|was|were|being) used|we use|we also use|uses|enabled|activated|active|switched on|turned on|"
    r"utilised|utilized|operational|in operation|yn cael ei ddefnyddio)\b",
    re.I,
)
_PAST_USE = re.compile(r"\b(?:was|were) used\b|\bused to\b", re.I)
#: "It is still in use." after a sentence naming a capability: the use applies to that capability.
_PRONOUN_USE = re.compile(r"^\W*(?:it|this|these|they|this (?:function|feature|capability)|the (?:function|feature))\b", re.I)
_LETTER = re.compile(r"^\s*(?:\d{1,2}\s*)?\(?([a-f])[).]\s+", re.I)
_ALL = re.compile(r"^\W*(?:all(?: of them| of the above)?|yes)\b", re.I)


_PARTS = re.compile(r";|\bbut\b|\bhowever\b|\bwhereas\b|\bwhile\b|\bwhilst\b", re.I)


def _part(text: str, pos: int) -> str:
    """The part of a sentence around ``pos`` between ";"/"but"/"however" (in-use is read there first)."""
    start, end = 0, len(text)
    for m in _PARTS.finditer(text):
        if m.end() <= pos:
            start = m.end()
        elif m.start() > pos:
            end = m.start()
            break
    return text[start:end]


def code(reply: Reply, decided) -> list[Code]:
    present: dict[str, list[tuple[int, int]]] = {}
    in_use: dict[str, list[tuple[int, int]]] = {}
    not_used: set[str] = set()
    denied: set[str] = set()
    details: dict[str, list[tuple[int, int]]] = {}
    all_in_use: list[tuple[int, int]] = []
    none_in_use = False
    last_caps: list[str] = []
    for unit in reply.seg.units:
        text = unit.text
        span = (unit.start, unit.end)
        answer = unit.lead and bool(unit.topics & {"capabilities", "in_use"})
        lm = _LETTER.match(text) if "capabilities" in unit.topics else None
        if lm:
            cap = CAPABILITIES["abcdef".index(lm.group(1).lower())]
            rest = text[lm.end() :]
            tail = re.split(r"[-–—:\t?]|\s{2,}", rest, maxsplit=1)
            said = bare_answer(tail[-1] if len(tail) > 1 else rest)
            if said is True:
                present.setdefault(cap, []).append(span)
                if _NOT_IN_USE.search(rest):
                    not_used.add(cap)
                elif _IN_USE.search(rest):
                    in_use.setdefault(cap, []).append(span)
            elif said is False:
                denied.add(cap)
            continue
        hits = [(cap, m) for cap, rx in PHRASES.items() for m in rx.finditer(text)]
        for cap, m in hits:
            # A capability named in a reply is about the body's equipment unless hedged or denied.
            p = polarity(text, m.start(), m.end(), answer=answer, row=unit.row) or POS
            if p == HEDGE:
                continue
            if p == NEG:
                if not _NOT_IN_USE.search(text):
                    denied.add(cap)
                    continue
                # "Face detection is not used": the body has it but does not use it only if it says so.
                if not re.search(r"\b(?:capab\w+|available|ha(?:ve|s)|feature|function\w*|support\w*|built|include\w*)\b", text, re.I):
                    denied.add(cap)
                    continue
            present.setdefault(cap, []).append(span)
            part = _part(text, m.start())
            if not (_NOT_IN_USE.search(part) or _IN_USE.search(part)):
                part = text
            past = _PAST_USE.search(part)
            if _NOT_IN_USE.search(part) or (past and _NOT_IN_USE.search(text)):
                # "was used during COVID but has now been switched off": past use, not in use now.
                not_used.add(cap)
            elif _IN_USE.search(part) or ("in_use" in unit.topics and "capabilities" not in unit.topics and unit.lead):
                in_use.setdefault(cap, []).append(span)
        for name, rx in DETAILS.items():
            for m in rx.finditer(text):
                if polarity(text, m.start(), m.end(), answer=answer, row=unit.row) == POS:
                    details.setdefault(name, []).append(span)
        if not hits and _PRONOUN_USE.match(text) and last_caps:
            if _NOT_IN_USE.search(text):
                not_used.update(last_caps)
            elif _IN_USE.search(text):
                for cap in last_caps:
                    in_use.setdefault(cap, []).append(span)
        last_caps = [cap for cap, _m in hits if cap in present]
        if not hits and unit.lead and "in_use" in unit.topics:
            said = bare_answer(text)
            if said is False:
                none_in_use = True
            elif said is True or _ALL.match(text):
                all_in_use.append(span)
    for cap in list(present):
        if cap in denied and len(present[cap]) == 0:
            del present[cap]
    if all_in_use and not none_in_use:
        for cap, spans in present.items():
            if cap not in not_used:
                in_use.setdefault(cap, []).extend(spans + all_in_use)
    for cap in not_used:
        in_use.pop(cap, None)
    order = [c for c in CAPABILITIES if c in present]
    used = [c for c in CAPABILITIES if c in in_use and c in present]
    return [
        Code("capabilities_present", order, 0.8 if order else 0.75, tuple(s for c in order for s in present[c])),
        Code("capabilities_in_use", used, 0.75, tuple(s for c in used for s in in_use[c])),
        Code("capability_details", sorted(details), 0.7, tuple(s for v in details.values() for s in v)),
    ]
